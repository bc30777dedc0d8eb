import { apiPaths, type AppList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** `hop3 apps`: lists the apps on the server. */
export const appsCommand = defineCommand({
  name: "apps",
  summary: "List the apps on the server",
  options: {
    json: jsonOption,
    names: { type: "boolean", description: "Print only the names, one a line (for scripts and shell completion)" },
  },
  args: [],
  async run({ options }, { client }) {
    const list = await (await client()).json<AppList>("GET", apiPaths.apps);
    return { ...list, namesOnly: options.names === true };
  },
  renderJson: ({ apps }) => JSON.stringify({ apps }, null, 2),
  render({ apps, namesOnly }) {
    if (namesOnly) return apps.map((app) => app.name).join("\n");
    if (apps.length === 0) return "No apps yet. Deploy one with `hop3 deploy`.";
    return formatTable(
      ["NAME", "STATUS", "RELEASE", "BUILDER", "URL"],
      apps.map((app) => [app.name, app.status, app.release === null ? "-" : `v${app.release}`, app.builder ?? "-", app.url]),
    );
  },
});
