/**
 * Builders benchmark (Go, Rust, Java, Ruby, PHP, Procfile-only): for each sample app, seconds from
 * `hop3 deploy` to the first 200 through the proxy, cold (new app, empty caches) and warm
 * (a second deploy of the same sources, so the same lockfile), and the warm/cold ratio.
 * The warm figure should be a small fraction of the cold one. The procfile sample builds
 * nothing (its build is one shell script): its figures are the deploy pipeline's own floor.
 * Run as root: `npm run build && node bench/builders-langs.ts [builder…]` (after scripts/bootstrap.sh).
 */
import { Hop3Fixture } from "../test/e2e/support/hop3-fixture.ts";
import { copySample } from "../test/e2e/support/sample-apps.ts";
import { deploySeconds } from "./support/deploy-timing.ts";

const samples: Record<string, string> = { go: "go-app", rust: "rust-app", java: "java-app", ruby: "ruby-app", php: "php-app", procfile: "procfile-app" };

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const builders = Object.keys(samples).filter((name) => chosen.length === 0 || chosen.includes(name));
  const hop3 = await Hop3Fixture.start({ built: true });
  try {
    console.log("deploy to first 200 through the proxy, per builder (seconds):");
    console.log("  builder    cold     warm     warm/cold");
    for (const builder of builders) {
      const sample = samples[builder] ?? "";
      const app = `bench-${builder}`;
      const cold = await deploySeconds(hop3, app, copySample(sample));
      const warm = await deploySeconds(hop3, app, copySample(sample));
      console.log(`  ${builder.padEnd(9)} ${cold.toFixed(2).padStart(6)}   ${warm.toFixed(2).padStart(6)}   ${(warm / cold).toFixed(2).padStart(6)}`);
      await hop3.cli(["apps:destroy", app, "--yes"]);
    }
    console.log("  (procfile builds nothing: its figures are the deploy pipeline's floor, upload to first 200)");
  } finally {
    await hop3.close();
  }
}

await main();
