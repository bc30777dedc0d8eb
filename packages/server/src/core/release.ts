import { defaultAppLimits, type AddonReference, type AppLimits, type AppValidation, type FixedPort, type HealthcheckConfig, type TmpfsVolume } from "./app-config.ts";
import type { CronJob } from "./cron-job.ts";

export type ReleaseStatus = "building" | "succeeded" | "failed" | "superseded";

/** Where a release's code came from. */
export type ReleaseSource =
  | { readonly kind: "upload" }
  | { readonly kind: "git"; readonly sha: string; readonly ref: string }
  | { readonly kind: "rollback"; readonly sha: string | null; readonly ref: string | null }
  /** The serving release's build restarted with changed config vars. */
  | { readonly kind: "config" };

/** How a release is started and judged, kept with it so that a rollback starts it the same way. */
export interface ReleaseSettings {
  readonly healthcheck: HealthcheckConfig | null;
  /** Overrides the server's start timeout when set. */
  readonly startTimeoutMs: number | null;
  /** Commands run after the switch; a failure switches back. */
  readonly postdeploy: readonly string[];
  /** hop3.toml `[limits]`, applied to each process of the release. */
  readonly limits: AppLimits;
  /** Scheduled jobs of the release, run while it is the app's current one (ADR 16). */
  readonly cron: readonly CronJob[];
  /** app.json `formation.<type>.quantity`: instances of a type never scaled by hand. */
  readonly formation?: Readonly<Record<string, number>> | undefined;
  /** Names of the app's generated secrets this release uses (their values are never in a release row). */
  readonly secrets?: readonly string[] | undefined;
  /** hop3.toml `[env] _policy = "override"`: names whose release value wins over config vars. */
  readonly envOverrides?: readonly string[] | undefined;
  /** hop3.toml `[env.computed]`, interpolated at each start. */
  readonly computedEnv?: Readonly<Record<string, string>> | undefined;
  /** hop3.toml `[[test.validations]]`: what `hop3 check` asks of the release once it serves. */
  readonly validations?: readonly AppValidation[] | undefined;
  /** hop3.toml tmpfs volumes, mounted in the sandbox of each of the release's processes. */
  readonly tmpfs?: readonly TmpfsVolume[] | undefined;
  /** hop3.toml `[[ports]]`: held by the app while the release is its current one. */
  readonly ports?: readonly FixedPort[] | undefined;
  /** hop3.toml `[env]` references to attached addons' values, resolved at each start with the bindings. */
  readonly addonReferences?: Readonly<Record<string, AddonReference>> | undefined;
  /** hop3.toml `[alerts] log-pattern` (the log-pattern alert rule, ADR 62). */
  readonly logPattern?: string | undefined;
}

export const defaultReleaseSettings: ReleaseSettings = { healthcheck: null, startTimeoutMs: null, postdeploy: [], limits: defaultAppLimits, cron: [] };

/** One deploy of an app: its build and the configuration it runs with. Immutable once finished. */
export interface Release {
  readonly id: number;
  readonly appId: number;
  /** 1, 2, 3… per app. */
  readonly number: number;
  readonly status: ReleaseStatus;
  readonly source: ReleaseSource;
  readonly builder: string | null;
  /** Process type -> command, after builder defaults are applied. */
  readonly processes: Readonly<Record<string, string>>;
  /** Environment of the app's processes from its files and builder (without PORT, without config vars). */
  readonly env: Readonly<Record<string, string>>;
  readonly staticRoot: string | null;
  readonly settings: ReleaseSettings;
  /** The release whose build directory this one runs: itself, or an older one for a rollback. */
  readonly buildOf: number;
  readonly error: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}
