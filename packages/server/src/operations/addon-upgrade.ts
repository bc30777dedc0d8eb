import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Hop3Error, type AddonUpgraded, type UpgradeAddonBody } from "@hop3/contract";
import type { Addon, AddonEngine, Attachment } from "../core/addon.ts";

export interface AddonUpgradeDeps {
  readonly addons: readonly Addon[];
  readonly attachments: readonly Attachment[];
  /** The daemon's directory for dumps (0700): a major upgrade keeps its dump in `upgrades/`. */
  readonly dumpsDir: string;
}

const labels: Readonly<Record<string, string>> = { postgres: "PostgreSQL", mysql: "MariaDB", redis: "Redis", s3: "versitygw" };

/**
 * `hop3 addons:upgrade` (ADR 68, 78). A version in the same major is a minor upgrade: the engine
 * restarts on the binaries installed now (apt replaced them). Another major, or `major`, takes
 * the major path, only for engines with a `rebuild`: dump, a new data directory started by the
 * target's binaries, the dumps loaded into it and checked, the old one kept (stopped) with the
 * dumps until `confirm`, or served again by `rollback`. What moves is the addon alone (Redis),
 * or the whole server with every addon it serves (PostgreSQL, MariaDB): that needs `major` or
 * `yes` when other addons move too. A version that is not installed is refused.
 */
