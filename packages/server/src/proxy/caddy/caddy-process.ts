import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { chown, lstat, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { asServiceAccount, type ServiceAccount } from "../../exec/as-service-account.ts";
import { privilegedParent } from "../../exec/privileged-client.ts";
import { killTree } from "../../exec/kill-tree.ts";
import { identifyProcess, isStillRunning, type ProcessIdentity } from "../../exec/process-identity.ts";
import { startDetached } from "../../exec/start-detached.ts";
import { CaddyAdminClient } from "./admin-client.ts";
import { renderCaddyConfig } from "./render.ts";

/** Caddy could not be started; the message ends with the tail of Caddy's log. */
export class CaddyStartError extends Error {
  /** The last lines Caddy wrote during this start attempt. */
  readonly logTail: readonly string[];

  constructor(message: string, logTail: readonly string[] = []) {
    super(logTail.length === 0 ? message : `${message}\n--- end of the Caddy log ---\n${logTail.join("\n")}`);
    this.name = "CaddyStartError";
    this.logTail = logTail;
  }
}

export interface CaddyProcessOptions {
  /**
   * The server's directory for this Caddy: its log and pid record, which Caddy cannot touch,
   * and `caddy/`, Caddy's own home (admin socket, data), the only place it may write.
   */
  readonly stateDir: string;
  /** The account Caddy runs as (the server runs as root); absent, it runs as the server's user. */
  readonly account?: ServiceAccount | undefined;
  readonly httpPort: number;
  /** The HTTPS port, when apps are served over HTTPS: it too may be below 1024. */
  readonly httpsPort?: number | undefined;
  /** Path or name of the `caddy` executable. */
  readonly binary: string;
  readonly startTimeoutMs?: number | undefined;
  /** How long Caddy may take to exit after SIGTERM before it is killed. */
  readonly stopTimeoutMs?: number | undefined;
}

/** Where a Caddy child is in its life. */
export type CaddyProcessState = "stopped" | "starting" | "running" | "stopping" | "exited";

// Linux limits a socket path to 107 bytes (sun_path is 108 with the trailing NUL).
const maxSocketPathBytes = 107;
const pollIntervalMs = 50;
const logTailLines = 20;

// True if the promise settles in time; the timer is cleared so it never holds the process open.
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const expired = sleep(ms, true, { signal: timer.signal }).catch(() => false);
  try {
    return !(await Promise.race([promise.then(() => false), expired]));
  } finally {
    timer.abort();
  }
}

/**
 * The Caddy server owned by Hop3: a child in its own process group, configured only through
 * its admin socket, writing nothing outside its state directory.
 */
export class CaddyProcess {
  readonly adminSocket: string;
  /** Caddy's home: the admin socket and its data, owned by its account (0700). */
  readonly homeDir: string;
  readonly logFile: string;
  /** Client for the admin API of this Caddy. */
  readonly admin: CaddyAdminClient;
  // Answers "is anyone there?" at once, for the polling loops below.
  readonly #probe: CaddyAdminClient;
  readonly #options: CaddyProcessOptions;
  readonly #startTimeoutMs: number;
  readonly #stopTimeoutMs: number;
  #state: CaddyProcessState = "stopped";
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #exitReason: string | undefined;
  /** A Caddy started by an earlier server run and taken over by this one (not our child). */
  #adopted: ProcessIdentity | undefined;
  readonly #pidFile: string;

  constructor(options: CaddyProcessOptions) {
    this.#options = options;
    this.#startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.homeDir = join(options.stateDir, "caddy");
    this.adminSocket = join(this.homeDir, "admin.sock");
    this.logFile = join(options.stateDir, "caddy.log");
    this.#pidFile = join(options.stateDir, "caddy.pid.json");
    this.admin = new CaddyAdminClient({ socketPath: this.adminSocket });
    this.#probe = new CaddyAdminClient({ socketPath: this.adminSocket, timeoutMs: 2_000, reconnectMs: 0 });
  }

  get state(): CaddyProcessState {
    return this.#state;
  }

