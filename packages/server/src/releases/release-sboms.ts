import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { CycloneDxDocument } from "../sbom/cyclonedx.ts";
import { diffSboms, type SbomDiff } from "../sbom/sbom-diff.ts";
import type { ReleaseStore } from "./release-store.ts";
import { sha256, type SbomStore } from "./sbom-store.ts";

/** A release's SBOM, checked against its digest. */
export interface ReleaseSbom {
  readonly app: string;
  /** The release asked for. */
  readonly release: number;
  /** The release whose build it runs (itself, or an older one after a rollback): the SBOM's subject. */
  readonly build: number;
  readonly sha256: string;
  readonly document: CycloneDxDocument;
}

export interface ReleaseSbomsDeps {
  readonly findApp: (name: string) => App;
  readonly releases: Pick<ReleaseStore, "current" | "find">;
  readonly sboms: Pick<SbomStore, "find">;
}

/**
 * Reads releases' SBOMs back: the one of the build a release runs, so a rollback serves the
 * SBOM of the release it brought back. A document that does not match its digest, or is not
 * the SBOM of that build, is reported as SBOM_CORRUPT, never served.
 */
export class ReleaseSboms {
  readonly #deps: ReleaseSbomsDeps;

  constructor(deps: ReleaseSbomsDeps) {
    this.#deps = deps;
  }

  /** The SBOM of release `number` of the app, by default of the release serving it. */
  of(appName: string, number?: number): ReleaseSbom {
    const app = this.#deps.findApp(appName);
    const release = number === undefined ? this.#deps.releases.current(app.id) : this.#deps.releases.find(app.id, number);
    if (!release) {
      throw number === undefined
        ? new Hop3Error("RELEASE_NOT_FOUND", `App "${appName}" has no serving release.`)
        : new Hop3Error("RELEASE_NOT_FOUND", `App "${appName}" has no release ${number}.`);
    }
    const stored = this.#deps.sboms.find(app.id, release.buildOf);
    const whose = release.buildOf === release.number ? `release ${release.number}` : `release ${release.number} (the build of release ${release.buildOf})`;
    if (!stored) {
      throw new Hop3Error("SBOM_NOT_FOUND", `App "${appName}" has no SBOM for ${whose}: ${release.status === "failed" ? "its build failed" : "it was built before SBOMs were recorded, or its build was pruned"}.`);
    }
    const corrupt = (why: string) =>
      new Hop3Error("SBOM_CORRUPT", `The stored SBOM of app "${appName}" ${whose} ${why}; it is not served.`);
    const digest = sha256(stored.document);
    if (digest !== stored.sha256) throw corrupt(`does not match its recorded SHA-256 (${stored.sha256.slice(0, 12)}…, now ${digest.slice(0, 12)}…): it was changed or truncated after the build`);
    let document: CycloneDxDocument;
    try {
      document = JSON.parse(stored.document) as CycloneDxDocument;
    } catch {
      throw corrupt("is not valid JSON");
    }
    const subject = document.metadata?.properties?.find((p) => p.name === "hop3:release")?.value;
    if (document.bomFormat !== "CycloneDX" || subject !== String(release.buildOf)) throw corrupt(`is not the CycloneDX SBOM of release ${release.buildOf}`);
    return { app: appName, release: release.number, build: release.buildOf, sha256: stored.sha256, document };
  }

  /** What changed between the SBOMs of two releases of the app. */
  diff(appName: string, from: number, to: number): SbomDiff & { readonly app: string; readonly from: number; readonly to: number } {
    const before = this.of(appName, from);
    const after = this.of(appName, to);
    return { app: appName, from, to, ...diffSboms(before.document, after.document) };
  }
}
