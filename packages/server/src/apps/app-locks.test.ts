import { test } from "node:test";
import assert from "node:assert/strict";
import { AppLocks } from "./app-locks.ts";

test("a second change of the same app is refused at once, a change of another app is not", () => {
  const locks = new AppLocks();
  locks.acquire("a");
  assert.throws(() => locks.acquire("a"), /App "a" is being deployed/);
  assert.doesNotThrow(() => locks.acquire("b"));
});

test("waiters get the lock one after the other, in arrival order", async () => {
  const locks = new AppLocks();
  const first = locks.acquire("a");
  const order: string[] = [];
  let waited = 0;
  const second = locks.acquireWaiting("a", { waitMs: 1000, onWait: () => waited++ }).then((lock) => {
    order.push("second");
    return lock;
  });
  const third = locks.acquireWaiting("a", { waitMs: 1000 }).then((lock) => {
    order.push("third");
    return lock;
  });
  first.release();
  (await second).release();
  (await third).release();
  assert.deepEqual(order, ["second", "third"]);
  assert.equal(waited, 1);
  assert.equal(locks.isHeld("a"), false);
});

test("a waiter gives up after its timeout with DEPLOY_IN_PROGRESS", async () => {
  const locks = new AppLocks();
  locks.acquire("a");
  await assert.rejects(locks.acquireWaiting("a", { waitMs: 30 }), /still being deployed after waiting/);
});

test("whenIdle resolves when the last lock is released, not while a waiter holds it next", async () => {
  const locks = new AppLocks();
  assert.equal(await locks.whenIdle(10), true, "idle at once when nothing is held");
  const a = locks.acquire("a");
  const b = locks.acquire("b");
  let idle: boolean | undefined;
  const waiting = locks.whenIdle(60_000).then((result) => (idle = result));
  const next = locks.acquireWaiting("a", { waitMs: 60_000 });
  a.release();
  b.release();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(idle, undefined, "a's lock passed to its waiter: not idle");
  (await next).release();
  await waiting;
  assert.equal(idle, true);
});

test("whenIdle gives up after its timeout while a lock stays held", async () => {
  const locks = new AppLocks();
  locks.acquire("a");
  assert.equal(await locks.whenIdle(20), false);
});
