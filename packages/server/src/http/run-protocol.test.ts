import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeRunFrame, encodeRunFrames, exitStatusOf, maxRunFramePayload, RunFrameDecoder, runFrames } from "@hop3/contract";

const bytes = (text: string) => new TextEncoder().encode(text);

test("a frame is its type byte, a big-endian 32-bit length, then the payload", () => {
  assert.deepEqual([...encodeRunFrame(runFrames.stdout, "hi")], [0x11, 0, 0, 0, 2, 0x68, 0x69]);
  assert.deepEqual([...encodeRunFrame(runFrames.stdinEnd)], [0x03, 0, 0, 0, 0]);
});

test("decodes the same frames whatever the chunking, one byte at a time included", () => {
  const stream = new Uint8Array([...encodeRunFrame(runFrames.start, '{"argv":["ls"],"tty":false}'), ...encodeRunFrame(runFrames.stdin, "a\u00e9\n"), ...encodeRunFrame(runFrames.stdinEnd)]);
  const whole = new RunFrameDecoder().push(stream);
  assert.deepEqual(whole.map((frame) => frame.type), [runFrames.start, runFrames.stdin, runFrames.stdinEnd]);
  assert.equal(new TextDecoder().decode(whole[1]?.payload), "a\u00e9\n");

  const decoder = new RunFrameDecoder();
  const piecewise = [...stream].flatMap((byte) => decoder.push(new Uint8Array([byte])));
  assert.deepEqual(piecewise, whole);
  assert.equal(decoder.pending, 0);
});

test("keeps an incomplete frame until the rest arrives", () => {
  const frame = encodeRunFrame(runFrames.stderr, "partial");
  const decoder = new RunFrameDecoder();
  assert.deepEqual(decoder.push(frame.subarray(0, 6)), []);
  assert.equal(decoder.pending, 6);
  assert.deepEqual(decoder.push(frame.subarray(6)).map((f) => new TextDecoder().decode(f.payload)), ["partial"]);
});

test("splits large data into frames of at most the limit, and refuses a larger announced length", () => {
  const data = new Uint8Array(maxRunFramePayload * 2 + 10).fill(7);
  const frames = encodeRunFrames(runFrames.stdin, data);
  assert.deepEqual(frames.map((frame) => frame.length - 5), [maxRunFramePayload, maxRunFramePayload, 10]);
  assert.throws(() => encodeRunFrame(runFrames.stdin, data), RangeError);
  const oversized = new Uint8Array([runFrames.stdin, 0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => new RunFrameDecoder().push(oversized), /limit/);
  assert.deepEqual(encodeRunFrames(runFrames.stdin, bytes("")), []);
});

test("the exit status is the code, or 128 + the signal's number as a shell reports it", () => {
  assert.equal(exitStatusOf({ exitCode: 3, signal: null }), 3);
  assert.equal(exitStatusOf({ exitCode: 0, signal: null }), 0);
  assert.equal(exitStatusOf({ exitCode: null, signal: "SIGKILL" }), 137);
  assert.equal(exitStatusOf({ exitCode: null, signal: "SIGTERM" }), 143);
});
