import assert from "node:assert/strict";
import { test } from "node:test";
import { BackgroundWork } from "./background-work.ts";

test("settled waits for every piece of work, including work started while waiting", async () => {
  const work = new BackgroundWork();
  const done: string[] = [];
  let finishFirst = () => undefined as void;
  work.run("first", async () => {
    await new Promise<void>((resolve) => (finishFirst = resolve));
    done.push("first");
    work.run("second", async () => void done.push("second"));
  });
  assert.equal(work.pending, 1);
  const settled = work.settled().then(() => done.push("settled"));
  finishFirst();
  await settled;
  assert.deepEqual(done, ["first", "second", "settled"]);
  assert.equal(work.pending, 0);
});

test("a failure is reported with what was being done, never thrown at the caller", async () => {
  const errors: string[] = [];
  const work = new BackgroundWork((error, what) => errors.push(`${what}: ${(error as Error).message}`));
  work.run("stopping old instances of shop", async () => {
    throw new Error("EPERM");
  });
  await work.settled();
  assert.deepEqual(errors, ["stopping old instances of shop: EPERM"]);
});
