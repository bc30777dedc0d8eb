import { Hop3Error } from "@hop3/contract";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { announce, readStepOutput, runBuildStep, warn } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isFile } from "../file-probe.ts";
import { prependPath } from "../path-env.ts";

const label = "node";
const lockfiles = ["package-lock.json", "npm-shrinkwrap.json"];

/**
 * Builds a Node.js app with npm: `npm ci` from the lockfile (or `npm install` without one),
 * then, when there is a `build` script, runs it with devDependencies installed and prunes
 * them afterwards. The app runs with NODE_ENV=production unless its own env says otherwise.
 */
export async function buildNode(ctx: BuildContext): Promise<BuildResult> {
  const scripts = await readScripts(ctx.appDir);
  const hasBuild = scripts.build !== undefined;
  const env = npmEnv(ctx);
  const [version] = await readStepOutput(ctx, { label, argv: ["node", "--version"], env });
  announce(ctx, `Node.js ${version ?? "(unknown version)"}`);

  const lockfile = await firstFile(ctx.appDir, lockfiles);
  if (lockfile === undefined) {
    warn(ctx, "No package-lock.json: installs are not reproducible without a lockfile.");
    warn(ctx, "Run `npm install` locally and commit package-lock.json.");
  }
  const install = lockfile === undefined ? "install" : "ci";
  await runBuildStep(ctx, {
    label,
    title: `Installing dependencies with npm ${install}${hasBuild ? " (with devDependencies, for the build script)" : ""}`,
    argv: ["npm", install, hasBuild ? "--include=dev" : "--omit=dev"],
    env,
  });
  if (hasBuild) {
    await runBuildStep(ctx, { label, title: "Running the build script (npm run build)", argv: ["npm", "run", "build"], env });
    await runBuildStep(ctx, { label, title: "Pruning devDependencies", argv: ["npm", "prune", "--omit=dev"], env });
  }
  return {
    defaultProcesses: await defaultProcesses(ctx.appDir, scripts),
    env: { PATH: env.PATH, NODE_ENV: env.NODE_ENV },
    staticRoot: null,
  };
}

/** Like Heroku: `npm start` when there is a start script, else `node server.js` when that file exists. */
async function defaultProcesses(appDir: string, scripts: Readonly<Record<string, unknown>>): Promise<Record<string, string>> {
  if (scripts.start !== undefined) return { web: "npm start" };
  if (await isFile(join(appDir, "server.js"))) return { web: "node server.js" };
  return {};
}

function npmEnv(ctx: BuildContext): Record<string, string> & { PATH: string; NODE_ENV: string } {
  return {
    ...ctx.env,
    PATH: prependPath([join(ctx.appDir, "node_modules", ".bin")], ctx.env.PATH),
    NODE_ENV: ctx.env.NODE_ENV ?? "production",
    npm_config_cache: join(ctx.cacheDir, "npm"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
}

async function readScripts(appDir: string): Promise<Readonly<Record<string, unknown>>> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(appDir, "package.json"), "utf8"));
  } catch (error) {
    // The parser's message quotes the file; it is left out in case package.json is a symlink
    // to a file the app's user may not read.
    throw new Hop3Error("BUILD_FAILED", `${label}: package.json is not a valid JSON file`, { cause: error });
  }
  const scripts = typeof manifest === "object" && manifest !== null ? (manifest as { scripts?: unknown }).scripts : undefined;
  return typeof scripts === "object" && scripts !== null ? (scripts as Record<string, unknown>) : {};
}

async function firstFile(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if (await isFile(join(dir, name))) return name;
  return undefined;
}
