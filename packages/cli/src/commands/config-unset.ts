import { defineCommand, jsonLinesOption } from "../command.ts";
import { renderDeployProgress } from "../deploy/deploy-progress.ts";
import { changeConfig, renderConfigChange } from "./config-change.ts";

/** `hop3 config:unset APP KEY...`: removes config vars, then restarts the app without them. */
export const configUnsetCommand = defineCommand({
  name: "config:unset",
  summary: "Remove config vars of an app, then restart it through the health-checked switch",
  options: {
    json: jsonLinesOption,
    "no-restart": { type: "boolean", description: "Only save; the change applies at the next deploy, rollback or restart" },
  },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "KEY", required: true, variadic: true, description: "Name of a config var to remove (the app's files' value, if any, applies again)" },
  ],
  async run({ args, options, rest }, { client, progress }) {
    return changeConfig(await client(), args.APP, { unset: [...rest], restart: options["no-restart"] !== true }, progress);
  },
  render: renderConfigChange,
  renderProgress: renderDeployProgress,
  jsonLines: true,
});
