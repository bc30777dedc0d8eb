import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineHost } from "./engine-host.ts";
import { EngineProcess } from "./engine-process.ts";

/** A host whose "engine" is a real `sleep`, counting the starts. */
function sleepingHost(dir: string): { host: EngineHost; started: ChildProcess[] } {
  const started: ChildProcess[] = [];
  const host = {
    dirs: { addonsDir: dir, socketsDir: dir, configDir: dir, logsDir: dir, runDir: dir },
    start: () => {
      const child = spawn("sleep", ["30"], { stdio: "ignore" });
      started.push(child);
      return child;
    },
  } as unknown as EngineHost;
  return { host, started };
}

test("concurrent ensures start the engine once; one alive but not answering yet is waited for, not started again", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-engine-"));
  const { host, started } = sleepingHost(dir);
  try {
    const engine = new EngineProcess(host, "postgres");
    let answering = false;
    setTimeout(() => (answering = true), 400);
    const ready = () => Promise.resolve(answering);
    await Promise.all([engine.ensure(["/bin/sleep"], { ready }), engine.ensure(["/bin/sleep"], { ready })]);
    assert.equal(started.length, 1, "one start for two concurrent calls");

    // Busy for a moment (not answering) while it runs: a later call waits for it.
    answering = false;
    setTimeout(() => (answering = true), 300);
    await engine.ensure(["/bin/sleep"], { ready });
    assert.equal(started.length, 1, "the running engine is waited for, never doubled");
    assert.equal(engine.running(), true);

    // Gone: the next call starts a new one, and a fresh EngineProcess adopts it from the record.
    started[0]?.kill("SIGKILL");
    await new Promise((resolve) => started[0]?.once("exit", resolve));
    await engine.ensure(["/bin/sleep"], { ready });
    assert.equal(started.length, 2);
    assert.equal(new EngineProcess(host, "postgres").running(), true, "the record names the engine that runs");
  } finally {
    for (const child of started) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
