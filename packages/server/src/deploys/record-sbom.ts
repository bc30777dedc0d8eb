import type { DeployEvent } from "@hop3/contract";
import type { Release } from "../core/release.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { SbomStore } from "../releases/sbom-store.ts";
import type { BuiltRelease } from "./build-release.ts";

/** What recording SBOMs needs from the server: off with `sbom = false` (server setting). */
export interface SbomRecording {
  readonly enabled: boolean;
  readonly store: Pick<SbomStore, "save">;
  readonly layout: StateLayout;
  readonly appPath: string;
  readonly toolVersion: string;
}

export interface RecordSbomRequest {
  readonly app: string;
  readonly release: Pick<Release, "id" | "number" | "source">;
  readonly dir: string;
  readonly built: BuiltRelease;
  readonly emit: (event: DeployEvent) => void;
}

/**
 * Records the CycloneDX SBOM of a release just built, in the daemon's database (never in the
 * app's tree). An SBOM that cannot be made is a warning: the deploy goes on without one, and
 * `hop3 sbom` says so for that release.
 */
export async function recordSbom(recording: SbomRecording, request: RecordSbomRequest): Promise<void> {
  if (!recording.enabled) return;
  const { app, release, built, emit } = request;
  try {
    // The readers are loaded by the first build that needs them, like the builders (ADR 30).
    const { collectSbom } = await import("../sbom/collect-sbom.ts");
    const { document, skipped } = await collectSbom({
      app,
      release: release.number,
      builder: built.builder,
      sourceCommit: release.source.kind === "git" || release.source.kind === "rollback" ? release.source.sha : null,
      builtAt: new Date().toISOString(),
      toolVersion: recording.toolVersion,
      releaseDir: request.dir,
      appRoot: recording.layout.appRoot(app),
      cacheDir: recording.layout.cacheDir(app),
      env: built.env,
      runtime: built.runtime,
      appPath: recording.appPath,
    });
    recording.store.save(release.id, JSON.stringify(document));
    emit({ type: "sbom-recorded", components: document.components.length, runtime: built.runtime ? { name: built.runtime.name, version: built.runtime.version } : null });
    for (const problem of skipped.slice(0, 5)) emit({ type: "sbom-skipped", detail: problem });
  } catch (error) {
    emit({ type: "sbom-failed", release: release.number, reason: (error as Error).message });
  }
}
