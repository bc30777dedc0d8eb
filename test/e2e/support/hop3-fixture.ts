import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Instance, ProcessList } from "@hop3/contract";
import { freeTestPort } from "./test-ports.ts";

export const repoRoot = resolve(import.meta.dirname, "../../..");
const serverMain = join(repoRoot, "packages/server/src/main.ts");
const builtServerMain = join(repoRoot, "packages/server/dist/bundle/main.js");
/** The program users run: it starts the built JavaScript with the daemon's Node flags. */
const serverBin = join(repoRoot, "packages/server/bin/hop3-server");
const cliMain = join(repoRoot, "packages/cli/src/main.ts");
/**
 * V8's code cache for the Node programs the tests start from the sources (the CLI, hundreds of
 * times a file, and the server): without it every start compiles the TypeScript again, about
 * half of a CLI call's CPU. It only caches compilation (Node checks each entry against the
 * source), so nothing a test observes changes. Written by root, readable by the daemon.
 */
const nodeCompileCache = join(tmpdir(), "hop3-e2e-node-compile-cache");
mkdirSync(nodeCompileCache, { recursive: true, mode: 0o755 });

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface HttpResult {
  readonly status: number;
  readonly body: string;
}

/** A real hop3-server in a temporary state root, on free ports, with its own Caddy. */
export class Hop3Fixture {
  readonly home: string;
  readonly httpPort: number;
  readonly apiPort: number;
  readonly token: string;
  #server: ChildProcess | null = null;
  #serverLog = "";
  /** How the server is started: a program and the arguments before the subcommand. */
  readonly #serverCommand: ServerCommand;
  /** Server settings a test adds to the defaults (HOP3_* variables). */
  #extraEnv: Record<string, string> = {};

  private constructor(home: string, httpPort: number, apiPort: number, token: string, serverCommand: ServerCommand) {
    this.home = home;
    this.httpPort = httpPort;
    this.apiPort = apiPort;
    this.token = token;
    this.#serverCommand = serverCommand;
  }

  /**
   * Starts a server from the sources, or with `built` (default: `HOP3_E2E_BUILT=1`) as installed:
   * `bin/hop3-server` running `dist/` (`npm run build`) with the daemon's Node flags.
   */
  static async start(options: { built?: boolean; env?: Record<string, string> | ((ports: { apiPort: number; httpPort: number }) => Record<string, string>) } = {}): Promise<Hop3Fixture> {
    // HOP3_E2E_BUILT=1 runs every e2e file against the bundle users run (docs/adr/0063-bundled-server.md).
    const built = options.built ?? process.env.HOP3_E2E_BUILT === "1";
    if (built) assertBuilt();
    // HOP3_NODE: the bin script runs the Node running this test.
    const serverCommand: ServerCommand = built ? { program: serverBin, args: [], env: { HOP3_NODE: process.execPath } } : { program: process.execPath, args: [serverMain], env: {} };
    const home = mkdtempSync(join(tmpdir(), "hop3-e2e-"));
    const [httpPort, apiPort] = [await freeTestPort(), await freeTestPort()];
    // A function when a setting names the server's own address (an OIDC redirect URL).
    const extraEnv = typeof options.env === "function" ? options.env({ apiPort, httpPort }) : (options.env ?? {});
    const env = { ...serverEnv(home, httpPort, apiPort), ...serverCommand.env, ...extraEnv };
    const setup = await runProgram(serverCommand.program, [...serverCommand.args, "setup", "--json"], { env });
    if (setup.code !== 0) throw new Error(`hop3-server setup failed: ${setup.stderr}`);
    const fixture = new Hop3Fixture(home, httpPort, apiPort, (JSON.parse(setup.stdout) as { token: string }).token, serverCommand);
    fixture.#extraEnv = extraEnv;
    await fixture.startServer();
    return fixture;
  }

