import { test } from "node:test";
import assert from "node:assert/strict";
import { SignInGuard } from "./sign-in-guard.ts";

const limits = { failuresBeforeLock: 3, lockMs: 1000, attemptsPerWindow: 5, windowMs: 100 };

void test("a name is locked after consecutive failures, for a while, whether or not a user has it", () => {
  let now = 0;
  const guard = new SignInGuard(limits, () => now);
  for (const address of ["a", "b", "c"]) {
    assert.equal(guard.admit("alice", address), "ok");
    guard.failed("alice");
  }
  assert.equal(guard.admit("alice", "d"), "locked");
  assert.equal(guard.admit("bob", "d"), "ok", "other names are not locked");
  now = 1001;
  assert.equal(guard.admit("alice", "e"), "ok");
});

void test("a success resets the failures; an address is rate limited within its window", () => {
  let now = 0;
  const guard = new SignInGuard(limits, () => now);
  guard.failed("alice");
  guard.failed("alice");
  guard.succeeded("alice");
  guard.failed("alice");
  assert.equal(guard.admit("alice", "x"), "ok");
  for (let i = 0; i < 4; i++) guard.admit(`user${i}`, "x");
  assert.equal(guard.admit("carol", "x"), "rate-limited");
  now = 200;
  assert.equal(guard.admit("carol", "x"), "ok");
});
