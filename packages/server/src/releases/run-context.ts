import type { App } from "../core/app.ts";
import type { AppIdentities, AppIdentity, RunAs } from "../core/app-identity.ts";
import { withConfigVars, type ConfigVarMap, type ConfigVarSource } from "../core/config-vars.ts";
import { interpolate } from "../core/interpolate.ts";
import { instanceCounts, type InstanceCounts } from "../core/instance-counts.ts";
import type { Release } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { withAppLimits, withTmpfs } from "../apps/app-sandbox.ts";
import type { AddonReference } from "../core/app-config.ts";

/** What a release contributes to how its commands run: its build, files' environment and settings. */
export type RunnableRelease = Pick<Release, "number" | "buildOf" | "env" | "processes" | "settings">;

/**
 * Everything needed to run a command of a release — a process, a release-phase or postdeploy
 * command, a cron job, `hop3 run` — so that all of them run it the same way.
 */
export interface RunContext {
  readonly app: string;
  readonly release: number;
  /** The release's build directory (a rollback's is an older release's). */
  readonly cwd: string;
  /** The release's environment, then the config vars over it (see `runEnv`). */
  readonly env: Readonly<Record<string, string>>;
  /** The app's account, confined, with the release's own `[limits]` over the server's. */
  readonly runAs: RunAs | undefined;
  /** Instances of each of the release's process types (`hop3 ps:scale`, app.json formation, else 1). */
  readonly instances: InstanceCounts;
  /** The app's identity, for work on its tree (pruning builds) as `buildAs`. */
  readonly identity: AppIdentity;
}

export interface RunContextSources {
  readonly layout: StateLayout;
  readonly identities: AppIdentities;
  readonly configVars: ConfigVarSource;
  /** Instances per process type of the app's release (ProcessScale); without it, the formation's or one. */
  readonly instances?: ((appId: number, release: Pick<Release, "processes" | "settings">) => InstanceCounts) | undefined;
  /** The app's generated secrets (ADR 38); a release gets those its settings name. */
  readonly secrets?: { secretsOf(app: string): ConfigVarMap } | undefined;
  /** The variables of the addons attached to the app (DATABASE_URL, REDIS_URL...; ADR 43). */
  readonly bindings?: ((app: string) => ConfigVarMap) | undefined;
  /** One attached addon's variables, unprefixed, for hop3.toml `{ from = "db", key = "…" }` (undefined when not attached). */
  readonly addonVariables?: ((app: string, from: string) => Readonly<Record<string, string>> | undefined) | undefined;
  /** Where the app is served (its hostname and URL), given to it as HOP3_HOSTNAME and HOP3_URL. */
  readonly addresses?: ((app: string) => AppAddresses) | undefined;
}

/** Where an app is served: `blog.example.org`, `https://blog.example.org`. */
export interface AppAddresses {
  readonly hostname: string;
  /** Without a trailing slash, for apps that build links as `${HOP3_URL}/path`. */
  readonly url: string;
}

/**
 * The one recipe of a release's run context. Operations ask here instead of assembling
 * directory, environment and limits themselves: a feature that adds variables to every
 * command an app runs (addon bindings) adds them in `runEnv`, and nowhere else.
 */
export class RunContexts {
  readonly #sources: RunContextSources;

  constructor(sources: RunContextSources) {
    this.#sources = sources;
  }

