import { defineCommand } from "../command.ts";
import { renderDeployProgress } from "../deploy/deploy-progress.ts";
import { usageError } from "../usage-error.ts";
import { changeConfig, renderConfigChange } from "./config-change.ts";

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `hop3 config:set APP K=V...`: saves config vars, then restarts the app with them. */
export const configSetCommand = defineCommand({
  name: "config:set",
  summary: "Set config vars of an app, then restart it with them through the health-checked switch",
  options: {
    encoded: { type: "boolean", description: "Each VALUE is base64 (for values with newlines or bytes a shell mangles)" },
    "no-restart": { type: "boolean", description: "Only save; the values apply at the next deploy, rollback or restart" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "KEY=VALUE", required: true, variadic: true, description: "A var to set; the value is everything after the first = (quote it for your shell)" },
  ],
  async run({ args, options, rest }, { client, progress }) {
    const set: Record<string, string> = {};
    for (const word of rest) {
      const at = word.indexOf("=");
      if (at < 1) throw usageError(`hop3 config:set: ${JSON.stringify(word.slice(0, 80))} is not KEY=VALUE.`, "config:set");
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
  render: renderConfigChange,
  renderProgress: renderDeployProgress,
});
