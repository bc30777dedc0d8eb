import { apiPaths, type AppInfo } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields } from "../format/table.ts";
import { formatInstances } from "./instances-table.ts";

/** `hop3 apps:info NAME`: one app's state, processes and instances. */
export const appsInfoCommand = defineCommand({
  name: "apps:info",
  summary: "Show an app's status, processes and instances",
  options: { json: jsonOption },
  args: [{ name: "NAME", required: true, completes: "app", description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<AppInfo>("GET", apiPaths.app(args.NAME));
  },
  render(app) {
    const sections = [
      `=== ${app.name}`,
      formatFields([
        ["Status", app.status],
        ["URL", app.url],
        ["Release", app.release === null ? "none yet" : `v${app.release}`],
        ["Builder", app.builder ?? "-"],
        ["Unix user", app.unixUser],
        ["Created", app.createdAt],
        ["Deployed", app.deployedAt ?? "never"],
      ]),
    ];
    const types = Object.entries(app.processTypes);
    if (types.length > 0) sections.push("", "Processes:", ...types.map(([type, command]) => `  ${type}: ${command}`));
    if (app.instances.length > 0) sections.push("", formatInstances(app.instances));
    return sections.join("\n");
  },
});
