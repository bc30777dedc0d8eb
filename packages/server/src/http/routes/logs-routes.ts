import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, Hop3Error, LogLine, LogsQuery, logLineContentType } from "@hop3/contract";
import { instanceLogs } from "../../logs/app-logs.ts";
import { followLines, recentLines } from "../../logs/app-log-lines.ts";
import { stopFollowingWhenGone } from "../stream-guard.ts";

/** What the logs route needs: that the app exists, and where its logs are. */
export interface LogsRoutesDeps {
  readonly require: (app: string) => unknown;
  readonly logDir: (app: string) => string;
  /** The process types of the app's current release (none when it was never deployed). */
  readonly processTypes: (app: string) => readonly string[];
  /** Whether the app has (or had) a release of this number. */
  readonly hasRelease: (app: string, release: number) => boolean;
}

const secured = { tags: ["apps"], security: [{ bearer: [] }] };

export function logsRoutes(app: FastifyInstance, deps: LogsRoutesDeps): void {
  app.addSchema(LogLine);
  app.get<{ Params: Static<typeof AppParams>; Querystring: LogsQuery }>("/v1/apps/:app/logs", {
    config: { permission: "app:read" },
    schema: {
      ...secured,
      summary: "An app's instance logs: the last lines of each instance merged by time, then (with follow) new lines as they are written",
      description: `Response: ${logLineContentType}, one LogLine ({instance, time, release, line}) per line, ordered by time (each instance's lines keep their order; lines stored before per-line timestamps have time null and go with the line before them).`,
      params: AppParams,
      querystring: LogsQuery,
      response: {
        200: { description: "Stream of log lines, one LogLine per line", content: { [logLineContentType]: { schema: Type.Ref(LogLine) } } },
        401: Type.Ref(ErrorResponse),
        404: Type.Ref(ErrorResponse),
      },
    },
    handler: async (request, reply) => {
      deps.require(request.params.app);
      const { lines = 100, type, follow = false, release } = request.query;
      if (type !== undefined) checkType(deps, request.params.app, type);
      if (release !== undefined && !deps.hasRelease(request.params.app, release)) {
        throw new Hop3Error("RELEASE_NOT_FOUND", `App "${request.params.app}" has no release ${release} to show logs of.`);
      }
      const logs = instanceLogs(deps.logDir(request.params.app), type);
      const out = new PassThrough();
      const send = (entry: LogLine) => {
        if (!out.writableEnded) out.write(`${JSON.stringify(entry)}\n`);
      };
      for (const entry of recentLines(logs, lines, release)) send(entry);
      if (!follow) {
        out.end();
      } else {
        const ofRelease = (entry: LogLine) => release === undefined || entry.release === release;
        const follower = followLines(logs, (entries) => entries.filter(ofRelease).forEach(send), 200);
        // Following ends when the client goes away, the server closes, or the caller may no longer
        // read the app's logs (token revoked, role taken away).
        stopFollowingWhenGone(request, follower, out);
        // A quiet app writes nothing for a while: the client learns at once that it is following.
        reply.raw.once("pipe", () => reply.raw.flushHeaders());
      }
      return reply.status(200).header("content-type", logLineContentType).header("cache-control", "no-store").send(out);
    },
  });
}

/**
 * A type is known when the current release runs it, an earlier one left its logs, or it is
 * `cron`; anything else is a typo, named rather than answered with no lines.
 */
function checkType(deps: LogsRoutesDeps, app: string, type: string): void {
  const logged = instanceLogs(deps.logDir(app)).map((log) => log.instance.split(".")[0] ?? "");
  const known = [...new Set([...deps.processTypes(app), ...logged])].sort();
  if (type === "cron" || known.includes(type)) return;
  const list = known.length > 0 ? `its types: ${known.join(", ")}` : "it has run no process yet";
  throw new Hop3Error("PROCESS_TYPE_UNKNOWN", `App "${app}" has no process type ${JSON.stringify(type.slice(0, 80))} to show logs of (${list}).`);
}
