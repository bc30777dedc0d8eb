import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonErrorOffset } from "./json-syntax-error.ts";

/** The position V8 gives for `text`, when its message has one. */
function v8Offset(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    return position === undefined ? undefined : Number(position);
  }
  return undefined;
}

const broken = [
  '{"a": 1,}',
  '{\n  "a": 1\n  "b": 2\n}',
  '{"a" 1}',
  "{a: 1}",
  '{"a": "x\ny"}',
  '{"a": "x',
  '{"a": 01}',
  '{"a": 1.}',
  '{"a": -}',
  '{"a": 1e}',
  '{"a": "\\q"}',
  '{"a": "\\u12"}',
  "[1, 2]x",
  '{"a": [1, {"b": nul}]}',
];

test("finds the same error position as V8 wherever V8 gives one", () => {
  for (const text of broken) {
    const expected = v8Offset(text);
    if (expected !== undefined) assert.equal(jsonErrorOffset(text), expected, text);
  }
});

test("finds the offending token of errors V8 reports without a position", () => {
  assert.equal(jsonErrorOffset('{"a": [1,]}'), 9);
  assert.equal(jsonErrorOffset("// c\n{}"), 0);
  assert.equal(jsonErrorOffset('{"a": tru}'), 9);
  assert.equal(jsonErrorOffset('{"a": NaN}'), 6);
});

test("points past the end of a text that stops too early", () => {
  assert.equal(jsonErrorOffset(""), 0);
  assert.equal(jsonErrorOffset('{"a": [1, 2'), 11);
});

test("finds no error in valid JSON", () => {
  assert.equal(jsonErrorOffset(' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"], "b": {}} '), undefined);
});
