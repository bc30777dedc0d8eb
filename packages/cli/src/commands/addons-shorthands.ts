import { apiPaths, Hop3Error, type AddonInfo, type AddonList } from "@hop3/contract";
import type { AnyCommand, Command, OptionSpecs, ArgSpec } from "../command.ts";
import { addonsCommand, addonsCreateCommand, addonsInfoCommand } from "./addons.ts";
import { addonsAttachCommand, addonsDestroyCommand, addonsDetachCommand, addonsExportCommand, addonsImportCommand } from "./addons-change.ts";
import { addonsConnectCommand } from "./addons-connect.ts";
import { addonsUpgradeCommand } from "./addons-upgrade.ts";

/** The shorthand groups: `hop3 pg:create NAME` is `hop3 addons:create postgres NAME`. */
export const addonShorthandGroups = [
  { prefix: "pg", type: "postgres", label: "PostgreSQL" },
  { prefix: "mysql", type: "mysql", label: "MariaDB" },
  { prefix: "redis", type: "redis", label: "Redis" },
] as const;

/** The addons:* commands that act on one addon NAME: their shorthand checks the addon's type first. */
const onOneAddon: readonly AnyCommand[] = [addonsInfoCommand, addonsConnectCommand, addonsExportCommand, addonsImportCommand, addonsAttachCommand, addonsDetachCommand, addonsDestroyCommand, addonsUpgradeCommand] as never;

/**
 * `pg:*`, `mysql:*`, `redis:*` (ADR 68): the addons commands with the type fixed. `PREFIX` lists
 * that type's addons, `PREFIX:create NAME` makes one, and the others refuse an addon of another
 * type (ADDON_TYPE_MISMATCH) before doing anything.
 */
export function addonShorthands(): AnyCommand[] {
  return addonShorthandGroups.flatMap(({ prefix, type, label }) => {
    const list: Command<OptionSpecs, readonly ArgSpec[], AddonList> = {
      ...addonsCommand,
      name: prefix,
      summary: `List the ${label} addons (\`hop3 addons\` for every type)`,
      shorthandOf: "addons",
      async run(input, context) {
        const all = await addonsCommand.run(input as never, context);
        return { addons: all.addons.filter((addon) => addon.type === type) };
      },
      render: (result) => (result.addons.length === 0 ? `No ${label} addons yet; create one with \`hop3 ${prefix}:create NAME\`.` : addonsCommand.render(result)),
    };
    const create: AnyCommand = {
      ...addonsCreateCommand,
      name: `${prefix}:create`,
      summary: `Create a ${label} addon (\`hop3 addons:create ${type} NAME\`)`,
      shorthandOf: "addons:create",
      args: addonsCreateCommand.args.filter((arg) => arg.name !== "TYPE"),
      run: (input, context) => addonsCreateCommand.run({ ...input, args: { ...(input.args as { NAME: string }), TYPE: type } } as never, context as never),
    } as AnyCommand;
    const typed = onOneAddon.map((command): AnyCommand => ({
      ...command,
      name: `${prefix}:${command.name.slice("addons:".length)}`,
      summary: `${command.summary} (${label} only)`,
      shorthandOf: command.name,
      async run(input, context) {
        const name = (input.args as { NAME: string }).NAME;
        const { addon } = await (await context.client()).json<AddonInfo>("GET", apiPaths.addon(name));
        if (addon.type !== type) {
          const other = addonShorthandGroups.find((group) => group.type === addon.type);
          throw new Hop3Error("ADDON_TYPE_MISMATCH", `The addon "${name}" is a ${addon.type} addon, not a ${type} one; nothing was done.`, {
            hint: other === undefined ? `Use \`hop3 ${command.name} ${name}\`.` : `Use \`hop3 ${other.prefix}:${command.name.slice("addons:".length)} ${name}\` or \`hop3 ${command.name} ${name}\`.`,
          });
        }
        return command.run(input, context);
      },
    }));
    return [list as AnyCommand, create, ...typed];
  });
}
