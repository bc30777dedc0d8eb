/**
 * SBOM benchmark (issue 20: the SBOM may add at most 10 % to a warm build), per builder:
 * 1. In this process: the builder alone on a warm cache (the unchanged-lockfile redeploy) and
 *    collectSbom on its output (reading what the builder installed, the runtime's Debian
 *    packages, the CycloneDX document), medians of `rounds`; the first SBOM, which asks dpkg
 *    (later ones reuse its answer until dpkg's database changes), is shown apart.
 * 2. Through two servers, one with `sbom = false`, deploys alternating between them: seconds
 *    from `hop3 deploy` of an unchanged app to the first 200, medians of `rounds`, and the
 *    ratio with/without: what a user waits for.
 * Run as root: `node bench/sbom.ts [sample…]` (after scripts/bootstrap.sh).
 */
import { cpSync, mkdirSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostPath, sampleAppsDir, testContext } from "../packages/server/src/build/build-fixtures.ts";
import { builders } from "../packages/server/src/build/registry.ts";
import { collectSbom } from "../packages/server/src/sbom/collect-sbom.ts";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import { deploySeconds } from "./support/deploy-timing.ts";

const samples = [
  { builder: "python", sample: "python-uv" },
  { builder: "python", sample: "flask-app" },
  { builder: "node", sample: "express-app" },
  { builder: "node", sample: "node-pnpm" },
  { builder: "go", sample: "go-app" },
  { builder: "ruby", sample: "ruby-app" },
  { builder: "php", sample: "php-app" },
  { builder: "rust", sample: "rust-app" },
  { builder: "java", sample: "java-app" },
  { builder: "static", sample: "static-site" },
] as const;
const rounds = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measure(builderName: string, sample: string): Promise<{ build: number; sbom: number; first: number; components: number }> {
  const builder = builders.find((candidate) => candidate.name === builderName);
  if (builder === undefined) throw new Error(`no builder named ${builderName}`);
  // The layout of an app's directory: releases and the cache side by side (links stay inside it).
  const root = realpathSync(mkdtempSync(join(tmpdir(), "bench-sbom-")));
  const cacheDir = join(root, "cache");
  mkdirSync(cacheDir);
  let release = 0;
  const build = async () => {
    release += 1;
    const appDir = join(root, "releases", String(release));
    cpSync(join(sampleAppsDir, sample), appDir, { recursive: true });
    const ctx = testContext({ appDir, cacheDir, home: root });
    const started = performance.now();
    const result = await builder.build(ctx);
    return { seconds: (performance.now() - started) / 1000, appDir, result };
  };
  await build(); // cold: fills the cache
  const builds: number[] = [];
  const sboms: number[] = [];
  let components = 0;
  for (let round = 0; round <= rounds; round++) {
    const warm = await build();
    builds.push(warm.seconds);
    const started = performance.now();
    const { document } = await collectSbom({
      app: sample,
      release,
      builder: builderName,
      sourceCommit: null,
      builtAt: new Date().toISOString(),
      toolVersion: "bench",
      releaseDir: warm.appDir,
      appRoot: root,
      cacheDir,
      env: warm.result.env,
      runtime: warm.result.runtime ?? null,
      appPath: hostPath,
    });
    sboms.push((performance.now() - started) / 1000);
    components = document.components.length;
  }
  const [first = NaN, ...rest] = sboms;
  return { build: median(builds.slice(1)), sbom: median(rest), first, components };
}

/** Warm deploys of each sample, alternating between a server with SBOMs and one without. */
async function deployRatios(chosen: readonly { sample: string; builder: string }[]): Promise<void> {
  const withSbom = await Hop3Fixture.start();
  const without = await Hop3Fixture.start({ env: { HOP3_SBOM: "false" } });
  try {
    console.log(`\nwarm deploy to live, seconds, median of ${rounds}, alternating servers:`);
    console.log(`  ${"builder".padEnd(8)} ${"sample".padEnd(12)} ${"with".padStart(7)} ${"without".padStart(7)} ${"ratio".padStart(6)}`);
    for (const { builder, sample } of chosen) {
      const dir = copySample(sample);
      await deploySeconds(withSbom, sample, dir);
      await deploySeconds(without, sample, dir);
      const on: number[] = [];
      const off: number[] = [];
      for (let round = 0; round < rounds; round++) {
        on.push(await deploySeconds(withSbom, sample, dir));
        off.push(await deploySeconds(without, sample, dir));
      }
      console.log(`  ${builder.padEnd(8)} ${sample.padEnd(12)} ${median(on).toFixed(3).padStart(7)} ${median(off).toFixed(3).padStart(7)} ${(median(on) / median(off)).toFixed(3).padStart(6)}`);
    }
  } finally {
    await withSbom.close();
    await without.close();
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length === 0 ? samples : samples.filter((entry) => only.includes(entry.sample));
  console.log(`SBOM on a warm build, in this process, seconds, median of ${rounds}:`);
  console.log(`  ${"builder".padEnd(8)} ${"sample".padEnd(12)} ${"build".padStart(7)} ${"sbom".padStart(7)} ${"1st sbom".padStart(8)} components`);
  for (const { builder, sample } of chosen) {
    try {
      const { build, sbom, first, components } = await measure(builder, sample);
      console.log(`  ${builder.padEnd(8)} ${sample.padEnd(12)} ${build.toFixed(3).padStart(7)} ${sbom.toFixed(3).padStart(7)} ${first.toFixed(3).padStart(8)} ${components}`);
    } catch (error) {
      console.log(`  ${builder.padEnd(8)} ${sample.padEnd(12)} failed: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  const deployed = chosen.filter((entry) => ["python-uv", "express-app", "go-app", "ruby-app"].includes(entry.sample));
  if (deployed.length > 0) await deployRatios(deployed);
}

await main();
