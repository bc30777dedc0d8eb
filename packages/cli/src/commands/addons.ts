import { apiPaths, type AddonInfo, type AddonList, type AddonSummary } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields, formatTable } from "../format/table.ts";
import { formatBytes } from "../format/bytes.ts";

const addonArg = { name: "NAME", required: true, description: "Name of the addon" } as const;

function attachedApps(addon: AddonSummary): string {
  return addon.attachments.length === 0 ? "-" : addon.attachments.map((a) => (a.prefix === "" ? a.app : `${a.app} (as ${a.prefix})`)).join(", ");
}

/** `hop3 addons`: every addon with its type, engine version, status, size and attached apps. */
export const addonsCommand = defineCommand({
  name: "addons",
  summary: "List the addons (databases, caches): type, version, status, size, attached apps",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<AddonList>("GET", apiPaths.addons);
  },
  render({ addons }) {
    if (addons.length === 0) return "No addons yet; create one with `hop3 addons:create postgres NAME`.";
    return formatTable(
      ["NAME", "TYPE", "VERSION", "STATUS", "SIZE", "ATTACHED TO"],
      addons.map((addon) => [addon.name, addon.type, addon.version, addon.status, addon.sizeBytes === null ? "-" : formatBytes(addon.sizeBytes), attachedApps(addon)]),
    );
  },
});

/** `hop3 addons:info NAME [--show-secrets]`. */
export const addonsInfoCommand = defineCommand({
  name: "addons:info",
  summary: "Show an addon and the variables each attached app gets (secrets hidden unless --show-secrets)",
  options: { "show-secrets": { type: "boolean", description: "Show passwords and URLs that hold one" }, json: jsonOption },
  args: [addonArg],
  async run({ args, options }, { client }) {
    const query = options["show-secrets"] === true ? "?show-secrets=true" : "";
    return (await client()).json<AddonInfo>("GET", `${apiPaths.addon(args.NAME)}${query}`);
  },
  render({ addon, connections }) {
    const fields: [string, string][] = [
      ["Addon", addon.name],
      ["Type", `${addon.type} ${addon.version}`],
      ["Status", addon.status],
      ["Size", addon.sizeBytes === null ? "-" : formatBytes(addon.sizeBytes)],
      ["Attached to", attachedApps(addon)],
    ];
    const blocks = connections.map((c) => `\n${c.app}:\n${Object.entries(c.env).map(([key, value]) => `  ${key}=${value}`).join("\n")}`);
    return formatFields(fields) + blocks.join("");
  },
});

/** `hop3 addons:create TYPE NAME`. */
export const addonsCreateCommand = defineCommand({
  name: "addons:create",
  summary: "Create an addon: TYPE is postgres, mysql (MariaDB), redis or s3",
  options: { json: jsonOption },
  args: [{ name: "TYPE", required: true, description: "postgres, mysql, redis or s3" }, addonArg],
  async run({ args }, { client }) {
    return (await client()).json<AddonSummary>("POST", apiPaths.addons, { type: args.TYPE, name: args.NAME });
  },
  render(addon) {
    return `Created ${addon.type} ${addon.version} addon ${addon.name}. Attach it to an app with \`hop3 addons:attach ${addon.name} APP\`.`;
  },
});
