import { defineCommand, jsonLinesOption } from "../command.ts";
import { renderDeployProgress } from "../deploy/deploy-progress.ts";
import { usageError } from "../usage-error.ts";
import { changeConfig, renderConfigChange } from "./config-change.ts";

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `hop3 config:set APP K=V...`: saves config vars, then restarts the app with them. */
export const configSetCommand = defineCommand({
  name: "config:set",
  summary: "Set config vars of an app, then restart it with them through the health-checked switch",
  options: {
    json: jsonLinesOption,
    encoded: { type: "boolean", description: "Each VALUE is base64 (for values with newlines or bytes a shell mangles)" },
    "no-restart": { type: "boolean", description: "Only save; the values apply at the next deploy, rollback or restart" },
    stdin: { type: "boolean", description: "Read the KEY=VALUE pairs from stdin, one a line, instead of the command line (values then stay out of process lists)" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "KEY=VALUE", required: false, variadic: true, description: "A var to set; the value is everything after the first = (quote it for your shell)" },
  ],
  async run({ args, options, rest }, { client, io, progress }) {
    if (options.stdin === true && rest.length > 0) throw usageError("hop3 config:set: with --stdin, give every KEY=VALUE on stdin, none on the command line.", "config:set");
    // Words from stdin are named by their line only: a malformed one may be a value.
    const words = options.stdin === true ? stdinPairs(await io.readStdin()) : rest.map((word) => ({ word, shown: JSON.stringify(word.slice(0, 80)) }));
    if (words.length === 0) throw usageError(`hop3 config:set: missing argument KEY=VALUE${options.stdin === true ? " (stdin had none)" : ""}.`, "config:set");
    const set: Record<string, string> = {};
    for (const { word, shown } of words) {
      const at = word.indexOf("=");
      if (at < 1) throw usageError(`hop3 config:set: ${shown} is not KEY=VALUE.`, "config:set");
      const key = word.slice(0, at);
      let value = word.slice(at + 1);
      if (options.encoded === true) {
        if (!base64.test(value)) throw usageError(`hop3 config:set: the value of ${key} is not base64 (--encoded).`, "config:set");
        value = Buffer.from(value, "base64").toString("utf8");
      }
      set[key] = value;
    }
    return changeConfig(await client(), args.APP, { set, restart: options["no-restart"] !== true }, progress);
  },
  // The pairs travel on stdin: no value is in the argv of ssh here nor of anything on the server.
  async sshRemote({ args, options, rest }, io) {
    if (rest.some((word) => /[\r\n]/.test(word))) throw usageError("hop3 config:set: a value with a line break needs --encoded over SSH.", "config:set");
    const flags = [...(options.encoded === true ? ["--encoded"] : []), ...(options["no-restart"] === true ? ["--no-restart"] : []), ...(options.json === true ? ["--json"] : [])];
    const stdin = options.stdin === true ? await io.readStdin() : rest.map((word) => `${word}\n`).join("");
    return { args: [...flags, "--stdin", "--", args.APP], stdin };
  },
  render: renderConfigChange,
  renderProgress: renderDeployProgress,
  jsonLines: true,
});

/** The non-blank lines of stdin, each named by its number. */
function stdinPairs(text: string): { word: string; shown: string }[] {
  return text
    .split("\n")
    .map((line, index) => ({ word: line.replace(/\r$/, ""), shown: `line ${index + 1} of stdin` }))
    .filter(({ word }) => word.trim() !== "");
}
