import type { AppConfig } from "../core/app-config.ts";
import type { RunAs } from "../exec/run-command.ts";

/** Everything a builder needs to build one release of one app. */
export interface BuildContext {
  readonly app: string;
  /** The release's source directory, owned by the app's user; builders build in place. */
  readonly appDir: string;
  /** The app's dependency cache, kept across releases and owned by the app's user. */
  readonly cacheDir: string;
  readonly config: AppConfig;
  /**
   * Base environment for build commands: PATH, HOME, LANG and the app's default environment.
   * Builders add their own variables to a copy; they never read `process.env`.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The app's Unix identity (absent when the server does not run as root). */
  readonly runAs: RunAs | undefined;
  readonly onLine: (stream: "stdout" | "stderr", line: string) => void;
  readonly signal?: AbortSignal | undefined;
}

/** What a build hands to the runtime. */
export interface BuildResult {
  /** Process types the builder provides when the app's config has none of that type (e.g. `web: npm start`). */
  readonly defaultProcesses: Readonly<Record<string, string>>;
  /** Environment the app's processes need from the build, e.g. PATH with a virtualenv first. */
  readonly env: Readonly<Record<string, string>>;
  /** Directory (absolute) the proxy serves directly, for static sites. */
  readonly staticRoot: string | null;
  /** The language runtime the build used, for the release's SBOM (docs/sbom.md). */
  readonly runtime?: BuiltRuntime | undefined;
}

/** A language runtime as a builder found it: `python` 3.11.2 run as `/usr/bin/python3.11`, `go` 1.22.1 run as `go` (looked up in PATH). */
export interface BuiltRuntime {
  readonly name: string;
  readonly version: string;
  /** An absolute path, or a command name looked up in the server's app PATH. */
  readonly command: string;
}

/** A builder driver: one per language, each in a folder of the same shape. */
export interface Builder {
  /** Short name shown to users and accepted by `[build] toolchain`, e.g. `python`. */
  readonly name: string;
  /** What `detect` looks for, in words, listed when no builder recognises an app. */
  readonly lookedFor: readonly string[];
  /** True when the files in `appDir` show this builder applies. */
  detect(appDir: string, config: AppConfig): Promise<boolean>;
  /** Builds in place. Throws `Hop3Error("BUILD_FAILED", …)` naming the failing step. */
  build(context: BuildContext): Promise<BuildResult>;
}
