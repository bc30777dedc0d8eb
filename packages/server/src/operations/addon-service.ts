import { addonTypes, Hop3Error, type AddonBindingChanged, type AddonInfo, type AddonSummary, type AddonUpgraded, type DeployEvent, type UpgradeAddonBody } from "@hop3/contract";
import { dumpsOf, upgradeAddon } from "./addon-upgrade.ts";
import { checkAddonName, checkAddonPrefix, defaultPrefix, prefixed, type Addon, type AddonEngine, type AddonShell, type Attachment } from "../core/addon.ts";
import type { App } from "../core/app.ts";
import type { AddonStore } from "../addons/addon-store.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface AddonServiceDeps {
  readonly store: AddonStore;
  readonly engines: ReadonlyMap<string, AddonEngine>;
  readonly apps: { require(name: string): App };
  readonly locks: Pick<AppLocks, "acquire">;
  /** The daemon's directory for dumps on their way in or out (0700). */
  readonly dumpsDir: string;
  /**
   * Restarts the app's serving release through the health-checked switch (a config restart),
   * so that it runs with its attachments' variables; says why not when it does not.
   */
  readonly restart: (app: App, emit: (event: DeployEvent) => void) => Promise<{ restarted: boolean; reason: string }>;
}

const masked = "********";

/** Text as a part of an addon name: lowercase letters, digits and hyphens, 40 at most. */
function addonNamePart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 40).replace(/-+$/, "");
}

/** A prefix from a backup: none, or a valid one. */
function checkAddonPrefixOrNone(prefix: string): string {
  return prefix === "" ? "" : checkAddonPrefix(prefix);
}

/**
 * `hop3 addons*`: addons served by engines Hop3 supervises, attached to apps. An attachment is
 * its own role/user in the engine (ADR 43); its variables reach the app through the one run
 * context (`bindingsOf`), at build time and at run time, and an attach or detach restarts the
 * app through the switch. Bad input is refused before anything changes.
 */
export class AddonService {
  readonly #deps: AddonServiceDeps;

  constructor(deps: AddonServiceDeps) {
    this.#deps = deps;
  }

  /** Starts or adopts the engines of the existing addons (server start). */
  async start(): Promise<void> {
    const addons = this.#deps.store.list();
    const attachments = this.#deps.store.attachments();
    for (const [type, engine] of this.#deps.engines) {
      const mine = addons.filter((addon) => addon.type === type);
      if (mine.length > 0) await engine.ensureRunning(mine, attachments);
    }
  }

