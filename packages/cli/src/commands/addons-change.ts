import { pipeline } from "node:stream/promises";
import { text } from "node:stream/consumers";
import { addonDumpContentType, apiPaths, Hop3Error, type AddonBindingChanged } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

const addonArg = { name: "NAME", required: true, description: "Name of the addon" } as const;
const appArg = { name: "APP", required: true, description: "Name of the app" } as const;

function renderBinding(change: AddonBindingChanged): string {
  const done = change.attached ? `Attached ${change.addon} to ${change.app}: ${change.variables.join(", ")}.` : `Detached ${change.addon} from ${change.app}: ${change.variables.join(", ")} removed.`;
  return `${done}\n${change.restarted ? "The app was restarted with them." : `Not restarted: ${change.reason}.`}`;
}

/** `hop3 addons:attach NAME APP [--as PREFIX]`. */
export const addonsAttachCommand = defineCommand({
  name: "addons:attach",
  summary: "Attach an addon to an app (its own role/user), set its variables and restart the app",
  options: { as: { type: "string", valueName: "PREFIX", description: "Prefix of the variables (CACHE gives CACHE_REDIS_URL); default none for the first addon of a type" }, json: jsonOption },
  args: [addonArg, appArg],
  async run({ args, options }, { client }) {
    return (await client()).json<AddonBindingChanged>("POST", apiPaths.addonAttachments(args.NAME), { app: args.APP, ...(options.as === undefined ? {} : { prefix: options.as }) });
  },
  render: renderBinding,
});

/** `hop3 addons:detach NAME APP`. */
export const addonsDetachCommand = defineCommand({
  name: "addons:detach",
  summary: "Detach an addon from an app (its role/user is removed, the data stays) and restart the app",
  options: { json: jsonOption },
  args: [addonArg, appArg],
  async run({ args }, { client }) {
    return (await client()).json<AddonBindingChanged>("DELETE", apiPaths.addonAttachment(args.NAME, args.APP));
  },
  render: renderBinding,
});

/** `hop3 addons:destroy NAME --yes [--force]`. */
export const addonsDestroyCommand = defineCommand({
  name: "addons:destroy",
  summary: "Destroy an addon and its data (--yes required; refused while attached unless --force)",
  options: {
    yes: { type: "boolean", short: "y", description: "Confirm: the data is deleted" },
    force: { type: "boolean", description: "Detach it from every app first" },
    json: jsonOption,
  },
  args: [addonArg],
  async run({ args, options }, { client }) {
    if (options.yes !== true) throw new Hop3Error("ADDON_CONFIRM_REQUIRED", `Destroying the addon "${args.NAME}" deletes its data; nothing was changed.`, { hint: `Run \`hop3 addons:destroy ${args.NAME} --yes\`.` });
    const query = `?yes=true${options.force === true ? "&force=true" : ""}`;
    return (await client()).json<{ addon: string; destroyed: true; detached: string[] }>("DELETE", `${apiPaths.addon(args.NAME)}${query}`);
  },
  render({ addon, detached }) {
    return `Destroyed ${addon}${detached.length > 0 ? ` (detached from ${detached.join(", ")} first)` : ""}.`;
  },
});

/** `hop3 addons:export NAME > dump`: the engine's own dump format, written to stdout as bytes. */
export const addonsExportCommand = defineCommand({
  name: "addons:export",
  summary: "Write a dump of an addon's data to stdout (pg_dump custom format, mariadb-dump SQL, a tar of S3 objects)",
  options: {},
  args: [addonArg],
  async run({ args }, { client, io }) {
    if (io.streams === undefined) throw new Hop3Error("CLI_USAGE", "addons:export writes bytes to stdout; it needs a real process.");
    const body = await (await client()).stream(apiPaths.addonExport(args.NAME));
    await pipeline(body, io.streams.stdout, { end: false });
    return { addon: args.NAME };
  },
  render: () => "",
});

/** `hop3 addons:import NAME < dump`. */
export const addonsImportCommand = defineCommand({
  name: "addons:import",
  summary: "Load a dump made by addons:export (read from stdin) into an addon",
  options: { json: jsonOption },
  args: [addonArg],
  async run({ args }, { client, io }) {
    if (io.streams === undefined || io.streams.stdin.isTTY) throw new Hop3Error("CLI_USAGE", "addons:import reads the dump from stdin: `hop3 addons:import NAME < dump`.");
    const answer = await (await client()).upload(apiPaths.addonImport(args.NAME), io.streams.stdin, addonDumpContentType);
    return JSON.parse(await text(answer)) as { addon: string; imported: true };
  },
  render: ({ addon }) => `Imported the dump into ${addon}.`,
});
