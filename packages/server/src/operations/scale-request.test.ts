import { test } from "node:test";
import assert from "node:assert/strict";
import type { ProcessUnit } from "../runtime/process-unit.ts";
import { checkScaleRequest, scaleChange } from "./scale-request.ts";

const release = { number: 4, processes: { web: "python3 web.py", worker: "python3 worker.py" } };

function codeOf(run: () => void): string {
  try {
    run();
    return "none";
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
}

test("accepts whole numbers from 0 to 20 for the release's process types", () => {
  assert.doesNotThrow(() => checkScaleRequest("blog", release, { web: 0, worker: 20 }));
});

test("refuses counts out of range, unknown types and empty requests, naming the argument", () => {
  assert.equal(codeOf(() => checkScaleRequest("blog", release, { web: 21 })), "SCALE_INVALID: web=21: the number of instances must be a whole number from 0 to 20.");
  assert.equal(codeOf(() => checkScaleRequest("blog", release, { web: -1 })), "SCALE_INVALID: web=-1: the number of instances must be a whole number from 0 to 20.");
  assert.equal(codeOf(() => checkScaleRequest("blog", release, { web: 1.5 })), "SCALE_INVALID: web=1.5: the number of instances must be a whole number from 0 to 20.");
  assert.equal(codeOf(() => checkScaleRequest("blog", release, {})), 'SCALE_INVALID: No process type to scale for app "blog": give at least one TYPE=N.');
  assert.equal(
    codeOf(() => checkScaleRequest("blog", release, { web: 2, clock: 1 })),
    'PROCESS_TYPE_UNKNOWN: App "blog" has no process type "clock" in its current release 4 (it has: web, worker).',
  );
});

const unit = (index: number, alive = true) => ({ alive, spec: { index } }) as unknown as ProcessUnit;

test("scaling up starts the missing indexes and replaces dead ones", () => {
  const [one, two] = [unit(1), unit(2, false)];
  const change = scaleChange([one, two], 3);
  assert.deepEqual(change.start, [2, 3]);
  assert.deepEqual(change.retire, []);
  assert.deepEqual(change.discard, [two]);
});

test("scaling down retires the highest indexes and keeps the lowest running", () => {
  const units = [unit(1), unit(2), unit(3)];
  const change = scaleChange(units, 1);
  assert.deepEqual(change.start, []);
  assert.deepEqual(change.retire, [units[1], units[2]]);
  assert.deepEqual(scaleChange(units, 0).retire, units);
});
