import { createHash } from "node:crypto";
import { join } from "node:path";
import { announce, readStepOutput, runBuildStep, warn } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isDirectory, isFile } from "../file-probe.ts";
import { prependPath } from "../path-env.ts";
import { readAppFile } from "../../host/read-app-file.ts";

const label = "ruby";

/**
 * Installs the Gemfile's gems with `bundle install --local`: from the app's `vendor/cache`
 * (made with `bundle cache`), since no gem server is reachable. The bundle lives in the app's
 * cache under a digest of Gemfile and Gemfile.lock, so a redeploy with the same lockfile finds
 * every gem installed and a rollback finds its own bundle.
 */
export async function buildRuby(ctx: BuildContext): Promise<BuildResult> {
  const rubyDir = join(ctx.cacheDir, "ruby");
  const bundlePath = join(rubyDir, "bundles", await gemsDigest(ctx.appDir));
  const locked = await isFile(join(ctx.appDir, "Gemfile.lock"));
  const base = { ...ctx.env, ...bundlerEnv(ctx, { rubyDir, bundlePath, locked }) };
  const [version] = await readStepOutput(ctx, { label, argv: ["ruby", "--version"], env: base });
  announce(ctx, `Ruby: ${version ?? "(unknown version)"}`);
  const [abi] = await readStepOutput(ctx, { label, argv: ["ruby", "-e", 'print RbConfig::CONFIG["ruby_version"]'], env: base });
  if (!locked) warn(ctx, "No Gemfile.lock: gem versions are resolved again on each deploy; commit Gemfile.lock.");
  if (!(await isDirectory(join(ctx.appDir, "vendor", "cache")))) {
    warn(ctx, "No vendor/cache: gems are installed only from there (no gem server is reachable).");
    warn(ctx, "Run `bundle cache` locally and commit vendor/cache.");
  }
  await runBuildStep(ctx, { label, title: "Installing gems with bundle install --local (from vendor/cache)", argv: ["bundle", "install", "--local"], env: base });
  const env = { ...bundlerEnv(ctx, { rubyDir, bundlePath, locked }), PATH: prependPath([join(bundlePath, "ruby", abi ?? "", "bin")], ctx.env.PATH) };
  return {
    defaultProcesses: (await isFile(join(ctx.appDir, "config.ru"))) ? { web: "bundle exec rackup config.ru --host 127.0.0.1 --port $PORT" } : {},
    env,
    staticRoot: null,
    runtime: { name: "ruby", version: /^ruby (\d+\.\d+\.\d+)/.exec(version ?? "")?.[1] ?? "unknown", command: "ruby" },
  };
}

/** Bundler's settings, for the build and the app's processes alike: nothing is read from or written to HOME. */
function bundlerEnv(ctx: BuildContext, options: { rubyDir: string; bundlePath: string; locked: boolean }): Record<string, string> {
  const { rubyDir, bundlePath, locked } = options;
  return {
    BUNDLE_PATH: bundlePath,
    BUNDLE_GEMFILE: join(ctx.appDir, "Gemfile"),
    BUNDLE_APP_CONFIG: join(rubyDir, "bundle-config"),
    BUNDLE_USER_HOME: join(rubyDir, "home"),
    BUNDLE_WITHOUT: ctx.env.BUNDLE_WITHOUT ?? "development:test",
    BUNDLE_DISABLE_VERSION_CHECK: "true",
    // With a lockfile, the install must match it exactly, as in Bundler's deployment mode.
    ...(locked ? { BUNDLE_FROZEN: ctx.env.BUNDLE_FROZEN ?? "true" } : {}),
  };
}

/** A digest of Gemfile and Gemfile.lock: the bundle directory's name. */
async function gemsDigest(appDir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of ["Gemfile", "Gemfile.lock"]) {
    const content = (await readAppFile(appDir, file)) ?? Buffer.alloc(0);
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex").slice(0, 16);
}