  /** The engines go on running when the server stops; the next start adopts them. */
  letGo(): void {
    for (const engine of this.#deps.engines.values()) engine.detachProcesses();
  }

  /** The variables of every addon attached to the app, prefixed: what `runEnv` adds. */
  bindingsOf(app: string): Record<string, string> {
    const env: Record<string, string> = {};
    const { store } = this.#deps;
    const addons = new Map(store.list().map((addon) => [addon.name, addon]));
    for (const attachment of store.attachments().filter((a) => a.app === app)) {
      const addon = addons.get(attachment.addon);
      const engine = this.#deps.engines.get(attachment.type);
      if (addon && engine) Object.assign(env, prefixed(engine.env(addon, attachment), attachment.prefix));
    }
    return env;
  }

  /**
   * hop3.toml `[env] NAME = { from = "db", key = "DATABASE_URL" }`: the values the addon `from`
   * gives the app (unprefixed): the addon the file declared (`<app>-<from>`), else the one named
   * `from`, when it is attached to the app. Undefined when neither is.
   */
  variablesOf(app: string, from: string): Record<string, string> | undefined {
    const { store } = this.#deps;
    const attachments = store.attachments().filter((a) => a.app === app);
    for (const name of [`${app}-${from}`.toLowerCase(), from]) {
      const attachment = attachments.find((a) => a.addon === name);
      const addon = attachment && store.find(name);
      const engine = attachment && this.#deps.engines.get(attachment.type);
      if (attachment && addon && engine) return engine.env(addon, attachment);
    }
    return undefined;
  }

  /** The addon types this server has an engine for (what `create` accepts). */
  types(): string[] {
    return [...this.#deps.engines.keys()].sort();
  }

  async list(): Promise<AddonSummary[]> {
    const attachments = this.#deps.store.attachments();
    return Promise.all(this.#deps.store.list().map((addon) => this.#summary(addon, attachments)));
  }

  /**
   * The addon and each attached app's variables, for a caller who sees only the apps `scope`
   * lets through (ADR 68), with the secret values of those `secretsOf` allows (masked otherwise).
   */
  async info(name: string, scope: { sees: (app: string) => boolean; secretsOf: (app: string) => boolean } = { sees: () => true, secretsOf: () => false }): Promise<AddonInfo> {
    const addon = this.#require(name);
    const engine = this.#engine(addon.type);
    const attachments = this.#deps.store.attachments({ addonId: addon.id }).filter((attachment) => scope.sees(attachment.app));
    const connections = attachments.map((attachment) => {
      const env = engine.env(addon, attachment);
      const showSecrets = scope.secretsOf(attachment.app);
      const shown = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, showSecrets || !engine.secretVariables.includes(key) ? value : masked]));
      return { app: attachment.app, env: prefixed(shown, attachment.prefix) };
    });
    return { addon: await this.#summary(addon, attachments), connections };
  }

  /** Who may reach the addon besides admins (ADR 68): the one authorisation point reads it. */
  accessOf(name: string): { apps: string[]; createdBy: number | null } | null {
    return this.#deps.store.accessOf(name);
  }

  /**
   * The engine's client connected as the addon's attachment to `appName` (`addons:connect`,
   * ADR 68): it runs as that app, in its sandbox, so it reaches what the app reaches and no more.
   */
  shellOf(name: string, appName: string): AddonShell {
    const addon = this.#require(name);
    const engine = this.#engine(addon.type);
    const attachment = this.#deps.store.attachments({ addonId: addon.id }).find((a) => a.app === appName);
    if (engine.shell === undefined) {
      const endpoint = attachment === undefined ? "" : ` at ${engine.env(addon, attachment).S3_ENDPOINT ?? "?"}`;
      throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `An ${addon.type} addon has no shell to connect to: "${addon.name}" is a bucket, served over HTTP${endpoint}; nothing was run.`, {
        hint: `Use an S3 client with the app's variables (\`hop3 run APP -- aws s3 ls s3://${addon.name}\`); \`hop3 addons:info ${addon.name} --show-secrets\` shows them.`,
      });
    }
    if (attachment === undefined)
      throw new Hop3Error("ADDON_NOT_ATTACHED", `The addon "${addon.name}" ${appName === "" ? "is attached to no app" : `is not attached to the app "${appName}"`}: addons:connect runs the client as an attached app's account; nothing was run.`, {
        hint: `Attach it first (\`hop3 addons:attach ${addon.name} APP\`), or name an app it is attached to with --app.`,
      });
    return engine.shell(addon, attachment);
  }

  /** Makes an addon; `createdBy` (a user's id) is its owner besides admins (ADR 68). */
  async create(type: string, name: string, createdBy: number | null = null): Promise<AddonSummary> {
    const engine = this.#deps.engines.get(type);
    if (engine === undefined) throw new Hop3Error("ADDON_TYPE_UNKNOWN", `There is no addon type ${JSON.stringify(type.slice(0, 80))}; nothing was created.`, { hint: `Use one of: ${addonTypes.join(", ")}.` });
    checkAddonName(name);
    const existing = this.#deps.store.find(name);
    if (existing) throw new Hop3Error("ADDON_EXISTS", `An addon named "${name}" exists already (a ${existing.type}); nothing was changed.`);
    const { store } = this.#deps;
    await engine.ensureRunning(store.list().filter((addon) => addon.type === type), store.attachments());
    const secret = await engine.create(name);
    try {
      return await this.#summary(store.add(name, type, secret, createdBy), []);
    } catch (error) {
      await engine.destroy({ id: 0, name, type, secret }).catch(() => undefined);
      throw error;
    }
  }

  async attach(name: string, appName: string, prefixAsked: string | undefined, emit: (event: DeployEvent) => void = () => undefined): Promise<AddonBindingChanged> {
    const addon = this.#require(name);
    const app = this.#deps.apps.require(appName);
    const { store } = this.#deps;
    if (store.attachments({ appId: app.id }).some((a) => a.addon === addon.name))
      throw new Hop3Error("ADDON_ALREADY_ATTACHED", `The addon "${addon.name}" is attached to the app "${app.name}" already; nothing was changed.`);
    const prefix = this.#prefixFor(addon, app, prefixAsked);
    const lock = this.#deps.locks.acquire(app.name);
    try {
      const variables = await this.#attachHeld(addon, app, prefix);
      const restart = await this.#deps.restart(app, emit);
      return { addon: addon.name, app: app.name, attached: true, variables, ...restart };
    } finally {
      lock.release();
    }
  }

