import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { mock, test } from "node:test";
import { PrivilegedClient, PrivilegedError, type ParentChannel } from "./privileged-client.ts";

/** The daemon's IPC channel as a fake: records what is sent, closes on demand. */
class FakeChannel extends EventEmitter implements ParentChannel {
  readonly sent: Record<string, unknown>[] = [];
  open = true;

  send(message: unknown, callback?: (error: Error | null) => void): boolean {
    if (!this.open) {
      const error = Object.assign(new Error("Channel closed"), { code: "ERR_IPC_CHANNEL_CLOSED" });
      queueMicrotask(() => callback?.(error));
      return false;
    }
    this.sent.push(message as Record<string, unknown>);
    queueMicrotask(() => callback?.(null));
    return true;
  }

  close(): void {
    this.open = false;
    this.emit("disconnect");
  }
}

function codeOf(error: unknown): string | undefined {
  return error instanceof PrivilegedError ? error.code : undefined;
}

test("a call still waiting when the parent goes away fails with PARENT_GONE instead of hanging", async () => {
  const channel = new FakeChannel();
  const client = new PrivilegedClient(channel);
  const pending = client.call("account.ensure", { app: "blog" } as never);
  assert.equal(channel.sent.length, 1);
  channel.close();
  await assert.rejects(pending, (error) => codeOf(error) === "PARENT_GONE");
});

test("after the parent is gone, calls and spawns fail at once and nothing is written to the closed channel", async () => {
  const channel = new FakeChannel();
  const client = new PrivilegedClient(channel);
  channel.close();
  await assert.rejects(client.signal(1234, "SIGTERM"), (error) => codeOf(error) === "PARENT_GONE");
  const child = client.spawn({ stdio: ["ignore", "pipe", "pipe"] } as never);
  const failure = await new Promise<unknown>((resolve) => child.once("error", resolve));
  assert.equal(codeOf(failure), "PARENT_GONE");
  assert.equal(channel.sent.length, 0);
});

test("a send the channel refuses (closed under our feet) fails that request, with no unhandled error", async () => {
  const channel = new FakeChannel();
  const client = new PrivilegedClient(channel);
  channel.open = false; // closed, but the 'disconnect' event has not arrived yet
  await assert.rejects(client.call("sandbox.probe", {} as never), (error) => codeOf(error) === "PARENT_GONE");
});

test("a parent that never answers makes the call fail with PARENT_TIMEOUT naming the operation", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const channel = new FakeChannel();
    const client = new PrivilegedClient(channel, { answerWithinMs: 30_000 });
    const pending = client.call("tree.create", { app: "blog" } as never);
    mock.timers.tick(29_999);
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await Promise.resolve();
    assert.equal(settled, false);
    mock.timers.tick(1);
    await assert.rejects(pending, (error) => codeOf(error) === "PARENT_TIMEOUT" && /call tree\.create within 30 s/.test((error as Error).message));
  } finally {
    mock.timers.reset();
  }
});

test("an answer that arrives in time resolves the call and its timer no longer fires", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const channel = new FakeChannel();
    const client = new PrivilegedClient(channel, { answerWithinMs: 1000 });
    const pending = client.call("sandbox.probe", {} as never);
    const request = channel.sent[0];
    channel.emit("message", { re: request?.id, kind: "done", value: "ok" });
    mock.timers.tick(5000);
    assert.equal(await pending, "ok");
  } finally {
    mock.timers.reset();
  }
});

test("a process already running when the parent goes away is left alone: it emits no error (apps and Caddy live on)", async () => {
  const channel = new FakeChannel();
  const client = new PrivilegedClient(channel);
  const running = client.spawn({ stdio: ["ignore", "ignore", "ignore"] } as never);
  const pending = client.spawn({ stdio: ["ignore", "ignore", "ignore"] } as never);
  const errors: unknown[] = [];
  running.on("error", (error) => errors.push(error));
  channel.emit("message", { re: channel.sent[0]?.id, kind: "spawned", pid: 4242 });
  assert.equal(running.pid, 4242);
  const pendingFailure = new Promise<unknown>((resolve) => pending.once("error", resolve));
  channel.close();
  assert.equal(codeOf(await pendingFailure), "PARENT_GONE");
  assert.deepEqual(errors, []);
});
