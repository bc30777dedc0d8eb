import { test } from "node:test";
import assert from "node:assert/strict";
import { Duplex, PassThrough } from "node:stream";
import { encodeRunFrame, RunFrameDecoder, runFrames, type RunFrame, type RunStart } from "@hop3/contract";
import type { InteractiveExit, InteractiveProcess } from "../exec/run-interactive.ts";
import { serveRunSession } from "./run-session.ts";

/** A socket whose far end is the test: `sent` collects what the server wrote. */
function fakeSocket() {
  const written: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      callback();
    },
  });
  const frames = (): RunFrame[] => new RunFrameDecoder().push(Buffer.concat(written));
  return { socket, frames, send: (frame: Uint8Array) => socket.push(Buffer.from(frame)) };
}

/** A command that echoes stdin to stdout and exits with `code` when stdin ends. */
function fakeCommand(code: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let killed = false;
  let resolveExit: (exit: InteractiveExit) => void = () => undefined;
  const exited = new Promise<InteractiveExit>((resolve) => (resolveExit = resolve));
  stdin.on("data", (chunk: Buffer) => stdout.write(chunk));
  stdin.on("end", () => {
    stdout.end();
    stderr.end("bye\n");
    setImmediate(() => resolveExit({ exitCode: code, signal: null }));
  });
  const command: InteractiveProcess = { stdin, stdout, stderr, resize: () => undefined, kill: () => (killed = true), exited };
  return { command, killed: () => killed };
}

const json = (frame: RunFrame | undefined) => JSON.parse(new TextDecoder().decode(frame?.payload)) as unknown;
const startFrame = (start: RunStart) => encodeRunFrame(runFrames.start, JSON.stringify(start));

test("runs the command of the start frame, relays stdin frames sent before it started, and ends with its exit", async () => {
  const { socket, frames, send } = fakeSocket();
  const fake = fakeCommand(3);
  let started: RunStart | undefined;
  const session = serveRunSession(socket, Buffer.from(startFrame({ argv: ["cat"], tty: false })), async (start) => {
    started = start;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return fake.command;
  });
  send(encodeRunFrame(runFrames.stdin, "hello "));
  send(encodeRunFrame(runFrames.stdin, "world"));
  send(encodeRunFrame(runFrames.stdinEnd));
  await session;
  assert.deepEqual(started, { argv: ["cat"], tty: false });
  const received = frames();
  const text = (type: number) => received.filter((frame) => frame.type === type).map((frame) => new TextDecoder().decode(frame.payload)).join("");
  assert.equal(text(runFrames.stdout), "hello world");
  assert.equal(text(runFrames.stderr), "bye\n");
  assert.equal(received.at(-1)?.type, runFrames.exit);
  assert.deepEqual(json(received.at(-1)), { exitCode: 3, signal: null });
  assert.equal(fake.killed(), false);
});

test("answers a malformed start frame, or any other first frame, with a REQUEST_INVALID error frame", async () => {
  for (const first of [encodeRunFrame(runFrames.start, '{"argv": "ls"}'), encodeRunFrame(runFrames.stdin, "x"), encodeRunFrame(runFrames.start, "not json")]) {
    const { socket, frames } = fakeSocket();
    await serveRunSession(socket, Buffer.from(first), () => Promise.reject(new Error("must not start")));
    const last = frames().at(-1);
    assert.equal(last?.type, runFrames.error);
    assert.equal((json(last) as { error: { code: string } }).error.code, "REQUEST_INVALID");
  }
});

test("kills the command when the client goes away before it ends", async () => {
  const { socket } = fakeSocket();
  const fake = fakeCommand(0);
  const session = serveRunSession(socket, Buffer.from(startFrame({ argv: ["cat"], tty: false })), () => Promise.resolve(fake.command));
  await new Promise((resolve) => setTimeout(resolve, 10));
  socket.push(null);
  await session;
  assert.equal(fake.killed(), true);
});

test("the exit frame comes after the last output, even when the process exits before its pipes are read out", async () => {
  const { socket, frames } = fakeSocket();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  // Exited already; its output arrives afterwards (as a fast command's can).
  const command: InteractiveProcess = { stdin: new PassThrough(), stdout, stderr, resize: () => undefined, kill: () => undefined, exited: Promise.resolve({ exitCode: 1, signal: null }) };
  const session = serveRunSession(socket, Buffer.from(startFrame({ argv: ["redis-cli"], tty: false })), async () => {
    setImmediate(() => {
      stderr.end("NOAUTH Authentication required.\n");
      stdout.end();
    });
    return command;
  });
  await session;
  const types = frames().map((frame) => frame.type);
  assert.ok(types.includes(runFrames.stderr), "the output was relayed");
  assert.equal(types.at(-1), runFrames.exit);
  assert.ok(types.indexOf(runFrames.stderr) < types.indexOf(runFrames.exit));
});
