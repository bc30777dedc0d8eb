import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { BackupPart, BackupPartContext, RestoredPart } from "../backups/backup-part.ts";
import type { AddonService } from "./addon-service.ts";

/** The file that lists the addons a backup holds, beside their dumps. */
const definitionsFile = "addons.json";

/** One attached addon as a backup keeps it: enough to make it again and attach it as it was. */
export interface BackedUpAddon {
  readonly name: string;
  readonly type: string;
  /** The attachment's prefix ("" for none): the app finds its variables under the same names. */
  readonly prefix: string;
  /** The engine's dump (pg_dump custom format, mariadb-dump, Hop3's Redis keys dump), in the part's directory. */
  readonly file: string;
}

type Addons = Pick<AddonService, "attachedTo" | "exists" | "exportDump" | "importDump" | "emptyData" | "create" | "attachHeld" | "detachHeld" | "destroy">;

/**
 * A consistent dump of each addon attached to the app, with its definition (ADR 50), made and
 * loaded by the addon service's export and import (the engines' own tools). A dump that fails
 * fails the backup, naming the addon. Restored in place, an addon still attached is emptied
 * and loaded, after its current data was dumped aside for the undo; into a new app (or when
 * the app lost the addon), a new addon of the same type is made, attached with the same
 * prefix, and loaded; the undo removes it.
 */
export function addonsPart(addons: Addons): BackupPart {
  return {
    name: "addons",
    holds: (app) => addons.attachedTo(app).length > 0,
    async dump({ app, dir }: BackupPartContext) {
      const held: BackedUpAddon[] = [];
      for (const attached of addons.attachedTo(app)) {
        const file = `${attached.addon}.dump`;
        try {
          const dump = await addons.exportDump(attached.addon);
          try {
            await copyFile(dump.file, join(dir, file));
          } finally {
            await dump.done();
          }
        } catch (error) {
          throw new Hop3Error("BACKUP_FAILED", `Dumping the ${attached.type} addon "${attached.addon}" of "${app.name}" failed: ${(error as Error).message}`);
        }
        held.push({ name: attached.addon, type: attached.type, prefix: attached.prefix, file });
      }
      writeFileSync(join(dir, definitionsFile), `${JSON.stringify({ format: 1, addons: held }, null, 2)}\n`, { mode: 0o600 });
    },
    async restore({ app, dir }: BackupPartContext, into): Promise<RestoredPart> {
      const undos: (() => Promise<void>)[] = [];
      const undo = async () => {
        for (const step of undos.reverse()) await step();
      };
      try {
        for (const addon of readBackedUpAddons(dir)) {
          const attached = into === "same" && addons.attachedTo(app).some((a) => a.addon === addon.name);
          undos.push(attached ? await replaceData(addons, addon, dir) : await makeAgain(addons, app, addon, dir));
        }
      } catch (error) {
        await undo();
        throw error instanceof Hop3Error && error.code === "BACKUP_RESTORE_FAILED" ? error : new Hop3Error("BACKUP_RESTORE_FAILED", (error as Error).message);
      }
      return { undo, commit: async () => undefined };
    },
  };
}

/** Reads the part's list of addons. */
export function readBackedUpAddons(dir: string): BackedUpAddon[] {
  const listed = JSON.parse(readFileSync(join(dir, definitionsFile), "utf8")) as { format: number; addons: BackedUpAddon[] };
  if (listed.format !== 1) throw new Hop3Error("BACKUP_RESTORE_FAILED", `The backup's ${definitionsFile} has format ${String(listed.format)}, which this Hop3 does not know.`);
  return listed.addons;
}

/** The addon still attached: its data is dumped aside, then it is emptied and loaded; the undo loads the data aside. */
async function replaceData(addons: Addons, addon: BackedUpAddon, dir: string): Promise<() => Promise<void>> {
  const aside = join(dir, ".before-restore", addon.file);
  await mkdir(join(dir, ".before-restore"), { recursive: true, mode: 0o700 });
  const current = await addons.exportDump(addon.name);
  try {
    await copyFile(current.file, aside);
  } finally {
    await current.done();
  }
  const load = async (file: string) => {
    await addons.emptyData(addon.name);
    await addons.importDump(addon.name, createReadStream(file));
  };
  try {
    await load(join(dir, addon.file));
  } catch (error) {
    await load(aside);
    throw new Hop3Error("BACKUP_RESTORE_FAILED", `Loading the backup's dump into the ${addon.type} addon "${addon.name}" failed: ${(error as Error).message}`);
  }
  return () => load(aside);
}

/** A new addon of the backed-up one's type, attached with its prefix and loaded; the undo removes it. */
async function makeAgain(addons: Addons, app: App, addon: BackedUpAddon, dir: string): Promise<() => Promise<void>> {
  const name = freeName(addons, app, addon.name);
  await addons.create(addon.type, name);
  const remove = async () => {
    if (addons.attachedTo(app).some((a) => a.addon === name)) await addons.detachHeld(name, app);
    await addons.destroy(name, { yes: true, force: false });
  };
  try {
    await addons.attachHeld(name, app, addon.prefix);
    await addons.importDump(name, createReadStream(join(dir, addon.file)));
  } catch (error) {
    await remove().catch(() => undefined);
    throw new Hop3Error("BACKUP_RESTORE_FAILED", `Making the ${addon.type} addon "${name}" again from the backup of "${addon.name}" failed: ${(error as Error).message}`);
  }
  return remove;
}

/** The backed-up name when no addon has it (a fresh server, an addon destroyed since), else one derived from the app's. */
function freeName(addons: Addons, app: App, wanted: string): string {
  if (!addons.exists(wanted)) return wanted;
  const base = `${app.name}-${wanted}`.replace(/[^a-z0-9-]/g, "-").slice(0, 36).replace(/-+$/, "");
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!addons.exists(name)) return name;
  }
}
