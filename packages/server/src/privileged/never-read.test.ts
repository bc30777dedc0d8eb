import assert from "node:assert/strict";
import { fork, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { neverRead } from "./never-read.ts";

/** The daemon's side, run in a child process: reads each pipe it is handed and reports what came. */
function receive(): void {
  process.on("message", (message: { id: number; index: number }, handle?: Socket) => {
    const busyUntil = Date.now() + 5; // a daemon with other work: its acknowledgements come late
    while (Date.now() < busyUntil);
    if (!handle) {
      process.send?.({ ...message, data: null });
      return;
    }
    let data = "";
    handle.setEncoding("utf8").on("data", (chunk: string) => (data += chunk));
    handle.once("close", () => process.send?.({ ...message, data }));
  });
}

if (process.argv[2] === "receiver") receive();
else {
  test("pipes handed to the daemon keep every byte of commands that end at once, even when the daemon is slow to take them", async () => {
    const receiver = fork(fileURLToPath(import.meta.url), ["receiver"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const count = 30;
    const received = new Map<string, string | null>();
    const all = new Promise<void>((resolve) => {
      receiver.on("message", (reply: { id: number; index: number; data: string | null }) => {
        received.set(`${reply.id}.${reply.index}`, reply.data);
        if (received.size === count * 2) resolve();
      });
    });
    try {
      for (let id = 0; id < count; id += 1) {
        const child = spawn("sh", ["-c", `echo out-${id}; echo err-${id} >&2`], { stdio: ["ignore", "pipe", "pipe"] });
        for (const index of [1, 2]) {
          neverRead(child.stdio[index]);
          receiver.send({ id, index }, child.stdio[index] as Socket);
        }
      }
      await all;
      for (let id = 0; id < count; id += 1) {
        assert.equal(received.get(`${id}.1`), `out-${id}\n`, `stdout of command ${id}`);
        assert.equal(received.get(`${id}.2`), `err-${id}\n`, `stderr of command ${id}`);
      }
    } finally {
      receiver.kill();
    }
  });
}
