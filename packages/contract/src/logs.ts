import { Type, type Static } from "@sinclair/typebox";

/** Query of `GET /v1/apps/:app/logs`. */
export const LogsQuery = Type.Object(
  {
    lines: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 100, description: "Last lines to show of each instance (current and rotated files), then merged by time" })),
    type: Type.Optional(Type.String({ maxLength: 100, description: "Only this process type's instances" })),
    follow: Type.Optional(Type.Boolean({ default: false, description: "Keep the response open and send new lines as they are written" })),
    release: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999, description: "Only lines written by this release's instances (and the notes about them)" })),
  },
  { additionalProperties: false },
);
export type LogsQuery = Static<typeof LogsQuery>;

/** One line of an instance's log, as streamed (one JSON object per line) by the logs route. */
export const LogLine = Type.Object(
  {
    instance: Type.String({ description: "The instance that wrote it, e.g. web.1" }),
    time: Type.Optional(
      Type.Union([Type.String({ description: "When it was written: ISO-8601 UTC with milliseconds, e.g. 2026-11-23T14:05:01.123Z" }), Type.Null()], {
        description: "When the line was written; null for lines stored before per-line timestamps (absent from servers before them)",
      }),
    ),
    release: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: "The release whose instance wrote the line; null for lines stored without one (before per-line release tags, absent from servers before them)",
      }),
    ),
    line: Type.String({ description: "The line as the instance wrote it, without its timestamp and release tag" }),
  },
  { $id: "LogLine" },
);
export type LogLine = Static<typeof LogLine>;

/** Content type of the logs stream: one LogLine per line. */
export const logLineContentType = "application/x-ndjson";
