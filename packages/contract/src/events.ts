import type { ConfigNotice } from "./config-notices.ts";
import type { ErrorBody } from "./errors.ts";
import type { HostCheck } from "./domains.ts";

/** The stages of a deploy, in order. */
export const deployStages = ["wait", "receive", "config", "detect", "build", "release", "start", "health", "route", "cleanup"] as const;
export type DeployStage = (typeof deployStages)[number];

/** Why an existing build runs again as a new release (`redeploy`: its source is built again, ADR 81). */
export type RerunReason = "rollback" | "config" | "rename" | "clone" | "restore" | "redeploy";

/** A process type a release starts, with its command and how many instances. */
export interface StartedProcess {
  readonly type: string;
  readonly command: string;
  readonly instances: number;
}

/**
 * What a deploy (and a rollback, config restart, rename or clone) emits, streamed to the client
 * as newline-delimited JSON. The union is closed and carries codes and data only: the English
 * is composed by one renderer (`renderDeployEvent`), shared by the CLI, the git push output,
 * the release's record and later the web UI. `deployEventStage` says which stage each marks.
 */
export type DeployEvent =
  /** Another deploy of the app holds its lock; this one waits up to `seconds`. */
  | { type: "lock-wait"; app: string; seconds: number }
  /** The deploy waits for one of the server's build slots; `ahead` builds run or wait before it. */
  | { type: "queued"; ahead: number; slots: number; setting: string }
  /** An upload was unpacked as release `release`. */
  | { type: "received"; app: string; release: number; files: number; bytes: number }
  /** An existing build runs again as release `release` of `app` (no upload). */
  | { type: "rerun"; reason: RerunReason; app: string; release: number; from: { app: string; release: number } }
  | { type: "renaming"; app: string; to: string }
  | { type: "cloning"; app: string; to: string }
  /** A clone copied the source's config vars and its data directory. */
  | { type: "copied"; configVars: number }
  /** A renamed app that was never deployed: there is no build to run again. */
  | { type: "nothing-to-build"; app: string }
  /** An upload's entry that was not unpacked (a link out of the app, a special file). */
  | { type: "skipped-file"; path: string }
  /** The app's files that were read (none: the builder's defaults apply). */
  | { type: "config-read"; files: string[] }
  /** A setting of the app's files that was ignored or adjusted. */
  | { type: "config-notice"; notice: ConfigNotice }
  /** The app asked for a longer build than the server allows; the server's limit applies. */
  | { type: "build-timeout-capped"; askedMs: number; serverMs: number; setting: string }
  /** The builder that builds the app, named in hop3.toml or detected from its files. */
  | { type: "builder"; builder: string; chosenBy: "hop3.toml" | "detection" }
  | { type: "build-started"; builder: string }
  /** A build still running after `seconds` (sent periodically while a build is quiet or long). */
  | { type: "build-progress"; seconds: number }
  | { type: "log"; source: "build" | "start"; stream: "stdout" | "stderr"; line: string }
  /** The release phase (migrations) runs `commands` commands with the new build. */
  | { type: "release-phase"; commands: number }
  | { type: "starting"; processes: StartedProcess[] }
  /** The health check of the new web instances: an HTTP GET of `path` (set in `source`), else a TCP accept. */
  | { type: "health-check"; path: string | null; source: string | null }
  /** One new web instance passed its check on `port`. */
  | { type: "healthy"; port: number; path: string | null; source: string | null }
  /** The app's hostname is pointed at the new release. */
  | { type: "switching"; host: string; release: number }
  /** A postdeploy command failed: the app goes back to its previous release. */
  | { type: "switching-back"; app: string }
  /** The new release serves; `draining` old instances are drained and stopped in the background. */
  | { type: "switched"; seconds: number; draining: number }
  /** A rename that failed was undone: the app keeps its name. */
  | { type: "rename-undone"; app: string }
  /** A clone that failed was removed again; its source was not changed. */
  | { type: "clone-removed"; app: string; source: string }
  /** Output past `limitBytes` is neither streamed nor kept (the build goes on); `setting` names the server setting. */
  | { type: "output-truncated"; limitBytes: number; setting: string }
  /** The release's SBOM was recorded: how many components, and the runtime it names. */
  | { type: "sbom-recorded"; components: number; runtime: { name: string; version: string } | null }
  /** Something the SBOM could not include (a file too large, a link leaving the app). */
  | { type: "sbom-skipped"; detail: string }
  /** No SBOM could be made for the release; the deploy goes on. */
  | { type: "sbom-failed"; release: number; reason: string }
  /**
   * A process command that runs a toolchain (`go-run`: `go run`) or a development server
   * (`dev-server`: `npm run dev`) at each start; `built` is the command the build made for web.
   */
  | { type: "start-command-hint"; processType: string; command: string; kind: "go-run" | "dev-server"; built: string | null }
  /** hop3.toml `[domains]` hostnames the app is now served on too (once the release serves). */
  | { type: "domains-added"; hosts: string[] }
  /** hop3.toml `[domains]` could not be added after the switch (another app took one meanwhile); the release serves. */
  | { type: "domains-not-added"; error: ErrorBody }
  /** With `tls = "acme"`, once the release serves: whether a hostname of the app can pass the CA's challenge (its certificate is obtained in the background either way). */
  | { type: "domain-checked"; check: HostCheck }
  | { type: "succeeded"; app: string; release: number; url: string | null; seconds: number }
  | { type: "failed"; error: ErrorBody };

export const deployEventContentType = "application/x-ndjson";

const stages: Partial<Record<DeployEvent["type"], DeployStage>> = {
  "lock-wait": "wait",
  queued: "wait",
  received: "receive",
  rerun: "receive",
  renaming: "receive",
  cloning: "receive",
  "config-read": "config",
  builder: "detect",
  "build-started": "build",
  "release-phase": "release",
  starting: "start",
  "health-check": "health",
  switching: "route",
  "nothing-to-build": "route",
  switched: "cleanup",
};

/** The stage an event opens, or null for events within a stage (logs, notices, the result). */
export function deployEventStage(event: DeployEvent): DeployStage | null {
  return stages[event.type] ?? null;
}
