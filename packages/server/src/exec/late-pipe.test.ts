import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { LatePipe } from "./late-pipe.ts";

test("what is written before the pipe arrives reaches it, in order, and the end follows", async () => {
  const pipe = new LatePipe();
  pipe.write("first ");
  pipe.end("second");
  const socket = new PassThrough();
  const received: string[] = [];
  socket.on("data", (chunk: Buffer) => received.push(chunk.toString()));
  const ended = new Promise((resolve) => socket.once("end", resolve));
  pipe.attach(socket);
  await ended;
  assert.equal(received.join(""), "first second");
});

test("what the child prints is read through the pipe, and the pipe closes when the child's end does", async () => {
  const pipe = new LatePipe();
  const lines: string[] = [];
  pipe.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  const closed = new Promise((resolve) => pipe.once("close", resolve));
  const socket = new PassThrough();
  pipe.attach(socket);
  socket.end("output\n");
  await closed;
  assert.deepEqual(lines, ["output\n"]);
});

test("a pipe that never arrived (the command was gone) ends at once instead of hanging its reader", async () => {
  const pipe = new LatePipe();
  const closed = new Promise((resolve) => pipe.once("close", resolve));
  pipe.resume();
  pipe.attach(undefined);
  await closed;
  assert.equal(pipe.destroyed, true);
});
