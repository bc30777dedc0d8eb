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
