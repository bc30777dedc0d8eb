/**
 * SBOM benchmark: for each builder (one sample app each), the seconds a warm build takes (the
 * builder alone, in this process, second build on the same cache: the unchanged-lockfile
 * redeploy) and the seconds recording its SBOM takes on that build (collectSbom: reading what
 * the builder installed, dpkg-query for the runtime's Debian packages, the CycloneDX
 * document), median of `rounds`, and their ratio. Issue 20 asks for under 10 % of a warm
 * build; a warm deploy also pays the release switch, so the ratio to a whole deploy is lower.
 * Run as root: `node bench/sbom.ts [sample…]` (after scripts/bootstrap.sh).
 */
import { cpSync, mkdirSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostPath, sampleAppsDir, testContext } from "../packages/server/src/build/build-fixtures.ts";
import { builders } from "../packages/server/src/build/registry.ts";
import { collectSbom } from "../packages/server/src/sbom/collect-sbom.ts";

const samples = [
  { builder: "python", sample: "python-uv" },
  { builder: "python", sample: "flask-app" },
  { builder: "node", sample: "express-app" },
  { builder: "node", sample: "node-pnpm" },
  { builder: "go", sample: "go-app" },
  { builder: "ruby", sample: "ruby-app" },
  { builder: "php", sample: "php-app" },
  { builder: "rust", sample: "rust-app" },
] as const;
const rounds = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measure(builderName: string, sample: string): Promise<{ build: number; sbom: number; components: number }> {
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
  for (let round = 0; round < rounds; round++) {
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
      env: warm.result.env,
      runtime: warm.result.runtime ?? null,
      appPath: hostPath,
    });
    sboms.push((performance.now() - started) / 1000);
    components = document.components.length;
  }
  return { build: median(builds), sbom: median(sboms), components };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length === 0 ? samples : samples.filter((entry) => only.includes(entry.sample));
  console.log(`SBOM cost on a warm build, median of ${rounds} (builder alone, then collectSbom on its output):`);
  console.log(`  ${"builder".padEnd(8)} ${"sample".padEnd(12)} ${"build s".padStart(8)} ${"sbom s".padStart(8)} ${"ratio".padStart(6)} components`);
  for (const { builder, sample } of chosen) {
    try {
      const { build, sbom, components } = await measure(builder, sample);
      console.log(`  ${builder.padEnd(8)} ${sample.padEnd(12)} ${build.toFixed(3).padStart(8)} ${sbom.toFixed(3).padStart(8)} ${`${((sbom / build) * 100).toFixed(1)}%`.padStart(6)} ${components}`);
    } catch (error) {
      console.log(`  ${builder.padEnd(8)} ${sample.padEnd(12)} failed: ${(error as Error).message.split("\n")[0]}`);
    }
  }
}

await main();
