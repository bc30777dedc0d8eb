import type { ConfigNotice } from "@hop3/contract";
import type { CronJob } from "./cron-job.ts";
import type { AppReference, GeneratedSecretSpec } from "./generated-secret.ts";

/**
 * The configuration of one app release, merged from its `hop3.toml`, `Procfile`, `app.json`
 * and `ENV`/`.env` files. Produced by `appconfig/load-app-config.ts`; consumed by builders,
 * the deploy pipeline and the supervisor.
 */
/** An addon an app declares in hop3.toml (`[[addons]]`, or the older `[[provider]]`): made and attached at its deploy. */
export interface DeclaredAddon {
  readonly type: string;
  /** Its name in the file; the addon is `<app>-<name>` (default `<app>-<type>`). */
  readonly name: string | null;
}

export interface AppConfig {
  /** `[metadata] id` from hop3.toml, when present. */
  readonly id: string | null;
  /** Process type -> shell command, e.g. `{ web: "gunicorn app:app" }`. Excludes `static`, `release`, `cron` and hooks. */
  readonly processes: Readonly<Record<string, string>>;
  /** Directory (relative to the app) served by the proxy, from `static:` in the Procfile or `[static] "/"` in hop3.toml. */
  readonly staticRoot: string | null;
  /** Default environment: app.json `env` values, then ENV, then .env, then hop3.toml `[env]` (later wins). */
  readonly env: Readonly<Record<string, string>>;
  /** `[build] toolchain` from hop3.toml: names the builder instead of detection. */
  readonly toolchain: string | null;
  /** Shell commands run around the build, in the app directory, as the app's user. */
  readonly buildHooks: { readonly before: readonly string[]; readonly build: readonly string[]; readonly after: readonly string[] };
  /** How to tell that a new release's `web` process is ready; null when no file configures one (the pipeline's default applies). */
  readonly healthcheck: HealthcheckConfig | null;
  /**
   * Shell commands run once per deploy, in order, after the build and before the new release takes
   * traffic (migrations); a failure stops the deploy. Procfile `release:`, then hop3.toml
   * `[run] before-run`, then app.json `scripts.dokku.predeploy`; a command given twice runs once.
   */
  readonly release: readonly string[];
  /** Shell commands run once after the new release took traffic: app.json `scripts.dokku.postdeploy`. */
  readonly postdeploy: readonly string[];
  /** How long the processes of a new release may take to start, from hop3.toml `[run] start-timeout`; null for the server's default. */
  readonly startTimeoutMs: number | null;
  /** How long the build may run, from hop3.toml `[build] timeout` (a Hop3 addition); null for the server's `build-timeout`. */
  readonly buildTimeoutMs: number | null;
  /** `[limits]` of hop3.toml: per process of the app; null where the server's default applies. */
  readonly limits: AppLimits;
  /** Instances per process type asked for by app.json `formation`: the initial scale of each type. */
  readonly formation: Readonly<Record<string, number>>;
  /** Scheduled jobs: Procfile `cron:` lines, then hop3.toml `[cron.<name>]` tables. */
  readonly cron: readonly CronJob[];
  /** Settings set aside or adjusted; shown to the user as warnings. */
  readonly notices: readonly ConfigNotice[];
  /** hop3.toml `[[addons]]`/`[[provider]]`: created and attached at the deploy, before the build (ADR 42). */
  readonly addons?: readonly DeclaredAddon[];
  /** The configuration files that were read, relative to the app directory. */
  readonly files: readonly string[];
  /** `[build] package-manager` from hop3.toml: the installer a builder uses instead of choosing by lockfile (`uv`, `pnpm`…). */
  readonly packageManager: string | null;
  /** `[build] static-dir`: the static builder's root when it is a directory of the app. */
  readonly staticDir: string | null;
  /** `[build] node-version`: the Node.js major the app needs (`"20"`); the build fails when the server's differs. */
  readonly nodeVersion: string | null;
  /** `[env] NAME = { generate = … }`: secrets made once per app and kept (ADR 38). */
  readonly secrets: readonly GeneratedSecretSpec[];
  /** `[env] NAME = { key = "hostname" }`: values of the app itself, set at build time. */
  readonly references: Readonly<Record<string, AppReference>>;
  /** `[env] NAME = { from = "db", key = "DATABASE_URL" }`: values of attached addons, resolved at each start (absent in configs made before them). */
  readonly addonReferences?: Readonly<Record<string, AddonReference>>;
  /** `[env] _policy = "override"`: the [env] names that win over config vars. */
  readonly envOverrides: readonly string[];
  /** `[env.computed]`: `${VAR}` templates interpolated at each start, over the whole environment. */
  readonly computedEnv: Readonly<Record<string, string>>;
  /** hop3.toml `[alerts] log-pattern`: a log line matching it fires the app's log-pattern alert. */
  readonly logPattern?: string | null;
  /** `[[volumes]]` of type persist: directories kept under the app's data, linked at `target` in each build. */
  readonly volumes: readonly { readonly name: string; readonly target: string }[];
  /** `[[volumes]]` of type tmpfs: an empty, size-limited tmpfs at `target` for each process (absent in configs made before them). */
  readonly tmpfsVolumes?: readonly TmpfsVolume[];
  /** `[[ports]]`: fixed host ports the app's processes listen on for non-HTTP clients (absent in configs made before them). */
  readonly ports?: readonly FixedPort[];
  /** `[domains] list` of hop3.toml: hostnames the app is served on besides `<app>.<domain>`, added on deploy (as written; checked then). */
  readonly domains: readonly string[];
  /** hop3.toml `[[test.validations]]`: the app's acceptance checks, run through the proxy by `hop3 check`. */
  readonly validations?: readonly AppValidation[];
  /** `[build] go-main` from hop3.toml: the Go main packages to build (`./cmd/server`); empty lets the Go builder find them. */
  readonly goMain: readonly string[];
}

