import { apiPaths, type AddonUpgraded } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 addons:upgrade NAME --to V [--major|--yes] | --confirm | --rollback` (ADR 68, 78). */
export const addonsUpgradeCommand = defineCommand({
  name: "addons:upgrade",
  summary: "Upgrade an addon's engine: --to V (minor: in place; major: dump, new data directory, old one kept; PostgreSQL and MariaDB move as a whole server with every addon), then --confirm or --rollback",
  options: {
    to: { type: "string", valueName: "VERSION", description: "A version installed on the server (e.g. 15, 7.0, 10.11); another major moves the data to a new directory" },
    major: { type: "boolean", description: "Take the major path (dump, new data directory, restore, old data kept) even within one major; for PostgreSQL and MariaDB, agree to move every addon of the server" },
    yes: { type: "boolean", description: "Agree that a major upgrade of the PostgreSQL or MariaDB server moves every addon it serves (they are named otherwise)" },
    confirm: { type: "boolean", description: "Delete the old data directory and dump a major upgrade kept" },
    rollback: { type: "boolean", description: "Serve the old data directory again and delete the upgraded one" },
    json: jsonOption,
  },
  args: [{ name: "NAME", required: true, description: "Name of the addon" }],
  async run({ args, options }, { client }) {
    const chosen = [options.to !== undefined, options.confirm === true, options.rollback === true].filter(Boolean).length;
    if (chosen !== 1) throw usageError("hop3 addons:upgrade: give exactly one of --to VERSION, --confirm or --rollback.", "addons:upgrade");
    if ((options.major === true || options.yes === true) && options.to === undefined) throw usageError("hop3 addons:upgrade: --major and --yes go with --to VERSION.", "addons:upgrade");
    const body = { ...(options.to === undefined ? {} : { to: options.to }), ...(options.major === true ? { major: true } : {}), ...(options.yes === true ? { yes: true } : {}), ...(options.confirm === true ? { confirm: true } : {}), ...(options.rollback === true ? { rollback: true } : {}) };
    return (await client()).json<AddonUpgraded>("POST", apiPaths.addonUpgrade(args.NAME), body);
  },
  render(upgraded) {
    return upgraded.steps.map((step) => `-----> ${step}`).join("\n");
  },
});
