/**
 * Builders benchmark: for each builder and variant (one sample app each), seconds from
 * `hop3 deploy` to the first 200 through the proxy, cold (new app, empty caches) and warm
 * (second deploy of the same source: unchanged lockfile), and the warm/cold ratio. The warm
 * figure should be a small fraction of the cold one: a warm build links cached dependencies.
 * A warm deploy also pays the release switch (start beside the old release, health check,
 * drain, stop), the same for every builder; so a second table times the builder alone,
 * in this process, cold and warm, on fresh copies of the sample.
 * Cold figures include each tool's first downloads (pnpm and Yarn through corepack, wheels).
 * Run as root: `npm run build && node bench/builders.ts [sample…]` (after scripts/bootstrap.sh).
 * Add a builder by adding its sample apps to `samples`.
 */
import { copySampleApp, tempDir, testContext } from "../packages/server/src/build/build-fixtures.ts";
import { builders } from "../packages/server/src/build/registry.ts";
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import { deploySeconds } from "./support/deploy-timing.ts";

/** One line of the report: a builder, the variant the sample exercises, the sample under test/apps. */
interface BenchSample {
  readonly builder: string;
  readonly variant: string;
  readonly sample: string;
}

const samples: readonly BenchSample[] = [
  { builder: "python", variant: "pip (requirements.txt)", sample: "flask-app" },
  { builder: "python", variant: "uv (uv.lock)", sample: "python-uv" },
  { builder: "python", variant: "poetry (poetry.lock)", sample: "python-poetry" },
  { builder: "python", variant: "pipenv (Pipfile.lock)", sample: "python-pipenv" },
  { builder: "node", variant: "npm (package-lock.json)", sample: "express-app" },
  { builder: "node", variant: "pnpm (pnpm-lock.yaml, build script)", sample: "node-pnpm" },
  { builder: "node", variant: "yarn 1 (yarn.lock)", sample: "node-yarn" },
];

/** The builder alone: cold (empty cache) then warm (same cache), each on a fresh copy. */
async function builderSeconds(builderName: string, sample: string): Promise<{ cold: number; warm: number }> {
  const builder = builders.find((candidate) => candidate.name === builderName);
  if (builder === undefined) throw new Error(`no builder named ${builderName}`);
  const cacheDir = await tempDir("bench-cache");
  const once = async () => {
    const ctx = testContext({ appDir: await copySampleApp(sample), cacheDir, home: await tempDir("bench-home") });
    const started = performance.now();
    await builder.build(ctx);
    return (performance.now() - started) / 1000;
  };
  const cold = await once();
  return { cold, warm: await once() };
}

function row(builder: string, variant: string, cold: number, warm: number): string {
  return `  ${builder.padEnd(8)} ${variant.padEnd(38)} ${cold.toFixed(2).padStart(7)} ${warm.toFixed(2).padStart(7)}  ${(warm / cold).toFixed(2)}`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length === 0 ? samples : samples.filter((entry) => only.includes(entry.sample));
  const hop3 = await Hop3Fixture.start({ built: true });
  try {
    console.log("build-to-live seconds (hop3 deploy until the first 200 through the proxy):");
    console.log(`  ${"builder".padEnd(8)} ${"variant".padEnd(38)} ${"cold".padStart(7)} ${"warm".padStart(7)}  warm/cold`);
    for (const { builder, variant, sample } of chosen) {
      const app = `bench-${sample}`;
      const cold = await deploySeconds(hop3, app, copySample(sample));
      const warm = await deploySeconds(hop3, app, copySample(sample));
      console.log(row(builder, variant, cold, warm));
      await hop3.cli(["apps:destroy", app, "--yes"]);
    }
  } finally {
    await hop3.close();
  }
  console.log("builder alone, seconds (in this process, as the current user; no upload, start or switch):");
  console.log(`  ${"builder".padEnd(8)} ${"variant".padEnd(38)} ${"cold".padStart(7)} ${"warm".padStart(7)}  warm/cold`);
  for (const { builder, variant, sample } of chosen) {
    const { cold, warm } = await builderSeconds(builder, sample);
    console.log(row(builder, variant, cold, warm));
  }
}

await main();