  /** True from a successful start until Caddy exits, whether asked to or not. */
  isRunning(): boolean {
    if (this.#state === "running" && this.#adopted && !isStillRunning(this.#adopted)) this.#state = "exited";
    return this.#state === "running";
  }

  /**
   * Lets go of Caddy without stopping it: the server is stopping, and the apps stay reachable.
   * The next server run adopts it.
   */
  detach(): void {
    this.#child?.unref();
  }

  /** Starts Caddy with no app routes; resolves once its admin API answers with that config. */
  async start(): Promise<void> {
    if (this.#state === "running") return;
    if (this.#state !== "stopped" && this.#state !== "exited") throw new Error(`Caddy cannot start while ${this.#state}`);
    this.#state = "starting";
    if (await this.#adoptRunning()) {
      this.#state = "running";
      return;
    }
    this.#adopted = undefined;
    try {
      await this.#spawn();
      const identity = this.#child?.pid === undefined ? null : identifyProcess(this.#child.pid);
      if (identity) await writeFile(this.#pidFile, JSON.stringify(identity), { mode: 0o600 });
      this.#state = "running";
    } catch (error) {
      killTree(this.#child?.pid, "SIGKILL");
      await this.#exited;
      this.#child = undefined;
      this.#state = "stopped";
      throw error;
    }
  }

  /** Stops Caddy: SIGTERM to its process group, then SIGKILL if it outlives the stop timeout. */
  async stop(): Promise<void> {
    const adopted = this.#adopted;
    if (adopted) {
      this.#state = "stopping";
      killTree(adopted.pid, "SIGTERM");
      const deadline = Date.now() + this.#stopTimeoutMs;
      while (isStillRunning(adopted) && Date.now() < deadline) await sleep(pollIntervalMs);
      if (isStillRunning(adopted)) killTree(adopted.pid, "SIGKILL");
      this.#adopted = undefined;
      this.#state = "stopped";
      await rm(this.adminSocket, { force: true });
      await rm(this.#pidFile, { force: true });
      return;
    }
    if (this.#child === undefined) return;
    if (this.#state === "running") {
      this.#state = "stopping";
      killTree(this.#child.pid, "SIGTERM");
      if (!(await settlesWithin(this.#exited, this.#stopTimeoutMs))) killTree(this.#child.pid, "SIGKILL");
    }
    await this.#exited;
    this.#child = undefined;
    this.#state = "stopped";
    await rm(this.adminSocket, { force: true });
    await rm(this.#pidFile, { force: true });
  }

  /**
   * Takes over the Caddy of an earlier server run when it is still running, answering, and runs
   * as the account it must run as. One that does not (a Caddy of an older Hop3 running as root,
   * one that hangs) is stopped, so that a Caddy as it should be can take the port.
   */
  async #adoptRunning(): Promise<boolean> {
    const recorded = await readFile(this.#pidFile, "utf8").then((text) => JSON.parse(text) as ProcessIdentity, () => undefined);
    if (!recorded || !isStillRunning(recorded)) return false;
    if (uidOf(recorded.pid) === this.#expectedUid() && (await this.#probe.getConfig().catch(() => null)) !== null) {
      this.#adopted = recorded;
      return true;
    }
    killTree(recorded.pid, "SIGTERM");
    const deadline = Date.now() + this.#stopTimeoutMs;
    while (isStillRunning(recorded) && Date.now() < deadline) await sleep(pollIntervalMs);
    if (isStillRunning(recorded)) killTree(recorded.pid, "SIGKILL");
    return false;
  }

  #expectedUid(): number | undefined {
    return this.#options.account?.uid ?? process.getuid?.();
  }

  /** Caddy's home, made or taken over for its account; the server's directory above it is not Caddy's. */
  async #prepareHome(): Promise<void> {
    const { stateDir, account } = this.#options;
    await mkdir(stateDir, { recursive: true, mode: 0o711 });
    await mkdir(this.homeDir, { recursive: true, mode: 0o700 });
    const home = await lstat(this.homeDir);
    if (!home.isDirectory()) throw new CaddyStartError(`${this.homeDir} must be a directory`);
    // Separated, the root parent made it the proxy's with the daemon's group (ADR 31).
    if (account && !privilegedParent() && (home.uid !== account.uid || home.gid !== account.gid)) await chown(this.homeDir, account.uid, account.gid);
  }

  async #spawn(): Promise<void> {
    if (Buffer.byteLength(this.adminSocket) > maxSocketPathBytes) {
      throw new CaddyStartError(`Caddy's admin socket path ${this.adminSocket} is too long for a Unix socket; use a shorter state directory`);
    }
    await this.#prepareHome();
    await this.#clearStaleSocket();
    const initial = renderCaddyConfig({ routes: [], httpPort: this.#options.httpPort, adminSocket: this.adminSocket });

    const logStart = await stat(this.logFile).then((s) => s.size, () => 0);
    // The first config goes in on stdin: no config file for Caddy to read or anyone to swap.
    const caddy = [this.#options.binary, "run", "--config", "-"] as const;
    const { account } = this.#options;
    // Separated, the parent runs Caddy as the proxy account (and adds the capability itself).
    const separated = account !== undefined && privilegedParent() !== undefined;
    const child = startDetached({
      argv: account && !separated ? asServiceAccount(caddy, account, { bindLowPorts: Math.min(this.#options.httpPort, this.#options.httpsPort ?? 65535) < 1024 }) : caddy,
      runAs: separated ? { uid: account.uid, gid: account.gid } : undefined,
      cwd: this.homeDir,
      // Hop3's own minimal environment, never an app's. Caddy and the libraries it embeds
      // write under HOME and the XDG directories: its home.
      env: {
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        HOME: this.homeDir,
        XDG_DATA_HOME: join(this.homeDir, "data"),
        XDG_CONFIG_HOME: join(this.homeDir, "config"),
      },
      input: JSON.stringify(initial),
      logFile: this.logFile,
    });
    this.#child = child;
    this.#exitReason = undefined;
    this.#exited = new Promise((resolve) => {
      const exited = (reason: string) => {
        this.#exitReason = reason;
        // Leaving "running" without stop() is the unexpected exit that isRunning() reports.
        if (this.#state === "running") this.#state = "exited";
        resolve();
      };
      child.once("error", (error) => exited(`Caddy could not be started with "${this.#options.binary}": ${error.message}`));
      child.once("exit", (code, signal) => exited(`Caddy exited (${signal ?? `exit code ${code}`})`));
    });

    const deadline = Date.now() + this.#startTimeoutMs;
    for (;;) {
      // GET /config/ waits for the initial load to finish; `null` means that load failed and
      // Caddy is about to exit with the reason in its log.
      const config = await this.#probe.getConfig().catch(() => null);
      if (this.#exitReason !== undefined) throw new CaddyStartError(this.#exitReason, await this.#logTail(logStart));
      if (config !== null) return;
      if (Date.now() > deadline) {
        throw new CaddyStartError(`Caddy did not answer on ${this.adminSocket} within ${this.#startTimeoutMs} ms`, await this.#logTail(logStart));
      }
      await sleep(pollIntervalMs);
    }
  }

  // A socket left in the state dir is dead (Hop3 or Caddy crashed), or belongs to a Caddy
  // orphaned by an earlier Hop3 run that still holds the HTTP port: ask that one to exit.
  async #clearStaleSocket(): Promise<void> {
    const answered = await this.#probe.stop().then(() => true, () => false);
    if (answered) {
      const deadline = Date.now() + this.#stopTimeoutMs;
      while (Date.now() < deadline && (await this.#probe.getConfig().then(() => true, () => false))) await sleep(pollIntervalMs);
    }
    await rm(this.adminSocket, { force: true });
  }

  async #logTail(from: number): Promise<string[]> {
    const text = await readFile(this.logFile).then((data) => data.subarray(from).toString("utf8"), () => "");
    return text.split("\n").filter((line) => line.trim() !== "").slice(-logTailLines);
  }
}

/** The real uid of a running process, from /proc. */
function uidOf(pid: number): number | undefined {
  try {
    const match = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