/** hop3.toml `[env] NAME = { from = "db", key = "DATABASE_URL" }`: a value of an addon attached to the app. */
export interface AddonReference {
  readonly from: string;
  readonly key: string;
}

/** A hop3.toml tmpfs volume: `target` relative to the app, at most `sizeBytes`. */
export interface TmpfsVolume {
  readonly name: string;
  readonly target: string;
  readonly sizeBytes: number;
}

/** A fixed host port of an app (hop3.toml `[[ports]]`): refused at deploy when taken, opened in Hop3's firewall. */
export interface FixedPort {
  readonly number: number;
  readonly protocol: "tcp" | "udp";
  readonly name: string | null;
  /** Who may connect: "any", or an IPv4 CIDR (then the firewall does not open it: it opens ports to all or none). */
  readonly source: string;
}

/** One acceptance check of an app: GET `path` at its hostname; pass on `status` (else any 2xx/3xx) and a body holding `contains`. */
export interface AppValidation {
  readonly path: string;
  readonly status: number | null;
  readonly contains: string | null;
}

/** Resource limits an app asks for, applied to each of its processes. */
export interface AppLimits {
  readonly memoryBytes: number | null;
  readonly cpus: number | null;
  /** `[limits] processes`: processes and threads per process tree (absent in releases recorded before it). */
  readonly maxProcesses?: number | null | undefined;
}

export const defaultAppLimits: AppLimits = { memoryBytes: null, cpus: null, maxProcesses: null };

/** A readiness check of a new release's `web` process, tried until one attempt passes. */
export interface HealthcheckConfig {
  /** URL path requested over HTTP on the process's port; null checks only that the port accepts a TCP connection. */
  readonly path: string | null;
  /** The status the response must have; null accepts any 2xx or 3xx. */
  readonly expectStatus: number | null;
  /** Text the response body must contain; null for no body check. */
  readonly content: string | null;
  /** Time allowed for one attempt. */
  readonly timeoutMs: number;
  /** Attempts before the release is declared unhealthy (at least 1). */
  readonly attempts: number;
  /** Delay between the process's start and the first attempt. */
  readonly waitMs: number;
  /** Delay between a failed attempt and the next. */
  readonly intervalMs: number;
  /** Where the check was configured, for messages: `hop3.toml [healthcheck]`, `app.json healthchecks.web[0]`. */
  readonly source: string;
}
