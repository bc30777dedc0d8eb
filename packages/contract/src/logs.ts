import { Type, type Static } from "@sinclair/typebox";

/** Query of `GET /v1/apps/:app/logs`. */
export const LogsQuery = Type.Object(
  {
    lines: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 100, description: "Last lines to show of each instance (current and rotated files)" })),
    type: Type.Optional(Type.String({ maxLength: 100, description: "Only this process type's instances" })),
    follow: Type.Optional(Type.Boolean({ default: false, description: "Keep the response open and send new lines as they are written" })),
  },
  { additionalProperties: false },
);
export type LogsQuery = Static<typeof LogsQuery>;

/** One line of an instance's log, as streamed (one JSON object per line) by the logs route. */
export const LogLine = Type.Object({
  instance: Type.String({ description: "The instance that wrote it, e.g. web.1" }),
  line: Type.String(),
});
export type LogLine = Static<typeof LogLine>;

/** Content type of the logs stream: one LogLine per line. */
export const logLineContentType = "application/x-ndjson";
