import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { parsePrivilegedRequest, RefusedRequest, type CallRequest, type PrivilegedReply, type PrivilegedRequest, type SignalRequest, type SpawnRequest } from "../exec/privileged-protocol.ts";
import { neverRead } from "./never-read.ts";

/** One spawn done for the daemon: the child, and what to do once it exited. */
export interface ParentSpawn {
  readonly child: ChildProcess;
  /** True when the kernel killed part of it for exceeding its memory limit; then frees its resource group. */
  finish(): boolean;
  /** Kills what is left in its resource group (processes that left its process group). */
  killGroup(): void;
}

/** Whom the parent may start a process as, besides an app account: the SSH account (its repositories), the proxy (Caddy) and the addon engines. */
export type TargetKind = "app" | "ssh" | "proxy" | "addons";

/** What the parent needs from the host: kept small so a test can drive it with fakes. */
export interface ParentHost {
  /** Spawns as the request says; `stdio` entries are descriptors the host opened or "pipe"/"ignore". */
  spawn(request: SpawnRequest, stdio: readonly ("ignore" | "pipe" | number)[], kind: TargetKind): ParentSpawn;
  /** What `uid`/`gid` are to this state root; null for root and every other account. */
  targetOf(uid: number, gid?: number): TargetKind | null;
  /** Whether the argv may run as `kind` (the proxy runs only Caddy, as the parent's config says). */
  allowsCommand(kind: TargetKind, request: SpawnRequest): boolean;
  /** Opens the daemon's own descriptor `fd` again (through /proc, never a path the daemon names). */
  openDaemonFd(fd: number): number;
  closeFd(fd: number): void;
  /** The real uids of the processes in process group `pgid` (none when the group is gone). */
  groupOwners(pgid: number): number[];
  signal(pid: number, signal: NodeJS.Signals): void;
  /** Runs one named operation (arguments already checked against its schema). */
  call(request: CallRequest): Promise<unknown>;
}

/** The daemon's end as the parent sees it: Node's IPC channel of the forked daemon. */
export interface DaemonChannel {
  send(message: PrivilegedReply, handle?: unknown): void;
}

/**
 * The privileged side of ADR 31: answers the daemon's requests after checking each one. It
 * never reads what a spawned process prints: pipes are handed to the daemon as they are.
 */
export class PrivilegedParent {
  readonly #host: ParentHost;
  readonly #daemon: DaemonChannel;
  /** Process groups started for the daemon and still running, which it may signal. */
  readonly #started = new Map<number, ParentSpawn>();

  constructor(options: { host: ParentHost; daemon: DaemonChannel }) {
    this.#host = options.host;
    this.#daemon = options.daemon;
  }

  /** Handles one message from the daemon; a refused one is answered with an error, nothing else happens. */
  handle(message: unknown): void {
    let request: PrivilegedRequest;
    try {
      request = parsePrivilegedRequest(message);
    } catch (error) {
      const re = typeof message === "object" && message !== null && "id" in message && Number.isInteger(message.id) ? (message.id as number) : 0;
      this.#daemon.send({ re, kind: "error", code: "REFUSED", message: error instanceof RefusedRequest ? error.message : String(error) });
      return;
    }
    const fail = (error: unknown) => {
      const code = error instanceof RefusedRequest ? "REFUSED" : ((error as NodeJS.ErrnoException).code ?? "FAILED");
      this.#daemon.send({ re: request.id, kind: "error", code, message: (error as Error).message });
    };
    try {
      if (request.op === "spawn") this.#spawn(request);
      else if (request.op === "signal") this.#signal(request);
      else this.#host.call(request).then((value) => this.#daemon.send({ re: request.id, kind: "done", value }), fail);
    } catch (error) {
      fail(error);
    }
  }

  #spawn(request: SpawnRequest): void {
    const { uid, gid } = request.runAs;
    const kind = this.#host.targetOf(uid, gid);
    if (kind === null) throw new RefusedRequest(`uid ${uid} / gid ${gid} is not an account Hop3 runs commands as`);
    if (!this.#host.allowsCommand(kind, request)) throw new RefusedRequest(`${JSON.stringify(request.argv[0])} may not run as the ${kind} account`);
    const opened: number[] = [];
    let spawned: ParentSpawn;
    try {
      const stdio = request.stdio.map((entry) => {
        if (typeof entry === "string") return entry;
        const fd = this.#host.openDaemonFd(entry.daemonFd);
        opened.push(fd);
        return fd;
      });
      spawned = this.#host.spawn(request, stdio, kind);
    } finally {
      // The child has its own copies; the parent keeps no app's log open.
      for (const fd of opened) this.#host.closeFd(fd);
    }
    const { child } = spawned;
    child.once("error", (error: NodeJS.ErrnoException) => this.#daemon.send({ re: request.id, kind: "error", code: error.code ?? "FAILED", message: error.message }));
    // A spawn that failed has no pid and reports its error; otherwise the pipes go to the
    // daemon, and the parent keeps no end of them once each is handed over.
    const pid = child.pid;
    if (pid === undefined) return;
    this.#started.set(pid, spawned);
    request.stdio.forEach((entry, index) => {
      if (entry !== "pipe") return;
      // Node sends one handle at a time (the next waits for the daemon's acknowledgement), and
      // its socket reads from the pipe meanwhile: a short command's output would be read here
      // and lost, and its end of file would close the pipe before it is sent. So the parent's
      // copy never reads (ADR 31: the parent reads no app output anyway).
      neverRead(child.stdio[index]);
      this.#daemon.send({ re: request.id, kind: "handle", index }, child.stdio[index]);
    });
    this.#daemon.send({ re: request.id, kind: "spawned", pid });
    child.once("exit", (code, signal) => {
      if (child.pid !== undefined) this.#started.delete(child.pid);
      this.#daemon.send({ re: request.id, kind: "exit", code, signal, outOfMemory: spawned.finish() });
    });
  }

  #signal(request: SignalRequest): void {
    const started = this.#started.get(request.pid);
    if (started === undefined) {
      // A group whose leader has exited (what it left behind), or one adopted from an earlier
      // run: every process in it must run as an app's, the proxy's or the engines' account.
      const owners = this.#host.groupOwners(request.pid);
      if (owners.length === 0) return this.#daemon.send({ re: request.id, kind: "done" });
      const foreign = owners.find((uid) => {
        const kind = this.#host.targetOf(uid);
        return kind !== "app" && kind !== "proxy" && kind !== "addons";
      });
      if (foreign !== undefined) throw new RefusedRequest(`process group ${request.pid} holds a process of uid ${foreign}, not an app's`);
    }
    this.#host.signal(request.pid, request.signal);
    // A kill also reaches what left the process group but stayed in the command's resource group.
    if (request.signal === "SIGKILL") started?.killGroup();
    this.#daemon.send({ re: request.id, kind: "done" });
  }
}

/** The real uids of the processes of a process group, from /proc (field 5 of stat is the group). */
export function processGroupOwners(pgid: number): number[] {
  const owners: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
      if (uid !== undefined) owners.push(Number(uid));
    } catch {
      // The process ended while we looked.
    }
  }
  return owners;
}
