import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { LatePipe } from "./late-pipe.ts";
import type { CallArgs, CallName, PrivilegedReply, SpawnRequest } from "./privileged-protocol.ts";

/** The parent's end as the daemon sees it: this process's own IPC channel. */
export interface ParentChannel {
  send(message: unknown): void;
  on(event: "message", listener: (message: PrivilegedReply, handle?: unknown) => void): void;
}

/**
 * A process the privileged parent started for the daemon. It looks like Node's ChildProcess
 * where Hop3 uses one — `stdio` at once, `pid` once `spawn` was emitted, `exit`, `error` — so
 * the exec functions treat a local and a remote spawn alike.
 */
export class RemoteChild extends EventEmitter {
  pid: number | undefined;
  readonly stdio: (LatePipe | null)[];
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  /** The kernel killed part of the command for exceeding its memory limit (known at exit). */
  outOfMemory = false;

  constructor(stdio: SpawnRequest["stdio"]) {
    super();
    this.stdio = stdio.map((entry) => (entry === "pipe" ? new LatePipe() : null));
  }

  get stdin(): LatePipe | null {
    return this.stdio[0] ?? null;
  }

  get stdout(): LatePipe | null {
    return this.stdio[1] ?? null;
  }

  get stderr(): LatePipe | null {
    return this.stdio[2] ?? null;
  }

  /** The parent keeps track of the process; the daemon's event loop never waited for it. */
  unref(): void {}

  ref(): void {}

  /** Called by the client for each reply to this spawn. */
  receive(reply: PrivilegedReply, handle: unknown): void {
    if (reply.kind === "handle") {
      this.stdio[reply.index]?.attach(handle as Duplex | undefined);
    } else if (reply.kind === "spawned") {
      this.pid = reply.pid;
      this.emit("spawn");
    } else if (reply.kind === "exit") {
      this.exitCode = reply.code;
      this.signalCode = reply.signal;
      this.outOfMemory = reply.outOfMemory;
      this.emit("exit", reply.code, reply.signal);
    } else if (reply.kind === "error") {
      for (const pipe of this.stdio) pipe?.destroy();
      this.emit("error", Object.assign(new Error(reply.message), { code: reply.code }));
    }
  }
}

/** A refusal or failure the parent reported for a request. */
export class PrivilegedError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** The daemon's side of ADR 31: sends requests to the privileged parent and routes its replies. */
export class PrivilegedClient {
  readonly #channel: ParentChannel;
  #next = 1;
  readonly #spawns = new Map<number, RemoteChild>();
  readonly #calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(channel: ParentChannel) {
    this.#channel = channel;
    channel.on("message", (reply, handle) => this.#route(reply, handle));
  }

  spawn(request: Omit<SpawnRequest, "op" | "id">): RemoteChild {
    const id = this.#next++;
    const child = new RemoteChild(request.stdio);
    this.#spawns.set(id, child);
    child.once("exit", () => this.#spawns.delete(id));
    child.once("error", () => this.#spawns.delete(id));
    this.#channel.send({ op: "spawn", id, ...request });
    return child;
  }

  /** Signals a process group the parent started, or an app's or the proxy's. */
  signal(pid: number, signal: NodeJS.Signals): Promise<void> {
    return this.#request({ op: "signal", pid, signal }).then(() => undefined);
  }

  /** Runs one of the parent's named operations. */
  call<Name extends CallName>(name: Name, args: CallArgs<Name>): Promise<unknown> {
    return this.#request({ op: "call", name, args });
  }

  #request(message: Record<string, unknown>): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#channel.send({ ...message, id });
    });
  }

  #route(reply: PrivilegedReply, handle: unknown): void {
    const call = this.#calls.get(reply.re);
    if (call) {
      this.#calls.delete(reply.re);
      if (reply.kind === "error") call.reject(new PrivilegedError(reply.code, reply.message));
      else call.resolve(reply.kind === "done" ? reply.value : undefined);
      return;
    }
    this.#spawns.get(reply.re)?.receive(reply, handle);
  }
}

let installed: PrivilegedClient | undefined;

/**
 * Makes this process the unprivileged daemon: every spawn as another account and every
 * operation that needs root goes to the parent from now on. Set once, at start (the channel
 * is the process's own, like its environment).
 */
export function useParent(client: PrivilegedClient): void {
  installed = client;
}

/** The parent's client when this process is the separated daemon, undefined otherwise. */
export function privilegedParent(): PrivilegedClient | undefined {
  return installed;
}
