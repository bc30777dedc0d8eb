import { apiPaths, type LogLine } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { readNdjson } from "../http/ndjson.ts";
import { usageError } from "../usage-error.ts";

/**
 * `hop3 logs APP [-p TYPE] [-n N] [-r N] [-f] [--no-timestamps] [--json]`: the app's instance
 * logs merged by time, each line prefixed by when it was written, its instance and its release. `-t/--tail`
 * and `--num` are Heroku's and Dokku's names for `-f` and `-n`.
 */
export const logsCommand = defineCommand({
  name: "logs",
  summary: "Show an app's process logs (last lines of each instance, merged by time; -f follows)",
  options: {
    process: { type: "string", short: "p", valueName: "TYPE", description: "Only this process type (e.g. web, worker)" },
    lines: { type: "string", short: "n", valueName: "N", description: "Last lines to show of each instance, merged by time (default: 100)" },
    num: { type: "string", valueName: "N", description: "The same as -n (Heroku's and Dokku's name)" },
    follow: { type: "boolean", short: "f", description: "Keep printing new lines as they are written (Ctrl-C ends)" },
    tail: { type: "boolean", short: "t", description: "The same as -f (Heroku's and Dokku's name)" },
    release: { type: "string", short: "r", valueName: "N", description: "Only lines written by release N's instances (and Hop3's notes about them)" },
    "no-timestamps": { type: "boolean", description: "Leave out the time (UTC) at the start of each line" },
    json: { type: "boolean", description: "Print each line as a JSON document {instance, time, release, line}, one a line (NDJSON)" },
  },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args, options }, { client, progress }) {
    if (options.lines !== undefined && options.num !== undefined) throw usageError("hop3 logs: give -n or --num, not both.", "logs");
    const given = options.lines ?? options.num;
    const lines = given === undefined ? 100 : Number(given);
    if (!Number.isInteger(lines) || lines < 0) throw usageError(`"${given}" is not a number of lines.`, "logs");
    const follow = options.follow === true || options.tail === true;
    const query = new URLSearchParams({ lines: String(lines) });
    if (options.process !== undefined) query.set("type", options.process);
    if (options.release !== undefined) {
      const release = Number(options.release.replace(/^v/, ""));
      if (!Number.isInteger(release) || release < 1) throw usageError(`"${options.release}" is not a release number (see \`hop3 releases ${args.APP}\`).`, "logs");
      query.set("release", String(release));
    }
    if (follow) query.set("follow", "true");
    const body = await (await client()).stream(`${apiPaths.logs(args.APP)}?${query.toString()}`);
    let count = 0;
    try {
      for await (const value of readNdjson(body)) {
        count += 1;
        const entry = value as LogLine;
        progress(options["no-timestamps"] === true ? { ...entry, time: null } : entry);
      }
    } finally {
      body.destroy();
    }
    return { app: args.APP, count, followed: follow };
  },
  // Every line was printed as it came; the JSON is those lines, nothing more.
  renderJson: () => "",
  renderJsonProgress: (entry: LogLine) => ({ stream: "stdout", text: JSON.stringify(entry) }),
  render: ({ app, count, followed }) => (followed ? "The server ended the log stream." : count === 0 ? `${app} has no log lines yet.` : ""),
  // A line stored before per-line timestamps (or from an older server) has no time to show.
  // The release tag tells an old or failed release's instance apart from the serving one's.
  renderProgress: (entry: LogLine) => ({ stream: "stdout", text: `${entry.time ? `${entry.time} ` : ""}${entry.instance}${entry.release ? ` v${entry.release}` : ""} | ${entry.line}` }),
});
