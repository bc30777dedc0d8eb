import { test } from "node:test";
import assert from "node:assert/strict";
import { LineSplitter, maxLineBytes } from "./line-splitter.ts";

function split(chunks: readonly (string | Buffer)[], maxBytes?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxBytes);
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

test("splits at \\n, \\r\\n and a lone \\r, and passes on a last line without a line end", () => {
  assert.deepEqual(split(["one\ntwo\r\nthree\rfour"]), ["one", "two", "three", "four"]);
  assert.deepEqual(split(["a\n\nb\n"]), ["a", "", "b"]);
});

test("joins lines cut across chunks, including a \\r\\n cut between its two bytes", () => {
  assert.deepEqual(split(["hel", "lo\r", "\nwor", "ld\n"]), ["hello", "world"]);
  assert.deepEqual(split(["a\r", "\r", "\n"]), ["a", ""]);
});

test("a line of exactly the limit is one line; one byte more continues on the next line", () => {
  assert.deepEqual(split(["abcd\n"], 4), ["abcd"]);
  assert.deepEqual(split(["ab", "cd", "\n"], 4), ["abcd"]);
  assert.deepEqual(split(["abcde\n"], 4), ["abcd", "e"]);
  assert.deepEqual(split(["abcdefgh"], 4), ["abcd", "efgh"]);
});

test("never cuts a multibyte UTF-8 character in the middle", () => {
  // "é" is 2 bytes, "€" 3, "😀" 4: the cut moves back to the character's first byte.
  assert.deepEqual(split(["abcé\n"], 4), ["abc", "é"]);
  assert.deepEqual(split(["ab€cd\n"], 4), ["ab", "€c", "d"]);
  assert.deepEqual(split(["a😀b"], 4), ["a", "😀", "b"]);
  const emoji = Buffer.from("x😀");
  // The same, with the character's bytes arriving in separate chunks.
  assert.deepEqual(split([emoji.subarray(0, 2), emoji.subarray(2, 3), emoji.subarray(3), "\n"], 4), ["x", "😀"]);
  const lines = split(["€".repeat(10_000)]);
  assert.ok(lines.every((line) => !line.includes("\uFFFD")), "no replacement character");
  assert.equal(lines.join(""), "€".repeat(10_000));
});

test("bytes that are not UTF-8 are still cut at the limit", () => {
  const lines = split([Buffer.alloc(10, 0x80)], 4);
  assert.deepEqual(lines.map((line) => Buffer.byteLength(line, "latin1")), [4, 4, 2]);
});

test("holds at most the limit whatever the command prints: a huge line comes out in pieces as it arrives", () => {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  const chunk = Buffer.alloc(64 * 1024, "a");
  for (let i = 0; i < 16; i++) splitter.push(chunk);
  // The last full piece waits: a line end right after it would make it a line of exactly the limit.
  assert.equal(lines.length, 127, "every other piece was passed on before the stream ended");
  splitter.end();
  assert.equal(lines.length, 128);
  assert.ok(lines.every((line) => line.length === maxLineBytes));
});
