import { apiPaths, type ConfigVars } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatColumns } from "../format/table.ts";

/** `hop3 config APP`: the app's config vars and their values. */
export const configCommand = defineCommand({
  name: "config",
  summary: "List an app's config vars with their values (they override ENV, .env, hop3.toml and app.json)",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<ConfigVars>("GET", apiPaths.config(args.APP));
  },
  render({ app, vars }) {
    const entries = Object.entries(vars);
    if (entries.length === 0) return `${app} has no config vars. Set one with \`hop3 config:set ${app} KEY=VALUE\`.`;
    // Newlines and other control characters are shown escaped so that each var stays on one line.
    return formatColumns(entries.map(([key, value]) => [`${key}:`, /[\x00-\x1f\x7f]/.test(value) ? JSON.stringify(value) : value]));
  },
});
