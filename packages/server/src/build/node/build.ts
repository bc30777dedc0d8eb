import { Hop3Error } from "@hop3/contract";
import { join } from "node:path";
import { announce, readStepOutput, runBuildStep, warn } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isFile } from "../file-probe.ts";
import { userFs } from "../user-fs.ts";
import { nodeEnv, packageManagerCommands } from "./commands.ts";
import { checkNodeEngine, checkNodeVersion } from "./engines.ts";
import { readNodeManifest } from "./manifest.ts";
import { linkCachedNodeModules } from "./modules-cache.ts";
import { headersDownloadFailed, missingDebianPackages } from "./native-hint.ts";
import { nodeProbeArgv, parseNodeProbe } from "./node-headers.ts";
import { chooseNodePackageManager } from "./package-manager.ts";

const label = "node";
/** Lifecycle scripts of the app itself that need its sources: their presence keeps the install in the release. */
const ownInstallScripts = ["preinstall", "install", "postinstall", "prepare"];

/**
 * Builds a Node.js app with npm, pnpm or Yarn (chosen by lockfile; the latter two through
 * corepack), after checking package.json `engines.node`. With a lockfile, node_modules is
 * cached per lockfile and linked in: the full one while a `build` script runs, then the
 * production one. Without a lockfile, dependencies are installed in the release (with
 * devDependencies when there is a build script, pruned after it).
 * The app runs with NODE_ENV=production unless its own env says otherwise.
 */
export async function buildNode(ctx: BuildContext): Promise<BuildResult> {
  const manifest = await readNodeManifest(ctx.appDir);
  const hasBuild = manifest.scripts.build !== undefined;
  const probe = parseNodeProbe(await readStepOutput(ctx, { label, argv: nodeProbeArgv, env: nodeEnv(ctx) }));
  const version = probe.version;
  // node-gyp builds native modules against the installed Node's headers instead of downloading them.
  const baseEnv = probe.headersDir !== null && ctx.env.npm_config_nodedir === undefined ? { ...nodeEnv(ctx), npm_config_nodedir: probe.headersDir } : nodeEnv(ctx);
  announce(ctx, `Node.js ${version}${manifest.enginesNode === null ? "" : ` (package.json engines.node "${manifest.enginesNode}")`}`);
  checkNodeEngine(manifest.enginesNode, version);
  checkNodeVersion(ctx.config.nodeVersion, version);

  const choice = await chooseNodePackageManager(ctx.appDir, manifest.packageManager, ctx.config.packageManager);
  const commands = await packageManagerCommands(ctx, choice, manifest.packageManager);
  const env = { ...baseEnv, ...commands.env };
  announce(ctx, `Installing with ${choice.reason}`);
  if (choice.setAside !== null) warn(ctx, choice.setAside);
  if (choice.lockfile === null) {
    warn(ctx, `No lockfile: installs are not reproducible without a lockfile.`);
    warn(ctx, `Run \`${choice.name} install\` locally and commit its lockfile.`);
  }
  const install = (withDev: boolean, cwd: string) =>
    installStep(ctx, {
      title: `Installing dependencies with ${installShown(commands.install(withDev))}${withDev ? " (with devDependencies, for the build script)" : ""}`,
      argv: commands.install(withDev),
      cwd,
      env,
    });

  const runsOwnScripts = ownInstallScripts.some((script) => manifest.scripts[script] !== undefined);
  const build = () => runBuildStep(ctx, { label, title: `Running the build script (${choice.name} run build)`, argv: buildArgv(choice.name), env });
  if (choice.lockfile !== null && commands.cacheable && !runsOwnScripts) {
    // Both installs are cached: a warm build with a build script links the full node_modules,
    // builds, then links the production one in its place.
    const salt = `${commands.shown}\0${version}`;
    const fs = userFs(ctx, label);
    if (hasBuild) {
      await linkCachedNodeModules(ctx, fs, "with devDependencies", salt, (cwd) => install(true, cwd));
      await build();
    }
    await linkCachedNodeModules(ctx, fs, "production", salt, (cwd) => install(false, cwd));
  } else {
    await install(hasBuild, ctx.appDir);
    if (hasBuild) {
      await build();
      await runBuildStep(ctx, { label, title: "Pruning devDependencies", argv: commands.prune(), env });
    }
  }
  return {
    defaultProcesses: await defaultProcesses(ctx.appDir, manifest.scripts, commands.start),
    env: {
      PATH: env.PATH,
      NODE_ENV: env.NODE_ENV,
      // `npm start` keeps its logs in its cache: the app's, not HOME.
      npm_config_cache: env.npm_config_cache ?? "",
      npm_config_update_notifier: "false",
      // corepack finds the Yarn it downloaded when Yarn runs the app (Plug'n'Play).
      ...(commands.cacheable ? {} : { COREPACK_HOME: env.COREPACK_HOME ?? "", COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" }),
    },
    staticRoot: null,
    runtime: { name: "node", version: version.replace(/^v/, ""), command: "node" },
  };
}

/** `npm ci`, `pnpm install`, `yarn install`: the command a user would recognise, without corepack and flags. */
function installShown(argv: readonly string[]): string {
  return argv
    .filter((word) => word !== "corepack")
    .slice(0, 2)
    .join(" ");
}

function buildArgv(name: string): readonly [string, ...string[]] {
  return name === "npm" ? ["npm", "run", "build"] : ["corepack", name, "run", "build"];
}

/**
 * Runs an install, keeping its output; when it fails because a native module could not be
 * compiled, the error's hint names the Debian packages the output says are missing.
 */
async function installStep(ctx: BuildContext, step: { title: string; argv: readonly [string, ...string[]]; cwd: string; env: Record<string, string> }): Promise<void> {
  const lines: string[] = [];
  try {
    await runBuildStep(ctx, {
      label,
      ...step,
      onLine: (stream, line) => {
        lines.push(line);
        if (lines.length > 400) lines.shift();
        ctx.onLine(stream, line);
      },
    });
  } catch (error) {
    if (error instanceof Hop3Error && headersDownloadFailed(lines)) {
      throw new Hop3Error("BUILD_FAILED", `${error.message}: node-gyp could not download Node's headers to compile a native module`, {
        hint: "Install Node's headers on the server (the NodeSource and nodejs.org builds ship them in <prefix>/include/node; Hop3 then points node-gyp at them), or set npm_config_nodedir in [env] to a directory holding include/node.",
        cause: error,
      });
    }
    const packages = missingDebianPackages(lines);
    if (!(error instanceof Hop3Error) || packages.length === 0) throw error;
    const list = packages.join(" ");
    warn(ctx, `A native module could not be compiled: the server lacks ${list}.`);
    throw new Hop3Error("BUILD_FAILED", `${error.message}: a native module needs ${list}, not installed on this server`, {
      hint: `Ask the server's operator to run \`apt-get install ${list}\` (or list them in hop3.toml [build] packages), then deploy again.`,
      cause: error,
    });
  }
}

/** Like Heroku: the start script when there is one (`npm start` runs it for every package manager), else `node server.js`. */
async function defaultProcesses(appDir: string, scripts: Readonly<Record<string, unknown>>, start: string): Promise<Record<string, string>> {
  if (scripts.start !== undefined) return { web: start };
  if (await isFile(join(appDir, "server.js"))) return { web: "node server.js" };
  return {};
}
