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
 * `hop3 addons:upgrade` (ADR 68). A version in the same major is a minor upgrade: the engine
 * restarts on the binaries installed now (apt replaced them). Another major, or `major`, takes
 * the major path, only for engines with a `rebuild`: dump, a new data directory started by the
 * installed binaries, the dump loaded into it, the old one kept (stopped) with the dump until
 * `confirm`, or served again by `rollback`. A version that is not installed is refused.
 */
export async function upgradeAddon(addon: Addon, engine: AddonEngine, request: UpgradeAddonBody, deps: AddonUpgradeDeps): Promise<AddonUpgraded> {
  const label = labels[addon.type] ?? addon.type;
  const version = await engine.version();
  const done = (action: AddonUpgraded["action"], rest: Partial<AddonUpgraded> & { steps: string[] }): AddonUpgraded => ({ addon: addon.name, type: addon.type, action, from: version, to: version, restarted: [], kept: null, dump: null, ...rest });
  const chosen = [request.to !== undefined, request.confirm === true, request.rollback === true].filter(Boolean).length;
  if (chosen !== 1) throw new Hop3Error("REQUEST_INVALID", `addons:upgrade ${addon.name} needs one of --to VERSION, --confirm or --rollback; nothing was changed.`);
  const kept = engine.rebuild?.pending(addon) ?? null;
  const dumps = dumpsOf(deps.dumpsDir, addon.name);

  if (request.confirm === true || request.rollback === true) {
    if (engine.rebuild === undefined || kept === null)
      throw new Hop3Error("ADDON_NO_UPGRADE_PENDING", `The addon "${addon.name}" has no upgrade awaiting confirmation; nothing was changed.`);
    if (request.confirm === true) {
      await engine.rebuild.confirm(addon);
      await dumps.remove();
      return done("confirm", { steps: [`Deleted the old data directory ${kept} and the dump made before the upgrade`] });
    }
    await engine.rebuild.rollback(addon, deps.attachments);
    await dumps.remove();
    return done("rollback", { restarted: [addon.name], steps: [`${addon.name} is served from its old data directory ${kept} again; the upgraded one and the dump are deleted`] });
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
  if (engine.rebuild === undefined || engine.exportTo === undefined || engine.importFrom === undefined)
    throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `A major upgrade of a ${addon.type} addon is not supported yet: one ${label} server holds every ${addon.type} addon ("${addon.name}" included), so its data cannot move to ${label} ${target} alone; nothing was changed.`, {
      hint: `Export it (\`hop3 addons:export ${addon.name} > dump\`) and import the dump into an addon of the new version; docs/addons.md says what upgrades do.`,
    });
  const steps: string[] = [];
  const dump = await dumps.create();
  await engine.exportTo(addon, dump);
  steps.push(`Dumped ${addon.name} (${(await stat(dump)).size} bytes) to ${dump}`);
  const next = await engine.rebuild.switchToNew(addon, deps.attachments);
  steps.push(`Started ${label} ${target} on a new data directory ${next}; the old one is stopped and kept`);
  try {
    await engine.importFrom(addon, dump);
  } catch (error) {
    await engine.rebuild.rollback(addon, deps.attachments);
    throw new Hop3Error("ADDON_ENGINE_FAILED", `The dump of "${addon.name}" could not be loaded into ${label} ${target}; the addon is served from its old data directory again, unchanged. ${(error as Error).message}`);
  }
  steps.push(`Loaded the dump into it: ${addon.name} now runs ${label} ${target}`);
  steps.push(`Check the app, then \`hop3 addons:upgrade ${addon.name} --confirm\` deletes the old data, or \`--rollback\` serves it again`);
  const oldDir = engine.rebuild.pending(addon);
  return done("major", { to: target, restarted: [addon.name], kept: oldDir, dump, steps });
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
