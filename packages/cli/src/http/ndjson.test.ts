import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { readNdjson } from "./ndjson.ts";

async function* chunks(...parts: (string | Uint8Array)[]) {
  for (const part of parts) yield typeof part === "string" ? new TextEncoder().encode(part) : part;
}

async function collect(source: AsyncIterable<Uint8Array | string>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of readNdjson(source)) values.push(value);
  return values;
}

test("reads values whose lines are split across chunk boundaries", async () => {
  const values = await collect(chunks('{"type":"st', 'age","n":1}\n{"ty', 'pe":"log"}\n', '{"type":"end"}\n'));
  assert.deepEqual(values, [{ type: "stage", n: 1 }, { type: "log" }, { type: "end" }]);
});

test("reads a UTF-8 character split between two chunks", async () => {
  const bytes = new TextEncoder().encode('{"line":"café ☕"}\n');
  const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of ☕
  assert.deepEqual(await collect(chunks(bytes.slice(0, cut), bytes.slice(cut))), [{ line: "café ☕" }]);
});

test("reads several values from one chunk, skips blank lines and reads a last line without newline", async () => {
  assert.deepEqual(await collect(chunks('{"a":1}\n\n{"a":2}\r\n{"a":3}')), [{ a: 1 }, { a: 2 }, { a: 3 }]);
});

test("fails with a Hop3Error on a line that is not JSON", async () => {
  await assert.rejects(collect(chunks("<html>\n")), (error: unknown) => error instanceof Hop3Error && /not JSON/.test(error.message));
});
