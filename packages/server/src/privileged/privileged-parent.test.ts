import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { describe, test } from "node:test";
import type { CallRequest, PrivilegedReply, SpawnRequest } from "../exec/privileged-protocol.ts";
import { PrivilegedParent, type ParentHost } from "./privileged-parent.ts";

const appUid = 5001;
const daemonLogFd = 23;

function validSpawn(): Record<string, unknown> {
  return {
    op: "spawn",
    id: 7,
    argv: ["/bin/sh", "-c", "exec web"],
    cwd: "/var/lib/hop3/apps/blog/releases/3",
    env: { PORT: "5000", SECRET: "s3cr3t" },
    runAs: {
      uid: appUid,
      gid: appUid,
      confinement: {
        writable: ["/var/lib/hop3/apps/blog/releases"],
        readable: ["/var/lib/hop3/apps/blog/cache"],
        hidden: ["/var/lib/hop3", "/root", "/home"],
        limits: { memoryBytes: 268435456, maxProcesses: 4096, openFiles: 4096, cpus: null },
        limitSources: { memory: "server setting app-memory" },
        group: "h3-blog-1a2b3c/run",
      },
    },
    runFirst: [],
    stdio: ["ignore", "pipe", "pipe"],
  };
}

function validCall(random: () => number): Record<string, unknown> {
  const calls = [
    { name: "tree.create", args: { app: "blog", uid: appUid } },
    { name: "tree.remove", args: { app: "blog" } },
    { name: "account.ensure", args: { user: "h3-blog-1a2b3c", app: "blog" } },
    { name: "account.remove", args: { user: "h3-blog-1a2b3c" } },
  ];
  return { op: "call", id: 9, ...structuredClone(calls[Math.floor(random() * calls.length)]) };
}

/** A host whose spawns are recorded fake children; only `appUid` is an app account, 996 the proxy's. */
function fakeHost() {
  const spawns: { request: SpawnRequest; stdio: readonly ("ignore" | "pipe" | number)[] }[] = [];
  const signals: [number, NodeJS.Signals][] = [];
  const calls: CallRequest[] = [];
  const opened: number[] = [];
  const children: EventEmitter[] = [];
  const host: ParentHost = {
    spawn(request, stdio) {
      spawns.push({ request, stdio });
      const child = Object.assign(new EventEmitter(), { pid: 40_000 + spawns.length, stdio: stdio.map((entry) => (entry === "pipe" ? { pipe: true } : null)) });
      children.push(child);
      return { child: child as unknown as ChildProcess, finish: () => false, killGroup: () => undefined };
    },
    targetOf: (uid, gid) => (uid === appUid && (gid === undefined || gid === appUid) ? "app" : uid === 996 && (gid === undefined || gid === 996) ? "proxy" : null),
    allowsCommand: (kind, request) => kind === "app" || request.argv[0] === "caddy",
    openDaemonFd(fd) {
      if (fd !== daemonLogFd) throw new Error(`descriptor ${fd} of the daemon is not a file of its own`);
      opened.push(fd);
      return 100 + fd;
    },
    closeFd: () => undefined,
    groupOwners: (pgid) => (pgid === 100 ? [appUid, 0] : pgid === 200 ? [appUid, appUid] : []),
    signal: (pid, signal) => signals.push([pid, signal]),
    call: async (request) => {
      calls.push(request);
      return null;
    },
  };
  return { host, spawns, signals, calls, opened, children };
}

function parentWith(host: ParentHost) {
  const replies: { message: PrivilegedReply; handle: unknown }[] = [];
  const parent = new PrivilegedParent({ host, daemon: { send: (message, handle) => replies.push({ message, handle }) } });
  return { parent, replies };
}

