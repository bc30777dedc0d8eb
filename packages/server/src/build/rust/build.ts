import { Hop3Error } from "@hop3/contract";
import { join } from "node:path";
import { announce, readStepOutput, runBuildStep, warn } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isFile } from "../file-probe.ts";
import { prependPath } from "../path-env.ts";
import { checkBuiltPrograms } from "../process-program.ts";
import { userFs } from "../user-fs.ts";

const label = "rust";
/** Where the release's binaries are copied, relative to the app, as `cargo build --release` would leave them. */
const outputDir = "target/release";

/**
 * Builds with `cargo build --release`, the registry (CARGO_HOME) and the target directory in the
 * app's cache so a redeploy only recompiles the app's own crates, then copies the binaries into
 * `<appDir>/target/release`, which is put first on the processes' PATH.
 */
export async function buildRust(ctx: BuildContext): Promise<BuildResult> {
  const env = cargoEnv(ctx);
  const [version] = await readStepOutput(ctx, { label, argv: ["cargo", "--version"], env });
  announce(ctx, `Rust: ${version ?? "cargo (unknown version)"}`);
  const binaries = cargoBinaries(await readStepOutput(ctx, { label, argv: ["cargo", "metadata", "--no-deps", "--format-version", "1"], env }));
  const locked = await isFile(join(ctx.appDir, "Cargo.lock"));
  if (!locked) warn(ctx, "No Cargo.lock: dependency versions are resolved again on each deploy; commit Cargo.lock.");
  const argv: [string, ...string[]] = ["cargo", "build", "--release", ...(locked ? ["--locked"] : [])];
  await runBuildStep(ctx, { label, title: `Building with ${argv.join(" ")}`, argv, env });

  const built = await copyBinaries(ctx, binaries, join(env.CARGO_TARGET_DIR, "release"));
  await checkBuiltPrograms(ctx, { label, outputDir, built, tool: "cargo" });
  const [only] = built;
  return {
    defaultProcesses: built.length === 1 && only !== undefined ? { web: only } : {},
    env: { PATH: prependPath([join(ctx.appDir, outputDir)], ctx.env.PATH) },
    staticRoot: null,
    runtime: { name: "rust", version: /^cargo (\S+)/.exec(version ?? "")?.[1] ?? "unknown", command: "cargo" },
  };
}

/** The names of the binary targets of the workspace's packages, from `cargo metadata --no-deps`. */
export function cargoBinaries(metadataLines: readonly string[]): string[] {
  let metadata: unknown;
  try {
    metadata = JSON.parse(metadataLines.join("\n"));
  } catch (error) {
    throw new Hop3Error("BUILD_FAILED", `${label}: \`cargo metadata\` did not print valid JSON`, { cause: error });
  }
  const packages = (metadata as { packages?: { targets?: { name?: unknown; kind?: unknown }[] }[] }).packages ?? [];
  const names = packages.flatMap((pkg) => pkg.targets ?? []).filter((target) => Array.isArray(target.kind) && target.kind.includes("bin"));
  return [...new Set(names.map((target) => String(target.name)))];
}

/** Copies the binaries cargo produced into the release; returns the names copied. */
async function copyBinaries(ctx: BuildContext, binaries: readonly string[], releaseDir: string): Promise<string[]> {
  const built: string[] = [];
  for (const name of binaries) if (await isFile(join(releaseDir, name))) built.push(name);
  const fs = userFs(ctx, label);
  // An uploaded target/ would only be stale: the release gets exactly what this build made.
  await fs.remove(join(ctx.appDir, "target"));
  await fs.mkdirp(join(ctx.appDir, outputDir));
  if (built.length > 0) {
    await runBuildStep(ctx, { label, argv: ["cp", "--", ...built.map((name) => join(releaseDir, name)), join(ctx.appDir, outputDir)], cwd: "/" });
  }
  return built;
}

function cargoEnv(ctx: BuildContext): Record<string, string> & { CARGO_TARGET_DIR: string } {
  return {
    ...ctx.env,
    CARGO_HOME: join(ctx.cacheDir, "cargo"),
    CARGO_TARGET_DIR: join(ctx.cacheDir, "rust-target"),
    CARGO_TERM_COLOR: "never",
    CARGO_TERM_PROGRESS_WHEN: "never",
  };
}