  #secretsOf(app: string, names: readonly string[]): ConfigVarMap {
    if (names.length === 0) return {};
    const stored = this.#sources.secrets?.secretsOf(app) ?? {};
    return Object.fromEntries(names.filter((name) => Object.hasOwn(stored, name)).map((name) => [name, stored[name] as string]));
  }

  /** HOP3_HOSTNAME and HOP3_URL of the app as it is served now (a rename or a domain changes them). */
  addressVars(app: string): Record<string, string> {
    const addresses = this.#sources.addresses?.(app);
    return addresses === undefined ? {} : { HOP3_HOSTNAME: addresses.hostname, HOP3_URL: addresses.url };
  }

  /**
   * The variables of the app's attached addons, then the hop3.toml `[env]` references to one of
   * their values (`NAME = { from = "db", key = "DATABASE_URL" }`): at run time here, and given
   * to its builds (deploy). A reference to an addon not attached, or a key it lacks, is unset.
   */
  bindingVars(app: string, references: Readonly<Record<string, AddonReference>> = {}): ConfigVarMap {
    const bindings: Record<string, string> = { ...(this.#sources.bindings?.(app) ?? {}) };
    for (const [name, { from, key }] of Object.entries(references)) {
      const value = this.#sources.addonVariables?.(app, from)?.[key];
      if (value !== undefined) bindings[name] = value;
    }
    return bindings;
  }

  /**
   * The context of `release` of `app`. A caller that already holds the app's identity passes
   * it, so the account (and its network guard) is not ensured twice in one operation.
   */
  async of(app: App, release: RunnableRelease, identity?: AppIdentity): Promise<RunContext> {
    const { layout, identities, configVars, instances } = this.#sources;
    const account = identity ?? (await identities.ensure(app.unixUser, layout.appRoot(app.name)));
    return {
      app: app.name,
      release: release.number,
      cwd: layout.releaseDir(app.name, release.buildOf),
      env: runEnv(withOwnHome(release.env, layout, app.name), configVars.varsOf(app.name), {
        secrets: this.#secretsOf(app.name, release.settings.secrets ?? []),
        bindings: this.bindingVars(app.name, release.settings.addonReferences ?? {}),
        overrides: release.settings.envOverrides ?? [],
        computed: release.settings.computedEnv ?? {},
        hop3: this.addressVars(app.name),
      }),
      runAs: withTmpfs(withAppLimits(account.runAs, release.settings.limits), layout.releaseDir(app.name, release.buildOf), release.settings.tmpfs ?? []),
      instances: instances?.(app.id, release) ?? instanceCounts(Object.keys(release.processes), release.settings.formation, {}),
      identity: account,
    };
  }
}

/** Releases built before HOME was the app's writable `home/` (ADR 37) stored the read-only app root as HOME. */
function withOwnHome(env: Readonly<Record<string, string>>, layout: StateLayout, app: string): Readonly<Record<string, string>> {
  return env.HOME === layout.appRoot(app) ? { ...env, HOME: layout.homeDir(app) } : env;
}

/** What a release adds to its environment besides its row and the config vars. */
export interface RunEnvExtras {
  /** Its generated secrets: over the files' values, under the config vars (a config var replaces one). */
  readonly secrets?: ConfigVarMap;
  /** The attached addons' variables: over the secrets, under the config vars (an operator's var wins). */
  readonly bindings?: ConfigVarMap;
  /** hop3.toml `[env] _policy = "override"`: these names keep the release's value over config vars. */
  readonly overrides?: readonly string[];
  /** hop3.toml `[env.computed]`: `${VAR}` over everything above. */
  readonly computed?: Readonly<Record<string, string>>;
  /** HOP3_HOSTNAME, HOP3_URL: Hop3's, last. */
  readonly hop3?: Readonly<Record<string, string>>;
}

/**
 * The environment a release's commands run with, lowest precedence first: the release's own
 * (its files' and builder's, stored in its row), its generated secrets, its addon bindings,
 * then the app's config vars (but for the names hop3.toml keeps with `_policy = "override"`),
 * then `[env.computed]` (which may use the bindings: `${DATABASE_URL}`). PORT and HOP3_* stay Hop3's.
 */
export function runEnv(releaseEnv: Readonly<Record<string, string>>, configVars: ConfigVarMap, extras: RunEnvExtras = {}): Record<string, string> {
  const env = withConfigVars({ ...releaseEnv, ...withConfigVars({}, extras.secrets ?? {}), ...withConfigVars({}, extras.bindings ?? {}) }, configVars);
  for (const name of extras.overrides ?? []) if (Object.hasOwn(releaseEnv, name)) env[name] = releaseEnv[name] as string;
  const computed = Object.fromEntries(Object.entries(extras.computed ?? {}).map(([name, template]) => [name, interpolate(template, env)]));
  return { ...env, ...withConfigVars({}, computed), ...extras.hop3 };
}