  /** Starts the server again; `settings` (HOP3_* variables) replace the ones the fixture was started with. */
  async startServer(settings?: Record<string, string>): Promise<void> {
    if (settings) this.#extraEnv = settings;
    const { program, args, env } = this.#serverCommand;
    // The bin script `exec`s Node: the pid is the daemon's.
    const server = spawn(program, [...args, "run"], { env: { ...serverEnv(this.home, this.httpPort, this.apiPort), ...env, ...this.#extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout?.on("data", (chunk: Buffer) => (this.#serverLog += chunk.toString()));
    server.stderr?.on("data", (chunk: Buffer) => (this.#serverLog += chunk.toString()));
    this.#server = server;
    // Only stops a hung start: on a loaded machine (two e2e files at once) a start took over 20 s.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`hop3-server exited at start:\n${this.#serverLog}`);
      const health = await httpGet({ port: this.apiPort, path: "/healthz" }).catch(() => null);
      if (health?.status === 200) return;
      await sleep(100);
    }
    server.kill("SIGKILL");
    throw new Error(`hop3-server did not answer within 60s:\n${this.#serverLog}`);
  }

  /**
   * Stops the server with SIGTERM (or another signal) and waits for it to exit, and for the
   * daemon it ran (ADR 31): after a SIGKILL of the parent the daemon stops on its own, and until
   * it has, it still answers on the ports a restarted server is about to take.
   */
  async stopServer(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const server = this.#server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return server?.exitCode ?? null;
    const exited = new Promise<number | null>((resolveExit) => server.once("exit", (code) => resolveExit(code)));
    const daemons = server.pid === undefined ? [] : daemonPids(server.pid);
    server.kill(signal);
    const code = await exited;
    for (let i = 0; i < 600 && daemons.some((pid) => existsSync(`/proc/${pid}`)); i++) await sleep(100);
    const left = daemons.filter((pid) => existsSync(`/proc/${pid}`));
    if (left.length > 0) throw new Error(`the daemon of the stopped hop3-server (pid ${left.join(", ")}) was still running 60 s later`);
    return code;
  }

  /** Runs a `hop3-server` command (not `run`) on this server's state root, as root on the host would. */
  serverCommand(args: readonly string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
    const { program, args: before, env } = this.#serverCommand;
    return runProgram(program, [...before, ...args], { env: { ...serverEnv(this.home, this.httpPort, this.apiPort), ...env, ...this.#extraEnv, ...options.env } });
  }

  /** Runs the real `hop3` CLI against this server. */
  cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
    return runNode([cliMain, ...args], { cwd: options.cwd, env: { ...this.#cliEnv(), ...options.env }, input: options.input });
  }

  /**
   * The app's instances once the ones a switch replaced have drained and stopped: a deploy,
   * rollback or config restart answers as soon as the new release serves, and `hop3 ps` lists
   * the old instances until they are gone (ADR 40). Fails if they are still there after 30 s.
   */
  async instancesAfterDrain(app: string): Promise<Instance[]> {
    let instances: Instance[] = [];
    for (let i = 0; i < 150; i++) {
      instances = (JSON.parse((await this.cli(["ps", app, "--json"])).stdout) as ProcessList).instances;
      if (new Set(instances.map((instance) => instance.release)).size <= 1) return instances;
      await sleep(200);
    }
    throw new Error(`the old instances of ${app} were still listed after 30 s: ${JSON.stringify(instances)}`);
  }

  /** Starts the real `hop3` CLI for a command that runs until stopped (`logs -f`); the caller kills it. */
  spawnCli(args: readonly string[]): ChildProcess {
    return spawn(process.execPath, [cliMain, ...args], { cwd: repoRoot, env: this.#cliEnv(), stdio: ["ignore", "pipe", "pipe"] });
  }

  #cliEnv(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, "cli-config"),
      HOP3_URL: `http://127.0.0.1:${this.apiPort}`,
      HOP3_TOKEN: this.token,
      NODE_COMPILE_CACHE: nodeCompileCache,
    };
  }

  /** GET through the proxy with the app's host name, as a browser would. */
  viaProxy(app: string, path = "/"): Promise<HttpResult> {
    return httpGet({ port: this.httpPort, path, host: `${app}.localhost` });
  }

  /** GET on the API with the admin token. */
  api(path: string, method = "GET", body?: unknown): Promise<HttpResult> {
    const json: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
    return httpGet({ port: this.apiPort, path, method, body: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${this.token}`, ...json } });
  }

  get serverPid(): number {
    const pid = this.#server?.pid;
    if (pid === undefined) throw new Error("hop3-server is not running");
    return pid;
  }

  /** The pid of this server's Caddy, from the record the server keeps of it in the state root. */
  proxyPid(): number {
    const pid = this.proxyPidOrNull();
    if (pid === null) throw new Error(`no Caddy running for ${this.home}`);
    return pid;
  }

  proxyPidOrNull(): number | null {
    try {
      const { pid } = JSON.parse(readFileSync(join(this.home, "proxy", "caddy.pid.json"), "utf8")) as { pid: number };
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("caddy") ? pid : null;
    } catch {
      // No record, or the process is gone.
      return null;
    }
  }

  get serverLog(): string {
    return this.#serverLog;
  }

  /** Destroys every app (removing their Unix accounts), stops the server, deletes the state root. */
  async close(): Promise<void> {
    // HOP3_E2E_SERVER_LOG=1: the server's warnings, errors and crashes, for debugging a failing file.
    if (process.env.HOP3_E2E_SERVER_LOG) console.error(this.#serverLog.split("\n").filter((line) => !line.startsWith('{"level":30')).join("\n"));
    if (this.#server?.exitCode === null && this.#server.signalCode === null) {
      const list = await this.cli(["apps", "--json"]);
      const apps = list.code === 0 ? (JSON.parse(list.stdout) as { apps: { name: string }[] }).apps : [];
      for (const { name } of apps) await this.cli(["apps:destroy", name, "--yes"]);
    }
    await this.stopServer();
    // The server leaves its Caddy running on purpose (apps stay reachable across restarts).
    const caddy = this.proxyPidOrNull();
    if (caddy !== null) process.kill(-caddy, "SIGKILL");
    // userdel refuses an account that still has a process.
    for (let i = 0; i < 100 && caddy !== null && existsSync(`/proc/${caddy}`); i++) await sleep(20);
    removeSshAccount(sshUserOf(this.home));
    removeSshAccount(proxyUserOf(this.home));
    // The addon engines keep running when the server stops, on purpose (ADR 42): stop this fixture's.
    await stopAccountProcesses(addonsUserOf(this.home));
    removeSshAccount(addonsUserOf(this.home));
    rmSync(this.home, { recursive: true, force: true });
  }

  /** The Unix account `setup` made for git push over SSH, one per fixture (HOP3_SSH_USER). */
  get sshUser(): string {
    return sshUserOf(this.home);
  }
}

interface ServerCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

/** Fails when a source is newer than `dist/` (the bin script would then run the sources). */
function assertBuilt(): void {
  const builtAt = existsSync(builtServerMain) ? statSync(builtServerMain).mtimeMs : 0;
  const newer = [join(repoRoot, "packages/server/src"), join(repoRoot, "packages/contract/src")].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" }).map((file) => join(dir, file)).filter((file) => file.endsWith(".ts") && statSync(file).mtimeMs > builtAt),
  );
  if (newer.length > 0) throw new Error(`packages/server/dist is missing or older than ${newer[0]}: run \`npm run build\` first`);
}

function sshUserOf(home: string): string {
  return `h3git-${createHash("sha256").update(home).digest("hex").slice(0, 6)}`;
}

/** The account this fixture's Caddy runs as (HOP3_PROXY_USER), one per state root. */
export function proxyUserOf(home: string): string {
  return `h3px-${createHash("sha256").update(home).digest("hex").slice(0, 6)}`;
}

/** The account this fixture's addon engines run as (HOP3_ADDONS_USER), one per state root. */
export function addonsUserOf(home: string): string {
  return `h3ad-${createHash("sha256").update(home).digest("hex").slice(0, 6)}`;
}

/** SIGKILLs every process of `user` (an account of this fixture's alone) and waits for them to go. */
async function stopAccountProcesses(user: string): Promise<void> {
  let uid: number;
  try {
    uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
  } catch {
    return;
  }
  const owned = () =>
    readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return statSync(`/proc/${pid}`).uid === uid;
        } catch {
          return false;
        }
      })
      .map(Number);
  for (let i = 0; i < 100; i++) {
    const pids = owned();
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
    await sleep(50);
  }
}

function removeSshAccount(user: string): void {
  try {
    execFileSync("userdel", [user], { stdio: "ignore" });
  } catch {
    // Not created (the tests do not run as root), or already gone.
  }
}

function serverEnv(home: string, httpPort: number, apiPort: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOP3_HOME: home,
    HOP3_HTTP_PORT: String(httpPort),
    HOP3_API_PORT: String(apiPort),
    HOP3_DOMAIN: "localhost",
    // Plain HTTP unless a test asks for certificates (domains-https.test.ts): no CA is reachable here.
    HOP3_TLS: "off",
    HOP3_LOG_LEVEL: "warn",
    HOP3_START_TIMEOUT: "20",
    HOP3_SSH_USER: sshUserOf(home),
    HOP3_PROXY_USER: proxyUserOf(home),
    HOP3_ADDONS_USER: addonsUserOf(home),
    NODE_COMPILE_CACHE: nodeCompileCache,
  };
}

export function runNode(args: readonly string[], options: { cwd?: string | undefined; env: Record<string, string>; input?: string }): Promise<CliResult> {
  return runProgram(process.execPath, args, options);
}

function runProgram(program: string, args: readonly string[], options: { cwd?: string | undefined; env: Record<string, string>; input?: string }): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(program, args, { cwd: options.cwd ?? repoRoot, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

export function httpGet(options: { port: number; path: string; host?: string; method?: string; headers?: Record<string, string>; body?: string | undefined }): Promise<HttpResult> {
  return new Promise((resolveGet, reject) => {
    const req = request(
      { host: "127.0.0.1", port: options.port, path: options.path, method: options.method ?? "GET", headers: { ...options.headers, ...(options.host ? { host: options.host } : {}) } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolveGet({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${options.path} timed out`)));
    req.once("error", reject);
    req.end(options.body);
  });
}

/** The daemon the privileged parent started (`… daemon`), among its children (apps and Caddy are too), from /proc. */
function daemonPids(pid: number): number[] {
  return readProc(`/proc/${pid}/task/${pid}/children`)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((child) => readProc(`/proc/${child}/cmdline`).split("\0").includes("daemon"));
}

/** A /proc file, or "" when its process is gone. */
function readProc(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
