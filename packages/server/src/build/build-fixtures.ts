import { rmSync } from "node:fs";
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AppConfig } from "../core/app-config.ts";
import type { BuildContext } from "./builder.ts";

// Test support for the builder tests; not used by the server.

/** The repository's sample apps, `test/apps/<name>`. */
export const sampleAppsDir = resolve(import.meta.dirname, "../../../../test/apps");

/** The PATH app builds get on a Hop3 host. */
export const hostPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/go/bin";

/** An app config with nothing set, plus `overrides`. */
export function appConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    id: null,
    processes: {},
    staticRoot: null,
    env: {},
    toolchain: null,
    buildHooks: { before: [], build: [], after: [] },
    healthcheck: null,
    release: [],
    postdeploy: [],
    startTimeoutMs: null,
    buildTimeoutMs: null,
    limits: { memoryBytes: null, cpus: null, maxProcesses: null },
    formation: {},
    cron: [],
    notices: [],
    files: [],
    packageManager: null,
    goMain: [],
    domains: [],
    staticDir: null,
    nodeVersion: null,
    secrets: [],
    references: {},
    envOverrides: [],
    computedEnv: {},
    volumes: [],
    ...overrides,
  };
}

const created: string[] = [];
process.once("exit", () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `hop3-${prefix}-`));
  created.push(dir);
  return dir;
}

/** A temp directory holding `files` (path -> content). */
export async function appWith(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await tempDir("app");
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** A writable copy of a sample app in a temp dir. */
export async function copySampleApp(name: string): Promise<string> {
  const dir = join(await tempDir(name), name);
  await cp(join(sampleAppsDir, name), dir, { recursive: true });
  return dir;
}

/** A build context running as the current user, collecting every printed line. */
export function testContext(options: { appDir: string; cacheDir: string; home: string; config?: AppConfig; signal?: AbortSignal }): BuildContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    app: "sample",
    appDir: options.appDir,
    cacheDir: options.cacheDir,
    config: options.config ?? appConfig(),
    env: { PATH: hostPath, HOME: options.home, LANG: "C.UTF-8" },
    runAs: undefined,
    onLine: (_stream, line) => lines.push(line),
    signal: options.signal,
    lines,
  };
}
