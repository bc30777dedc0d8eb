import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";
import { cycloneDxDocument } from "../sbom/cyclonedx.ts";
import { ReleaseSboms } from "./release-sboms.ts";
import { sha256, type StoredSbom } from "./sbom-store.ts";

const app = { id: 7, name: "shop" } as App;
const release = (number: number, buildOf = number): Release => ({ number, buildOf, status: "succeeded" }) as Release;
const documentOf = (build: number) =>
  JSON.stringify(
    cycloneDxDocument({ app: "shop", release: build, builder: "python", sourceCommit: null, builtAt: "2026-12-03T07:00:00.000Z", serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", toolVersion: "0.1.0" }, [
      { type: "library", name: "flask", version: `3.1.${build}`, purl: `pkg:pypi/flask@3.1.${build}`, licenses: [], hashes: [] },
    ]),
  );

function sboms(stored: Map<number, StoredSbom>, releases: Release[]): ReleaseSboms {
  return new ReleaseSboms({
    findApp: () => app,
    releases: { current: () => releases.at(-1) ?? null, find: (_id, number) => releases.find((r) => r.number === number) ?? null },
    sboms: { find: (_id, number) => stored.get(number) ?? null },
  });
}
const intact = (build: number): StoredSbom => ({ document: documentOf(build), sha256: sha256(documentOf(build)) });

test("serves the SBOM of the build a release runs: after a rollback, the one of the release brought back", () => {
  const service = sboms(new Map([[1, intact(1)], [2, intact(2)]]), [release(1), release(2), release(3, 1)]);
  const current = service.of("shop");
  assert.equal(current.release, 3);
  assert.equal(current.build, 1);
  assert.equal(current.document.components[0]?.version, "3.1.1");
  assert.deepEqual(service.diff("shop", 1, 2).changed, [{ package: "pkg:pypi/flask", name: "flask", from: "3.1.1", to: "3.1.2" }]);
});

test("reports a changed, truncated or swapped SBOM as SBOM_CORRUPT and a missing one as SBOM_NOT_FOUND", () => {
  const edited = { ...intact(1), document: documentOf(1).replace("3.1.1", "3.1.9") };
  const truncated = { ...intact(2), document: documentOf(2).slice(0, 40) };
  const swapped = intact(1);
  const service = sboms(new Map([[1, edited], [2, truncated], [3, swapped]]), [release(1), release(2), release(3), release(4)]);
  const code = (number: number) => {
    try {
      service.of("shop", number);
      return "served";
    } catch (error) {
      return error instanceof Hop3Error ? `${error.code}: ${error.message}` : String(error);
    }
  };
  assert.match(code(1), /^SBOM_CORRUPT: The stored SBOM of app "shop" release 1 does not match its recorded SHA-256/);
  assert.match(code(2), /^SBOM_CORRUPT: .* release 2 does not match/);
  assert.match(code(3), /^SBOM_CORRUPT: .* is not the CycloneDX SBOM of release 3/);
  assert.match(code(4), /^SBOM_NOT_FOUND: App "shop" has no SBOM for release 4/);
  assert.match(code(5), /^RELEASE_NOT_FOUND/);
});