void describe("the privileged parent", () => {
  void test("spawns an app's command and hands its pipes, pid and exit status to the daemon", () => {
    const { host, spawns, children } = fakeHost();
    const { parent, replies } = parentWith(host);
    parent.handle(validSpawn());
    assert.equal(spawns.length, 1);
    assert.deepEqual(spawns[0]?.stdio, ["ignore", "pipe", "pipe"]);
    children[0]?.emit("exit", 3, null);
    assert.deepEqual(
      replies.map(({ message }) => message),
      [
        { re: 7, kind: "handle", index: 1 },
        { re: 7, kind: "handle", index: 2 },
        { re: 7, kind: "spawned", pid: 40_001 },
        { re: 7, kind: "exit", code: 3, signal: null, outOfMemory: false },
      ],
    );
    assert.deepEqual(replies[0]?.handle, { pipe: true });
  });

  const refusals: [string, (request: Record<string, unknown>) => void, RegExp][] = [
    ["as root", (r) => ((r.runAs as Record<string, unknown>).uid = 0), /uid/],
    ["as root's group", (r) => ((r.runAs as Record<string, unknown>).gid = 0), /gid/],
    ["as an account that is not an app's", (r) => Object.assign(r.runAs as object, { uid: 33, gid: 33 }), /not an account Hop3 runs/],
    ["of another program as the proxy account", (r) => Object.assign(r, { runAs: { uid: 996, gid: 996 }, argv: ["/bin/sh", "-c", "id"] }), /may not run as the proxy/],
    ["with a resource group that climbs out of Hop3's", (r) => ((r.runAs as { confinement: Record<string, unknown> }).confinement.group = "../../memory/x"), /group/],
    ["with a tmpfs outside the writable paths", (r) => ((r.runAs as { confinement: Record<string, unknown> }).confinement.tmpfs = [{ path: "/etc/cron.d", sizeBytes: 65536 }]), /tmpfs .* is not inside a writable path/],
    ["with a tmpfs that climbs out of a writable path", (r) => ((r.runAs as { confinement: Record<string, unknown> }).confinement.tmpfs = [{ path: "/var/lib/hop3/apps/blog/releases/../../../x", sizeBytes: 65536 }]), /not normalised/],
    ["with a tmpfs of no size limit", (r) => ((r.runAs as { confinement: Record<string, unknown> }).confinement.tmpfs = [{ path: "/var/lib/hop3/apps/blog/releases/3/tmp" }]), /sizeBytes|tmpfs/],
    ["with a path that climbs", (r) => (r.cwd = "/var/lib/hop3/apps/blog/../../../etc"), /not normalised/],
    ["with a relative path", (r) => (r.cwd = "releases/3"), /cwd/],
    ["with a log given by path", (r) => (r.stdio = ["ignore", { append: "/etc/passwd" }, "pipe"]), /stdio/],
    ["with a descriptor that is not one of the daemon's files", (r) => (r.stdio = ["ignore", { daemonFd: 4 }, "pipe"]), /not a file of its own/],
    ["with a NUL in an argument", (r) => (r.argv = ["/bin/sh", "-c\0--evil"]), /argv/],
    ["with a variable name holding '='", (r) => (r.env = { "LD_PRELOAD=/x.so A": "1" }), /env/],
    ["with an unknown key", (r) => (r.shell = true), /shell|additional/i],
    ["with an unknown operation", (r) => (r.op = "exec"), /op|union|match/i],
  ];
  for (const [what, mutate, reason] of refusals) {
    void test(`refuses a spawn ${what}, and spawns nothing`, () => {
      const { host, spawns } = fakeHost();
      const { parent, replies } = parentWith(host);
      const request = validSpawn();
      mutate(request);
      parent.handle(request);
      assert.equal(spawns.length, 0);
      const reply = replies[0]?.message;
      assert.equal(reply?.kind, "error");
      assert.match(reply.kind === "error" ? reply.message : "", reason);
    });
  }

  void test("signals an app's process group (its leader gone or not) but refuses a group holding a root process, and ignores a group that is gone", () => {
    const { host, signals } = fakeHost();
    const { parent, replies } = parentWith(host);
    parent.handle({ op: "signal", id: 1, pid: 200, signal: "SIGTERM" });
    parent.handle({ op: "signal", id: 2, pid: 100, signal: "SIGKILL" });
    parent.handle({ op: "signal", id: 3, pid: 300, signal: "SIGKILL" });
    parent.handle({ op: "signal", id: 4, pid: 1, signal: "SIGKILL" });
    assert.deepEqual(signals, [[200, "SIGTERM"]]);
    assert.deepEqual(
      replies.map(({ message }) => [message.re, message.kind]),
      [
        [1, "done"],
        [2, "error"],
        [3, "done"],
        [4, "error"],
      ],
    );
  });


  void test("runs a named operation with valid arguments, and refuses unknown names and bad arguments", async () => {
    const { host, calls } = fakeHost();
    const { parent, replies } = parentWith(host);
    parent.handle({ op: "call", id: 1, name: "tree.create", args: { app: "blog", uid: appUid } });
    parent.handle({ op: "call", id: 2, name: "tree.create", args: { app: "../etc", uid: appUid } });
    parent.handle({ op: "call", id: 3, name: "account.ensure", args: { user: "root", app: "blog" } });
    parent.handle({ op: "call", id: 4, name: "shell", args: { command: "id" } });
    parent.handle({ op: "call", id: 5, name: "constructor", args: {} });
    parent.handle({ op: "call", id: 6, name: "nft.forward", args: { forwards: [[80, [22]]] } });
    parent.handle({ op: "call", id: 7, name: "nft.forward", args: { forwards: [[0, [22]]] } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls.map((call) => call.id), [1, 6]);
    assert.deepEqual(
      replies.map(({ message }) => [message.re, message.kind]).sort((a, b) => Number(a[0]) - Number(b[0])),
      [[1, "done"], [2, "error"], [3, "error"], [4, "error"], [5, "error"], [6, "done"], [7, "error"]],
    );
  });

  void test("proc.openFiles takes a bounded list of pids and nothing else", async () => {
    const { host, calls } = fakeHost();
    const { parent, replies } = parentWith(host);
    parent.handle({ op: "call", id: 1, name: "proc.openFiles", args: { pids: [1234, 5678] } });
    parent.handle({ op: "call", id: 2, name: "proc.openFiles", args: { pids: ["self"] } });
    parent.handle({ op: "call", id: 3, name: "proc.openFiles", args: { pids: [1] } });
    parent.handle({ op: "call", id: 4, name: "proc.openFiles", args: { pids: Array.from({ length: 1025 }, (_, i) => i + 2) } });
    parent.handle({ op: "call", id: 5, name: "proc.openFiles", args: { pids: [42], path: "/etc/shadow" } });
    parent.handle({ op: "call", id: 6, name: "proc.openFiles", args: { pids: [1.5] } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls.map((call) => call.id), [1]);
    assert.deepEqual(
      replies.map(({ message }) => [message.re, message.kind]).sort((a, b) => Number(a[0]) - Number(b[0])),
      [[1, "done"], [2, "error"], [3, "error"], [4, "error"], [5, "error"], [6, "error"]],
    );
  });

  void test("a log is handed on as the daemon's own descriptor, reopened by the host", () => {
    const { host, spawns, opened } = fakeHost();
    const { parent } = parentWith(host);
    parent.handle({ ...validSpawn(), stdio: ["ignore", { daemonFd: daemonLogFd }, { daemonFd: daemonLogFd }, "pipe"] });
    assert.deepEqual(opened, [daemonLogFd, daemonLogFd]);
    assert.deepEqual(spawns[0]?.stdio, ["ignore", 100 + daemonLogFd, 100 + daemonLogFd, "pipe"]);
  });

  void test("fuzzed and mutated requests never spawn as anything but an app account, never call outside the closed set, and never throw", async () => {
    const { host, spawns, calls } = fakeHost();
    const { parent } = parentWith(host);
    const random = seeded(20261203);
    for (let round = 0; round < 3000; round++) {
      const message = round % 3 === 0 ? randomValue(random, 4) : round % 3 === 1 ? mutate(validSpawn(), random) : mutate(validCall(random), random);
      assert.doesNotThrow(() => parent.handle(message));
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(spawns.length > 0, "some mutations stay valid requests");
    for (const call of calls) {
      assert.ok(["tree.create", "tree.remove", "account.ensure", "account.remove"].includes(call.name), call.name);
      const args = call.args as { app?: string; uid?: number; user?: string };
      if (args.app !== undefined) assert.match(args.app, /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
      if (args.uid !== undefined) assert.ok(args.uid >= 1);
      if (args.user !== undefined) assert.match(args.user, /^h3-/);
    }
    for (const { request } of spawns) {
      assert.equal(request.runAs.uid, appUid);
      assert.equal(request.runAs.gid, appUid);
      assert.ok(request.argv.every((word) => !word.includes("\0")));
      assert.ok([request.cwd, ...(request.runAs.confinement?.writable ?? [])].every((path) => path.startsWith("/") && !path.split("/").includes("..")));
      assert.match(request.runAs.confinement?.group ?? "a/b", /^[a-z0-9][a-z0-9_-]*\/[a-z]+$/);
    }
  });
});

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const nasty: unknown[] = [0, -1, 1, 23, 2 ** 53, Number.NaN, "", "..", "/..", "/etc/shadow", "a\0b", "../../x", "root", "SIGKILL", "call", "spawn", "account.ensure", "tree.create", "h3-blog-1a2b3c", "../blog", null, true, [], {}, { daemonFd: 3 }, "x".repeat(200_000)];

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth <= 0 || pick < 0.4) return nasty[Math.floor(random() * nasty.length)];
  if (pick < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  const keys = ["op", "id", "argv", "cwd", "env", "runAs", "uid", "gid", "pid", "signal", "stdio", "runFirst", "confinement", "group", "name", "args", "app", "user"];
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [keys[Math.floor(random() * keys.length)], randomValue(random, depth - 1)]));
}

/** Changes one to three places of a valid request: a value replaced, a key removed or added. */
function mutate(request: Record<string, unknown>, random: () => number): Record<string, unknown> {
  for (let count = 1 + Math.floor(random() * 3); count > 0; count--) {
    let node: Record<string, unknown> = request;
    for (;;) {
      const keys = Object.keys(node);
      const key = keys[Math.floor(random() * keys.length)];
      if (key === undefined) break;
      const value = node[key];
      if (value !== null && typeof value === "object" && random() < 0.6) {
        node = value as Record<string, unknown>;
        continue;
      }
      const action = random();
      if (action < 0.6) node[key] = randomValue(random, 2);
      else if (action < 0.8) delete node[key];
      else node[`${key}x`] = randomValue(random, 1);
      break;
    }
  }
  return request;
}
