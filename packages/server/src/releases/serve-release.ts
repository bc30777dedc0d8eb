import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { AppIdentity } from "../core/app-identity.ts";
import type { Release, ReleaseSettings } from "../core/release.ts";
import type { ReleaseStore } from "./release-store.ts";
import type { BackgroundWork } from "./background-work.ts";
import type { SwitchPlan, Switched } from "./release-switcher.ts";
import type { RunContext } from "./run-context.ts";

/** What serving a release needs: the switch, the release store, pruning of old builds, and somewhere to finish in the background. */
export interface ServeReleaseDeps {
  readonly switcher: { switchTo(plan: SwitchPlan, emit: (event: DeployEvent) => void): Promise<Switched> };
  readonly releases: Pick<ReleaseStore, "finish" | "supersedeBefore">;
  /** Deletes the builds the newest releases no longer run (best effort: never throws). */
  readonly prune: (app: App, identity: AppIdentity) => Promise<void>;
  readonly background: Pick<BackgroundWork, "run">;
}

/** What the release row keeps once it serves: its files' environment, never the config vars. */
export interface ServedRecord {
  readonly builder: string | null;
  readonly processes: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly staticRoot: string | null;
  readonly settings: ReleaseSettings;
}

export interface ServeRequest {
  readonly app: App;
  /** The new release's row, still `building`. */
  readonly release: Pick<Release, "id" | "number">;
  readonly context: RunContext;
  /** The process types to start (a deploy leaves out types stopped with `hop3 ps:stop`). */
  readonly processes: Readonly<Record<string, string>>;
  readonly record: ServedRecord;
  /** How an unexpected error (not a Hop3Error) is worded, e.g. "Deploy failed unexpectedly". */
  readonly unexpected: string;
}

/** How serving ended; the calling operation turns it into its final event. */
export type ServeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: Hop3Error };

/**
 * Puts a built release in service: the health-checked switch, then the release is recorded
 * as serving and the ones before it superseded. It returns as soon as the new release serves:
 * the old instances drain and stop, then old builds are pruned, in the background (they show
 * in `hop3 ps` until they have stopped). On failure the previous release keeps serving (the
 * switch left it untouched) and this one is recorded as failed.
 */
export async function serveRelease(deps: ServeReleaseDeps, request: ServeRequest, emit: (event: DeployEvent) => void): Promise<ServeOutcome> {
  const { app, release, context } = request;
  try {
    const switched = await deps.switcher.switchTo({ ...context, processes: request.processes, settings: request.record.settings }, emit);
    deps.releases.finish(release.id, { status: "succeeded", ...request.record });
    deps.releases.supersedeBefore(app.id, release.number);
    // Builds are pruned once the old instances, which may run one of them, have stopped.
    deps.background.run(`retiring the instances ${app.name} ran before release ${release.number}`, async () => {
      await switched.retire();
      await deps.prune(app, context.identity);
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: failRelease(deps.releases, release, error, request.unexpected) };
  }
}

/**
 * Records a release as failed and returns the error its operation reports: a Hop3Error as it
 * is, anything else as INTERNAL worded `<unexpected>: <message>`.
 */
export function failRelease(releases: Pick<ReleaseStore, "finish">, release: Pick<Release, "id">, error: unknown, unexpected: string): Hop3Error {
  const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `${unexpected}: ${(error as Error).message}`, { cause: error });
  releases.finish(release.id, { status: "failed", error: failure.message });
  return failure;
}
