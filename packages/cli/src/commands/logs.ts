import { apiPaths, type LogLine } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { readNdjson } from "../http/ndjson.ts";
import { usageError } from "../usage-error.ts";

/**
 * `hop3 logs APP [-p TYPE] [-n N] [-f] [--no-timestamps]`: the app's instance logs merged by
 * time, each line prefixed by when it was written and by its instance.
 */
export const logsCommand = defineCommand({
  name: "logs",
  summary: "Show an app's process logs (last lines of each instance, merged by time; -f follows)",
  options: {
    process: { type: "string", short: "p", valueName: "TYPE", description: "Only this process type (e.g. web, worker)" },
    lines: { type: "string", short: "n", valueName: "N", description: "Last lines to show of each instance, merged by time (default: 100)" },
    follow: { type: "boolean", short: "f", description: "Keep printing new lines as they are written (Ctrl-C ends)" },
    "no-timestamps": { type: "boolean", description: "Leave out the time (UTC) at the start of each line" },
  },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args, options }, { client, progress }) {
    const lines = options.lines === undefined ? 100 : Number(options.lines);
    if (!Number.isInteger(lines) || lines < 0) throw usageError(`"${options.lines}" is not a number of lines.`, "logs");
    const query = new URLSearchParams({ lines: String(lines) });
    if (options.process !== undefined) query.set("type", options.process);
    if (options.follow === true) query.set("follow", "true");
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
    return { app: args.APP, count, followed: options.follow === true };
  },
  render: ({ app, count, followed }) => (followed ? "The server ended the log stream." : count === 0 ? `${app} has no log lines yet.` : ""),
  // A line stored before per-line timestamps (or from an older server) has no time to show.
  renderProgress: (entry: LogLine) => ({ stream: "stdout", text: `${entry.time ? `${entry.time} ` : ""}${entry.instance} | ${entry.line}` }),
});
