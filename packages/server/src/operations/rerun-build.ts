import { Hop3Error, type DeployEvent, type RerunReason } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Release, ReleaseSource } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppService } from "../apps/app-service.ts";
import { capOutput, type OutputLimit } from "../releases/output-cap.ts";
import { recordOutput } from "../releases/release-output.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import { failRelease, serveRelease, type ServeOutcome, type ServeReleaseDeps } from "../releases/serve-release.ts";

export interface RerunDeps {
  readonly apps: AppService;
  readonly releases: ReleaseStore;
  readonly contexts: RunContexts;
  readonly serving: ServeReleaseDeps;
  readonly layout: StateLayout;
  readonly outputLimit: OutputLimit;
}

export interface RerunRequest {
  readonly app: App;
  /** The release whose build, processes and settings are run again. */
  readonly from: Release;
  readonly source: ReleaseSource;
  /** Why the build runs again: the first event the user sees says so. */
  readonly reason: Extract<RerunReason, "rollback" | "config" | "restore">;
  /** Process types not started (stopped with `hop3 ps:stop`). */
  readonly skipTypes?: ReadonlySet<string>;
  /** Added to the hint of a failure (e.g. what was already saved). */
  readonly failureHint?: string;
}

/**
 * Runs an existing build again as a new release (rollback, config restart): no build and no
 * release phase, the same health-checked switch as a deploy, the current config vars.
 */
export async function rerunBuild(deps: RerunDeps, request: RerunRequest, emitToClient: (event: DeployEvent) => void): Promise<boolean> {
  const { apps, releases, layout } = deps;
  const { app, from } = request;
  const release = releases.begin(app.id, request.source, from.buildOf);
  const record = recordOutput(layout, app.name, release.number);
  const emit = capOutput((event) => {
    record(event);
    emitToClient(event);
  }, deps.outputLimit);
  const started = Date.now();
  emit({ type: "rerun", reason: request.reason, app: app.name, release: release.number, from: { app: app.name, release: from.number } });
  // The release row keeps the files' environment only; config vars are added at each start.
  const env = { ...from.env, HOP3_RELEASE: String(release.number) };
  const unexpected = `Release ${release.number} failed unexpectedly`;
  let outcome: ServeOutcome;
  try {
    const context = await deps.contexts.of(app, { ...from, number: release.number, env });
    const served = { builder: from.builder, processes: from.processes, env, staticRoot: from.staticRoot, settings: from.settings };
    const processes = Object.fromEntries(Object.entries(from.processes).filter(([type]) => !request.skipTypes?.has(type)));
    outcome = await serveRelease(deps.serving, { app, release, context, processes, record: served, unexpected }, emit);
  } catch (error) {
    outcome = { ok: false, error: failRelease(releases, release, error, unexpected) };
  }
  if (outcome.ok) {
    emit({ type: "succeeded", app: app.name, release: release.number, url: apps.url(app.name), seconds: Math.round((Date.now() - started) / 100) / 10 });
    return true;
  }
  const cause = outcome.error;
  const failure = request.failureHint ? new Hop3Error(cause.code, cause.message, { hint: `${cause.hint} ${request.failureHint}`, cause }) : cause;
  emit({ type: "failed", error: failure.toBody() });
  return false;
}
