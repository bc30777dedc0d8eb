import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { LatePipe } from "./late-pipe.ts";
import type { CallArgs, CallName, PrivilegedReply, SpawnRequest } from "./privileged-protocol.ts";

/** The parent's end as the daemon sees it: this process's own IPC channel. */
export interface ParentChannel {
  /** Node's `process.send`: the callback gets the error when the channel is closed. */
  send(message: unknown, callback?: (error: Error | null) => void): unknown;
  on(event: "message", listener: (message: PrivilegedReply, handle?: unknown) => void): unknown;
  on(event: "disconnect", listener: () => void): unknown;
}

/** How long the daemon waits for the parent's answer to a call or signal (spawned processes run as long as they like). */
const defaultAnswerWithin = 10 * 60_000;

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
      this.fail(Object.assign(new Error(reply.message), { code: reply.code }));
    }
  }

  /** The spawn failed or can no longer be followed: like ChildProcess, it emits 'error'. */
  fail(error: Error): void {
    for (const pipe of this.stdio) pipe?.destroy();
    this.emit("error", error);
  }
}

function parentGone(): PrivilegedError {
  return new PrivilegedError("PARENT_GONE", "the privileged parent is gone (its channel closed)");
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
  readonly #answerWithin: number;
  #gone = false;

  constructor(channel: ParentChannel, options: { readonly answerWithinMs?: number } = {}) {
    this.#channel = channel;
    this.#answerWithin = options.answerWithinMs ?? defaultAnswerWithin;
    channel.on("message", (reply, handle) => this.#route(reply, handle));
    channel.on("disconnect", () => this.#parentGone());
  }

  spawn(request: Omit<SpawnRequest, "op" | "id">): RemoteChild {
    const id = this.#next++;
    const child = new RemoteChild(request.stdio);
    this.#spawns.set(id, child);
    child.once("exit", () => this.#spawns.delete(id));
    child.once("error", () => this.#spawns.delete(id));
    this.#send({ op: "spawn", id, ...request }, (error) => this.#spawns.get(id)?.fail(error));
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
      const timer = setTimeout(() => {
        this.#calls.delete(id);
        const what = message.op === "call" ? `call ${String(message.name)}` : String(message.op);
        reject(new PrivilegedError("PARENT_TIMEOUT", `the privileged parent did not answer ${what} within ${this.#answerWithin / 1000} s`));
      }, this.#answerWithin);
      timer.unref();
      const settle = <T>(done: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        done(value);
      };
      this.#calls.set(id, { resolve: settle(resolve), reject: settle(reject) });
      this.#send({ ...message, id }, (error) => {
        this.#calls.get(id)?.reject(error);
        this.#calls.delete(id);
      });
    });
  }

  /** Sends, or fails the request at once when the parent is gone (no throw, no unhandled 'error'). */
  #send(message: Record<string, unknown>, fail: (error: PrivilegedError) => void): void {
    if (this.#gone) {
      // Later, like ChildProcess's errors: the caller attaches its listeners after spawn() returns.
      process.nextTick(() => fail(parentGone()));
      return;
    }
    this.#channel.send(message, (error) => {
      if (error) fail(parentGone());
    });
  }

  /** The channel closed: the parent is gone, so nothing pending will be answered. */
  #parentGone(): void {
    this.#gone = true;
    for (const [id, call] of this.#calls) {
      this.#calls.delete(id);
      call.reject(parentGone());
    }
    // A process already running lives on (apps and Caddy are detached on purpose); only the
    // spawns the parent never confirmed have failed.
    for (const [id, child] of [...this.#spawns]) {
      this.#spawns.delete(id);
      if (child.pid === undefined) child.fail(parentGone());
    }
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