  /**
   * hop3.toml `[[addons]]`/`[[provider]]` at a deploy (which holds the app's lock and starts
   * the release itself): each declared addon, `<app>-<name or type>`, is made if missing and
   * attached if not, before the build. A name taken by an addon of another type is refused.
   */
  async provision(app: App, declared: readonly { type: string; name: string | null }[], emit: (event: DeployEvent) => void): Promise<void> {
    for (const wanted of declared) {
      const suffix = addonNamePart(wanted.name ?? wanted.type);
      const name = addonNamePart(`${app.name}-${suffix}`);
      // Renamed (or cloned), the app keeps the addon made under its former name: `<old>-<suffix>` (ADR 69).
      const ofApp = this.#deps.store.attachments({ appId: app.id });
      if (ofApp.some((a) => a.type === wanted.type && a.addon !== name && a.addon.endsWith(`-${suffix}`))) continue;
      let addon = this.#deps.store.find(name);
      if (addon !== null && addon.type !== wanted.type)
        throw new Hop3Error("ADDON_EXISTS", `hop3.toml declares a ${wanted.type} addon "${name}", but that name is a ${addon.type} addon already; nothing was changed.`);
      // A user who made an addon owns it (ADR 68): one made under the name an app's hop3.toml
      // will declare would be handed that app's data. Only unowned addons are taken up here.
      const owned = (this.#deps.store.accessOf(name)?.createdBy ?? null) !== null;
      if (addon !== null && owned && this.#deps.store.attachments({ addonId: addon.id, appId: app.id }).length === 0)
        throw new Hop3Error("ADDON_EXISTS", `hop3.toml declares the addon "${name}", but a user made an addon of that name, which they own; nothing was attached.`, {
          hint: `Attach it yourself if it is meant for "${app.name}" (\`hop3 addons:attach ${name} ${app.name}\`), or give the declared addon another name in hop3.toml.`,
        });
      if (addon === null) {
        await this.create(wanted.type, name);
        addon = this.#require(name);
        emit({ type: "log", source: "build", stream: "stdout", line: `-----> Created the ${wanted.type} addon ${name} (hop3.toml)` });
      }
      if (this.#deps.store.attachments({ addonId: addon.id, appId: app.id }).length > 0) continue;
      const variables = await this.#attachHeld(addon, app, this.#prefixFor(addon, app, undefined));
      emit({ type: "log", source: "build", stream: "stdout", line: `-----> Attached ${name}: ${variables.join(", ")}` });
    }
  }

  /**
   * `apps:clone` (ADR 69): each addon attached to `source` gets a new addon of its type for
   * `clone`, with a copy of its data (export then import), attached under the same prefix, so
   * the clone writes to its own data as it does to its own data directory. The caller holds
   * both apps' locks. Returns the addons made; on a failure those made so far are destroyed.
   */
  async copyAttachments(source: App, clone: App, emit: (event: DeployEvent) => void): Promise<string[]> {
    const made: string[] = [];
    try {
      for (const attachment of this.#deps.store.attachments({ appId: source.id })) {
        const name = this.#freeName(attachment.addon.startsWith(`${source.name}-`) ? `${clone.name}-${attachment.addon.slice(source.name.length + 1)}` : `${clone.name}-${attachment.addon}`);
        await this.create(attachment.type, name);
        made.push(name);
        const copy = this.#require(name);
        const engine = this.#engine(attachment.type);
        if (engine.exportTo !== undefined && engine.importFrom !== undefined) {
          const dump = await this.exportDump(attachment.addon);
          await engine.importFrom(copy, dump.file).finally(dump.done);
        }
        const variables = await this.#attachHeld(copy, clone, attachment.prefix);
        emit({ type: "log", source: "build", stream: "stdout", line: `-----> Copied the ${attachment.type} addon ${attachment.addon} into ${name}: ${variables.join(", ")}` });
      }
    } catch (error) {
      await this.destroyCopies(made, clone);
      throw error;
    }
    return made;
  }

  /** Undoes `copyAttachments` (a clone that failed): detaches the copies from `clone` and destroys them. */
  async destroyCopies(names: readonly string[], clone: App): Promise<void> {
    for (const name of names) {
      const addon = this.#deps.store.find(name);
      if (addon === null) continue;
      if (this.#deps.store.attachments({ addonId: addon.id, appId: clone.id }).length > 0) await this.#detach(addon, clone).catch(() => undefined);
      await this.#engine(addon.type).destroy(addon).catch(() => undefined);
      this.#deps.store.remove(addon.id);
    }
  }

  /** `wanted`, or `wanted-2`, `wanted-3`… when an addon has that name already. */
  #freeName(wanted: string): string {
    const base = addonNamePart(wanted).slice(0, 36).replace(/-+$/, "");
    for (let n = 1; ; n++) {
      const name = n === 1 ? addonNamePart(wanted) : `${base}-${n}`;
      if (this.#deps.store.find(name) === null) return name;
    }
  }

  /** The addons attached to the app, as a backup keeps them: name, type and prefix (ADR 50). */
  attachedTo(app: App): { addon: string; type: string; prefix: string }[] {
    return this.#deps.store.attachments({ appId: app.id }).map((a) => ({ addon: a.addon, type: a.type, prefix: a.prefix }));
  }

  exists(name: string): boolean {
    return this.#deps.store.find(name) !== null;
  }

  /** Attaches for a caller that holds the app's lock and restarts the app itself (a restore, as a deploy does). */
  async attachHeld(name: string, app: App, prefix: string): Promise<void> {
    await this.#attachHeld(this.#require(name), app, checkAddonPrefixOrNone(prefix));
  }

  /** Detaches for a caller that holds the app's lock (a restore undone). */
  async detachHeld(name: string, app: App): Promise<void> {
    await this.#detach(this.#require(name), app);
  }

  /** Removes the addon's data, keeping it and its attachments (a restore in place loads a dump next). */
  async emptyData(name: string): Promise<void> {
    const addon = this.#require(name);
    const engine = this.#engine(addon.type);
    if (engine.empty === undefined) throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `Addons of type ${addon.type} cannot be emptied yet ("${addon.name}").`);
    await engine.empty(addon);
  }

  /** Gives the app its own role/user on the addon and records it; undone if recording fails. */
  async #attachHeld(addon: Addon, app: App, prefix: string): Promise<string[]> {
    const { store } = this.#deps;
    const engine = this.#engine(addon.type);
    await engine.ensureRunning(store.list().filter((a) => a.type === addon.type), store.attachments());
    const credentials = await engine.attach(addon, { name: app.name, unixUser: app.unixUser });
    const attachment: Attachment = { addon: addon.name, type: addon.type, appId: app.id, app: app.name, prefix, credentials };
    try {
      store.attach(addon.id, app.id, prefix, credentials);
      await engine.accessChanged?.(store.attachments());
    } catch (error) {
      store.detach(addon.id, app.id);
      await engine.detach(addon, attachment, app).catch(() => undefined);
      throw error;
    }
    return Object.keys(prefixed(engine.env(addon, attachment), prefix));
  }

  async detach(name: string, appName: string, emit: (event: DeployEvent) => void = () => undefined): Promise<AddonBindingChanged> {
    const addon = this.#require(name);
    const app = this.#deps.apps.require(appName);
    const lock = this.#deps.locks.acquire(app.name);
    try {
      const variables = await this.#detach(addon, app);
      const restart = await this.#deps.restart(app, emit);
      return { addon: addon.name, app: app.name, attached: false, variables, ...restart };
    } finally {
      lock.release();
    }
  }

  async destroy(name: string, options: { yes: boolean; force: boolean }): Promise<{ addon: string; destroyed: true; detached: string[] }> {
    const addon = this.#require(name);
    const attached = this.#deps.store.attachments({ addonId: addon.id });
    if (!options.yes) throw new Hop3Error("ADDON_CONFIRM_REQUIRED", `Destroying the addon "${addon.name}" deletes its data; nothing was changed.`);
    if (attached.length > 0 && !options.force)
      throw new Hop3Error("ADDON_ATTACHED", `The addon "${addon.name}" is attached to ${attached.map((a) => `"${a.app}"`).join(", ")}; nothing was changed.`);
    for (const attachment of attached) await this.detach(addon.name, attachment.app);
    await this.#engine(addon.type).destroy(addon);
    this.#deps.store.remove(addon.id);
    await dumpsOf(this.#deps.dumpsDir, addon.name).remove();
    return { addon: addon.name, destroyed: true, detached: attached.map((a) => a.app) };
  }

  /** `hop3 addons:upgrade` (ADR 68): a minor upgrade in place, or a major one into a new data directory kept until confirmed. */
  async upgrade(name: string, request: UpgradeAddonBody): Promise<AddonUpgraded> {
    const addon = this.#require(name);
    const { store } = this.#deps;
    return upgradeAddon(addon, this.#engine(addon.type), request, { addons: store.list(), attachments: store.attachments(), dumpsDir: this.#deps.dumpsDir });
  }

  /** Dumps the addon's data into a file of the daemon's; `done` removes it once it was sent. */
  async exportDump(name: string): Promise<{ file: string; done: () => Promise<void> }> {
    const addon = this.#require(name);
    const engine = this.#engine(addon.type);
    if (engine.exportTo === undefined) throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `Addons of type ${addon.type} cannot be exported yet ("${addon.name}").`);
    const dir = await mkdtemp(join(this.#deps.dumpsDir, "export-"));
    const done = () => rm(dir, { recursive: true, force: true });
    try {
      await engine.exportTo(addon, join(dir, "dump"));
    } catch (error) {
      await done();
      throw error;
    }
    return { file: join(dir, "dump"), done };
  }

  /** Loads a dump (as `exportDump` makes them) into the addon; a file that is not one changes nothing. */
  async importDump(name: string, input: Readable): Promise<{ addon: string; imported: true }> {
    const addon = this.#require(name);
    const engine = this.#engine(addon.type);
    if (engine.importFrom === undefined) throw new Hop3Error("ADDON_OPERATION_UNSUPPORTED", `Addons of type ${addon.type} cannot be imported into yet ("${addon.name}").`);
    const dir = await mkdtemp(join(this.#deps.dumpsDir, "import-"));
    try {
      await pipeline(input, createWriteStream(join(dir, "dump"), { mode: 0o600 }));
      await engine.importFrom(addon, join(dir, "dump"));
      return { addon: addon.name, imported: true };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The app is being destroyed: its roles/users go, and its account's mappings with them (no restart). */
  async forgetApp(app: App): Promise<void> {
    const { store } = this.#deps;
    const addons = new Map(store.list().map((addon) => [addon.name, addon]));
    const touched = new Set<string>();
    for (const attachment of store.attachments({ appId: app.id })) {
      const addon = addons.get(attachment.addon);
      store.detach(addon?.id ?? -1, app.id);
      touched.add(attachment.type);
      if (addon) await this.#engine(addon.type).detach(addon, attachment, app);
    }
    for (const type of touched) await this.#engine(type).accessChanged?.(store.attachments());
  }

  /** The prefix asked for, else none unless the app has these names from another addon already (DATABASE_URL: postgres and mysql). */
  #prefixFor(addon: Addon, app: App, asked: string | undefined): string {
    const ofApp = this.#deps.store.attachments({ appId: app.id });
    const names = (attachment: Attachment) => Object.keys(prefixed(this.#engine(attachment.type).env(this.#require(attachment.addon), attachment), attachment.prefix));
    const taken = new Map(ofApp.flatMap((a) => names(a).map((name) => [name, a.addon] as const)));
    const probe = (prefix: string) => names({ addon: addon.name, type: addon.type, appId: app.id, app: app.name, prefix, credentials: {} }).find((name) => taken.has(name));
    const prefix = asked === undefined ? (probe("") === undefined ? "" : defaultPrefix(addon.name)) : checkAddonPrefix(asked);
    const clash = probe(prefix);
    if (clash !== undefined) throw new Hop3Error("ADDON_PREFIX_TAKEN", `The app "${app.name}" gets ${clash} from the addon "${taken.get(clash) ?? ""}" already; nothing was changed.`);
    return prefix;
  }

  async #detach(addon: Addon, app: App): Promise<string[]> {
    const { store } = this.#deps;
    const attachment = store.attachments({ addonId: addon.id, appId: app.id })[0];
    if (attachment === undefined) throw new Hop3Error("ADDON_NOT_ATTACHED", `The addon "${addon.name}" is not attached to the app "${app.name}"; nothing was changed.`);
    const engine = this.#engine(addon.type);
    store.detach(addon.id, app.id);
    await engine.accessChanged?.(store.attachments());
    await engine.detach(addon, attachment, app);
    return Object.keys(prefixed(engine.env(addon, attachment), attachment.prefix));
  }

  async #summary(addon: Addon, attachments: readonly Attachment[]): Promise<AddonSummary> {
    const engine = this.#engine(addon.type);
    const mine = attachments.filter((a) => a.addon === addon.name);
    const status = await engine.status(addon);
    return {
      name: addon.name,
      type: addon.type,
      version: await engine.version(),
      status,
      sizeBytes: status === "running" ? await engine.sizeBytes(addon) : null,
      attachments: mine.map((a) => ({ app: a.app, prefix: a.prefix, variables: Object.keys(prefixed(engine.env(addon, a), a.prefix)) })),
    };
  }

  #require(name: string): Addon {
    const addon = this.#deps.store.find(name);
    if (addon === null) throw new Hop3Error("ADDON_NOT_FOUND", `There is no addon named ${JSON.stringify(name.slice(0, 80))}.`);
    return addon;
  }

  #engine(type: string): AddonEngine {
    const engine = this.#deps.engines.get(type);
    if (engine === undefined) throw new Hop3Error("ADDON_TYPE_UNKNOWN", `The addon type "${type}" has no engine on this server.`);
    return engine;
  }
}