export async function upgradeAddon(addon: Addon, engine: AddonEngine, request: UpgradeAddonBody, deps: AddonUpgradeDeps): Promise<AddonUpgraded> {
  const label = labels[addon.type] ?? addon.type;
  const version = await engine.version();
  const done = (action: AddonUpgraded["action"], rest: Partial<AddonUpgraded> & { steps: string[] }): AddonUpgraded => ({ addon: addon.name, type: addon.type, action, from: version, to: version, restarted: [], kept: null, dump: null, ...rest });
  const chosen = [request.to !== undefined, request.confirm === true, request.rollback === true].filter(Boolean).length;
  if (chosen !== 1) throw new Hop3Error("REQUEST_INVALID", `addons:upgrade ${addon.name} needs one of --to VERSION, --confirm or --rollback; nothing was changed.`);
  const rebuild = engine.rebuild;
  const kept = rebuild?.pending(addon) ?? null;
  // A shared server moves with every addon it serves; one server per addon moves that addon alone.
  const moved = rebuild?.scope === "engine" ? deps.addons.filter((a) => a.type === addon.type) : [addon];
  const names = moved.map((a) => a.name);
  const context = { addons: deps.addons, attachments: deps.attachments };
  const removeDumps = async () => {
    for (const each of moved) await dumpsOf(deps.dumpsDir, each.name).remove();
  };

  if (request.confirm === true || request.rollback === true) {
    if (rebuild === undefined || kept === null)
      throw new Hop3Error("ADDON_NO_UPGRADE_PENDING", `The addon "${addon.name}" has no upgrade awaiting confirmation; nothing was changed.`);
    if (request.confirm === true) {
      await rebuild.confirm(addon);
      await removeDumps();
      return done("confirm", { steps: [`Deleted the old data directory ${kept} and the dumps made before the upgrade (${names.join(", ")})`] });
    }
    await rebuild.rollback(addon, context);
    await removeDumps();
    return done("rollback", { restarted: names, steps: [`${names.join(", ")} ${moved.length > 1 ? "are served from the old" : "is served from its old"} data directory ${kept} again; the upgraded one and the dumps are deleted`] });
  }

  const to = request.to ?? "";
  const installed = (await engine.installedVersions?.()) ?? [version];
  const target = installed.find((candidate) => candidate === to || candidate.startsWith(`${to}.`));
  if (target === undefined)
    throw new Hop3Error("ADDON_VERSION_UNAVAILABLE", `${label} ${to} is not installed on this server (installed: ${installed.join(", ")}); the addon "${addon.name}" was not changed.`);
  if (kept !== null) throw new Hop3Error("ADDON_UPGRADE_PENDING", `The addon "${addon.name}" awaits the confirmation of its last upgrade (its old data is kept in ${kept}); nothing was changed.`);
  const parts = engine.majorParts ?? 1;
  const major = (v: string) => v.split(".").slice(0, parts).join(".");
  const isMajor = request.major === true || major(target) !== major(version);

  if (!isMajor) {
    if (engine.restart === undefined) throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `Addons of type ${addon.type} cannot be restarted for an upgrade ("${addon.name}"); nothing was changed.`);
    const restarted = await engine.restart(addon, deps.addons, deps.attachments);
    const now = await engine.version();
    const others = restarted.filter((name) => name !== addon.name);
    return done("minor", { to: now, restarted, steps: [`Restarted ${label} on the installed binaries (${version} → ${now}), in place${others.length > 0 ? `; its server also serves ${others.join(", ")}, which restarted with it` : ""}`] });
  }
  if (rebuild === undefined || engine.exportTo === undefined || engine.importFrom === undefined)
    throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `A major upgrade of a ${addon.type} addon is not supported yet: one ${label} server holds every ${addon.type} addon ("${addon.name}" included), so its data cannot move to ${label} ${target} alone; nothing was changed.`, {
      hint: `Export it (\`hop3 addons:export ${addon.name} > dump\`) and import the dump into an addon of the new version; docs/addons.md says what upgrades do.`,
    });
  const others = names.filter((name) => name !== addon.name);
  if (others.length > 0 && request.major !== true && request.yes !== true)
    throw new Hop3Error("ADDON_UPGRADE_SHARED", `Upgrading "${addon.name}" to ${label} ${target} upgrades the one ${label} server, which also serves ${others.join(", ")}: they would move with it; nothing was changed.`);
  const steps: string[] = [];
  const dumps = new Map<string, string>();
  try {
    for (const each of moved) {
      const dump = await dumpsOf(deps.dumpsDir, each.name).create();
      dumps.set(each.name, dump);
      await engine.exportTo(each, dump);
      steps.push(`Dumped ${each.name} (${(await stat(dump)).size} bytes) to ${dump}`);
    }
  } catch (error) {
    await removeDumps();
    throw error;
  }
  // Counted after the dumps: a write made while they ran shows as a difference, and the upgrade rolls back rather than lose it.
  const before = new Map<string, string>();
  for (const each of moved) if (rebuild.contents !== undefined) before.set(each.name, await rebuild.contents(each));
  const next = await rebuild.switchToNew(addon, target, context).catch(async (error: unknown) => {
    await removeDumps();
    throw error;
  });
  steps.push(`Started ${label} ${target} on a new data directory ${next}${moved.length > 1 ? `, on the same socket, for ${names.join(", ")}` : ""}; the old one is stopped and kept`);
  let loading = addon.name;
  try {
    for (const each of moved) {
      loading = each.name;
      await engine.importFrom(each, dumps.get(each.name) ?? "");
      const after = rebuild.contents === undefined ? undefined : await rebuild.contents(each);
      if (after !== before.get(each.name)) throw new Error(`After the load it holds ${summary(after)}, before it held ${summary(before.get(each.name))}.`);
    }
  } catch (error) {
    await rebuild.rollback(addon, context);
    await removeDumps();
    const served = moved.length > 1 ? `${names.join(", ")} are served from the old data directory again, unchanged` : "the addon is served from its old data directory again, unchanged";
    throw new Hop3Error("ADDON_ENGINE_FAILED", `The dump of "${loading}" could not be loaded into ${label} ${target}; ${served}. ${(error as Error).message}`);
  }
  steps.push(`Loaded the dump${moved.length > 1 ? "s" : ""} into it${rebuild.contents === undefined ? "" : " and read every table back (the same row counts)"}: ${names.join(", ")} now run${moved.length > 1 ? "" : "s"} ${label} ${target}`);
  steps.push(`Check the app${moved.length > 1 ? "s" : ""}, then \`hop3 addons:upgrade ${addon.name} --confirm\` deletes the old data, or \`--rollback\` serves it again`);
  return done("major", { to: target, restarted: names, kept: rebuild.pending(addon), dump: dumps.get(addon.name) ?? null, steps });
}

/** Tables and row counts, one a line, said briefly for an error. */
function summary(contents: string | undefined): string {
  if (contents === undefined || contents === "") return "no table";
  const said = contents.split("\n").join(", ");
  return said.length > 300 ? `${said.slice(0, 300)}…` : said;
}

/** The dumps major upgrades of one addon keep, in the daemon's dumps directory. */
export function dumpsOf(dumpsDir: string, name: string): { create: () => Promise<string>; remove: () => Promise<void> } {
  const dir = join(dumpsDir, "upgrades");
  return {
    async create() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return join(dir, `${name}.${new Date().toISOString().replace(/[:.]/g, "-")}.dump`);
    },
    async remove() {
      const files = await readdir(dir).catch(() => [] as string[]);
      for (const file of files.filter((candidate) => candidate.startsWith(`${name}.`))) await rm(join(dir, file), { force: true });
    },
  };
}
