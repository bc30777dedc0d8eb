import { test } from "node:test";
import assert from "node:assert/strict";
import type { LogLine } from "@hop3/contract";
import { mergeByTime } from "./merge-by-time.ts";

const at = (second: number) => `2026-11-23T14:05:${String(second).padStart(2, "0")}.000Z`;
const line = (instance: string, time: string | null, text: string): LogLine => ({ instance, time, line: text });

test("lines of several instances come out ordered by time", () => {
  const web = [line("web.1", at(1), "a"), line("web.1", at(4), "d")];
  const worker = [line("worker.1", at(2), "b"), line("worker.1", at(3), "c"), line("worker.1", at(5), "e")];
  assert.deepEqual(mergeByTime([web, worker]).map((entry) => entry.line), ["a", "b", "c", "d", "e"]);
});

test("equal times keep the instances' order, and each instance's own order", () => {
  const web = [line("web.1", at(1), "w1"), line("web.1", at(1), "w2")];
  const worker = [line("worker.1", at(1), "k1")];
  assert.deepEqual(mergeByTime([web, worker]).map((entry) => entry.line), ["w1", "w2", "k1"]);
});

test("an instance's lines keep their order when its clock steps back", () => {
  const web = [line("web.1", at(5), "late"), line("web.1", at(2), "stepped back")];
  const worker = [line("worker.1", at(3), "k")];
  assert.deepEqual(mergeByTime([web, worker]).map((entry) => entry.line), ["k", "late", "stepped back"]);
});

test("lines without a time go with the timed line before them; leading ones come first", () => {
  const web = [line("web.1", null, "old 1"), line("web.1", null, "old 2"), line("web.1", at(3), "new"), line("web.1", null, "after new")];
  const worker = [line("worker.1", at(1), "k1"), line("worker.1", at(4), "k4")];
  assert.deepEqual(mergeByTime([web, worker]).map((entry) => entry.line), ["old 1", "old 2", "k1", "new", "after new", "k4"]);
});

test("nothing to merge gives nothing", () => {
  assert.deepEqual(mergeByTime([]), []);
  assert.deepEqual(mergeByTime([[], []]), []);
});
