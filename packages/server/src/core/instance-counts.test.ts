import { test } from "node:test";
import assert from "node:assert/strict";
import { instanceCounts } from "./instance-counts.ts";

test("the hand-set scale wins over app.json formation, which wins over one instance", () => {
  assert.deepEqual(instanceCounts(["web", "worker", "clock"], { worker: 3, clock: 0 }, { worker: 1 }), { web: 1, worker: 1, clock: 0 });
  assert.deepEqual(instanceCounts(["web"], undefined, { web: 0, gone: 5 }), { web: 0 }, "only the release's types");
});
