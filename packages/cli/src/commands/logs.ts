import { apiPaths, type LogLine } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { readNdjson } from "../http/ndjson.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 logs APP [-p TYPE] [-n N] [-f]`: the app's instance logs, each line prefixed by its instance. */
export const logsCommand = defineCommand({
  name: "logs",
  summary: "Show an app's process logs (last lines of each instance; -f follows)",
  options: {
    process: { type: "string", short: "p", valueName: "TYPE", description: "Only this process type (e.g. web, worker)" },
    lines: { type: "string", short: "n", valueName: "N", description: "Last lines to show of each instance (default: 100)" },
    follow: { type: "boolean", short: "f", description: "Keep printing new lines as they are written (Ctrl-C ends)" },
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
        progress(value as LogLine);
      }
    } finally {
      body.destroy();
    }
    return { app: args.APP, count, followed: options.follow === true };
  },
  render: ({ app, count, followed }) => (followed ? "The server ended the log stream." : count === 0 ? `${app} has no log lines yet.` : ""),
  renderProgress: (entry: LogLine) => ({ stream: "stdout", text: `${entry.instance} | ${entry.line}` }),
});
