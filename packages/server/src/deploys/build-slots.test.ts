import { test } from "node:test";
import assert from "node:assert/strict";
import { BuildSlots, type BuildSlot } from "./build-slots.ts";

test("with one slot, a second build waits, is told how many are ahead, and starts when the first ends", async () => {
  const slots = new BuildSlots(1);
  const first = await slots.acquire();
  const told: number[] = [];
  let second: BuildSlot | null = null;
  const waiting = slots.acquire((ahead) => told.push(ahead)).then((slot) => (second = slot));
  await Promise.resolve();
  assert.deepEqual(told, [1]);
  assert.equal(second, null, "no slot while the first build holds it");
  assert.deepEqual([slots.running, slots.waiting], [1, 1]);
  first.release();
  await waiting;
  assert.notEqual(second, null);
  assert.deepEqual([slots.running, slots.waiting], [1, 0]);
});

test("waiters are served in arrival order; each counts the builds before it", async () => {
  const slots = new BuildSlots(2);
  const held = [await slots.acquire(), await slots.acquire()];
  const order: string[] = [];
  const ahead: Record<string, number> = {};
  const wait = (name: string) => slots.acquire((n) => (ahead[name] = n)).then((slot) => (order.push(name), slot));
  const a = wait("a");
  const b = wait("b");
  const c = wait("c");
  assert.deepEqual(ahead, { a: 2, b: 3, c: 4 });
  held[1]?.release();
  const slotA = await a;
  held[0]?.release();
  await b;
  slotA.release();
  await c;
  assert.deepEqual(order, ["a", "b", "c"]);
});

test("a released slot is not taken by a newcomer ahead of a waiter, and releasing twice frees one slot only", async () => {
  const slots = new BuildSlots(1);
  const first = await slots.acquire();
  const waiter = slots.acquire();
  first.release();
  first.release();
  const told: number[] = [];
  const newcomer = slots.acquire((n) => told.push(n));
  assert.deepEqual(told, [1], "the waiter got the slot; the newcomer waits behind it");
  (await waiter).release();
  (await newcomer).release();
  assert.deepEqual([slots.running, slots.waiting], [0, 0]);
});

test("refuses a slot count below one", () => {
  assert.throws(() => new BuildSlots(0), RangeError);
});
