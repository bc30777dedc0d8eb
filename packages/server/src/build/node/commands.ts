import { join } from "node:path";
import type { BuildContext } from "../builder.ts";
import { prependPath } from "../path-env.ts";
import { systemCaBundle } from "../trust-store.ts";
import type { PackageManagerChoice } from "./package-manager.ts";
import { readAppText } from "../../host/read-app-file.ts";

type Argv = readonly [string, ...string[]];

/** The commands of one package manager: install (with or without dev dependencies) and prune. */
export interface PackageManagerCommands {
  /** `pnpm`, `yarn 1`, `yarn berry`, `npm`: how the build output names the tool. */
  readonly shown: string;
  install(withDev: boolean): Argv;
  /** Removes the dev dependencies an install with them left. */
  prune(): Argv;
  /** False when node_modules cannot be built away from the app and linked in (Yarn Berry's PnP). */
  readonly cacheable: boolean;
  /** The default `web` command when package.json has a start script. */
  readonly start: string;
  /** Settings only this package manager knows, added to the environment of its commands. */
  readonly env: Readonly<Record<string, string>>;
}

/** The commands for the chosen package manager; pnpm and Yarn run through corepack. */
export async function packageManagerCommands(ctx: BuildContext, choice: PackageManagerChoice, packageManagerField: string | null): Promise<PackageManagerCommands> {
  const locked = choice.lockfile !== null;
  switch (choice.name) {
    case "npm":
      return {
        shown: "npm",
        install: (withDev) => ["npm", locked ? "ci" : "install", withDev ? "--include=dev" : "--omit=dev", "--prefer-offline"],
        prune: () => ["npm", "prune", "--omit=dev"],
        cacheable: true,
        start: "npm start",
        env: {},
      };
    case "pnpm": {
      const store = ["--store-dir", join(ctx.cacheDir, "pnpm-store")];
      const frozen = locked ? "--frozen-lockfile" : "--no-frozen-lockfile";
      return {
        shown: "pnpm",
        install: (withDev) => ["corepack", "pnpm", "install", frozen, withDev ? "--prod=false" : "--prod", "--prefer-offline", ...store],
        // `pnpm prune` takes no --store-dir: it finds the store in npm_config_store_dir.
        prune: () => ["corepack", "pnpm", "prune", "--prod"],
        cacheable: true,
        start: "npm start",
        // pnpm's setting, unknown to npm: npm warns `Unknown env config "store-dir"` when it sees it.
        env: { npm_config_store_dir: join(ctx.cacheDir, "pnpm-store") },
      };
    }
    case "yarn":
      if (await isYarnBerry(ctx.appDir, packageManagerField)) {
        return {
          shown: "yarn (berry)",
          install: (withDev) => (withDev ? ["corepack", "yarn", "install", ...(locked ? ["--immutable"] : [])] : ["corepack", "yarn", "workspaces", "focus", "--all", "--production"]),
          prune: () => ["corepack", "yarn", "workspaces", "focus", "--all", "--production"],
          cacheable: false,
          // Plug'n'Play apps need Yarn's loader, so Yarn itself runs the start script.
          start: "corepack yarn start",
          env: {},
        };
      }
      return {
        shown: "yarn (classic)",
        install: (withDev) => ["corepack", "yarn", "install", ...(locked ? ["--frozen-lockfile"] : []), "--non-interactive", `--production=${withDev ? "false" : "true"}`, "--prefer-offline"],
        // Yarn 1 has no prune: installing again for production removes the dev dependencies.
        prune: () => ["corepack", "yarn", "install", ...(locked ? ["--frozen-lockfile"] : []), "--non-interactive", "--production=true", "--prefer-offline", "--ignore-scripts"],
        cacheable: true,
        start: "npm start",
        env: {},
      };
  }
}

/** Yarn 2+ ("berry") writes `__metadata` in its lockfile; `packageManager: yarn@1…` is classic. */
async function isYarnBerry(appDir: string, packageManagerField: string | null): Promise<boolean> {
  const version = /^yarn@(\d+)/.exec(packageManagerField ?? "")?.[1];
  if (version !== undefined) return Number(version) >= 2;
  const lock = (await readAppText(appDir, "yarn.lock")) ?? "";
  return /^__metadata:/m.test(lock);
}

/**
 * The environment of every package manager command: node_modules/.bin first, NODE_ENV, and
 * every cache (npm, Yarn, corepack's downloads) in the app's cache directory; pnpm's store is
 * in its commands' own `env`, which npm would warn about.
 */
export function nodeEnv(ctx: BuildContext): Record<string, string> & { PATH: string; NODE_ENV: string } {
  const cache = (name: string) => join(ctx.cacheDir, name);
  return {
    ...ctx.env,
    PATH: prependPath([join(ctx.appDir, "node_modules", ".bin")], ctx.env.PATH),
    NODE_ENV: ctx.env.NODE_ENV ?? "production",
    npm_config_cache: cache("npm"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    // corepack fetches pnpm and Yarn (the version package.json "packageManager" pins, else the
    // one this corepack release knows as good) once per app, from the npm registry only.
    COREPACK_HOME: cache("corepack"),
    COREPACK_ENABLE_DOWNLOAD_PROMPT: "0",
    COREPACK_ENABLE_AUTO_PIN: "0",
    COREPACK_DEFAULT_TO_LATEST: "0",
    COREPACK_ENABLE_STRICT: "0",
    COREPACK_NPM_REGISTRY: ctx.env.COREPACK_NPM_REGISTRY ?? "https://registry.npmjs.org",
    // corepack's fetch and pnpm/Yarn trust the host's CAs, as npm does.
    NODE_EXTRA_CA_CERTS: ctx.env.NODE_EXTRA_CA_CERTS ?? systemCaBundle,
    YARN_CACHE_FOLDER: cache("yarn"),
    YARN_ENABLE_GLOBAL_CACHE: "false",
    YARN_ENABLE_TELEMETRY: "0",
    YARN_ENABLE_PROGRESS_BARS: "false",
    XDG_CACHE_HOME: cache("xdg-cache"),
    XDG_DATA_HOME: cache("xdg-data"),
    XDG_STATE_HOME: cache("xdg-state"),
  };
}
