import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { identifyProcess } from "../exec/process-identity.ts";
import { claimStateRoot } from "./state-root-claim.ts";

function fresh(): { home: string; file: string } {
  const home = mkdtempSync(join(tmpdir(), "hop3-claim-"));
  mkdirSync(join(home, "run"));
  return { home, file: join(home, "run", "server.json") };
}

/** A real process standing for an earlier server; `parentPid` is the parent its record names. */
async function earlierServer(file: string, seconds: number, parentPid?: number): Promise<ChildProcess> {
  const child = spawn("sleep", [String(seconds)], { stdio: "ignore" });
  await once(child, "spawn");
  const identity = identifyProcess(child.pid as number);
  assert.ok(identity);
  writeFileSync(file, JSON.stringify({ ...identity, parentPid: parentPid ?? process.pid }));
  return child;
}

async function claimed(file: string, home: string, waitMs = 5_000, onWait: (line: string) => void = () => undefined): Promise<{ release: () => void; waits: string[] }> {
  const waits: string[] = [];
  const release = await claimStateRoot({
    file,
    home,
    waitMs,
    onWait: (line) => {
      waits.push(line);
      onWait(line);
    },
  });
  return { release, waits };
}

test("the first server claims the state root; stopping forgets the record", async () => {
  const { home, file } = fresh();
  const { release } = await claimed(file, home);
  assert.equal((JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid, process.pid);
  release();
  assert.equal(existsSync(file), false);
});

test("a second server is refused at once, naming the running one's pid and the state root", async () => {
  const { home, file } = fresh();
  const running = await earlierServer(file, 30);
  const waits: string[] = [];
  // An hour's wait allowed: a refusal in time did not come from the deadline.
  await assert.rejects(claimed(file, home, 3_600_000, (line) => waits.push(line)), (error: Error & { code?: string }) => {
    assert.equal(error.code, "SERVER_ALREADY_RUNNING");
    assert.equal(error.message, `Another hop3-server (pid ${running.pid}) serves the state root ${home}.`);
    return true;
  });
  assert.deepEqual(waits, [], "no wait for a server that is serving");
  assert.equal((JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid, running.pid, "the running server's record stays");
  running.kill();
});

test("a server whose parent is gone is waited for while it stops, then the new one claims the root", async () => {
  const { home, file } = fresh();
  // Its record names a parent it no longer has: the privileged parent was killed.
  const stopping = await earlierServer(file, 30, process.pid + 1_000_000);
  // It stops once the new server has said it waits.
  const { waits } = await claimed(file, home, 3_600_000, () => stopping.kill());
  assert.deepEqual(waits, [`waiting for the previous hop3-server (pid ${stopping.pid}) of ${home} to finish stopping`]);
  assert.equal(identifyProcess(stopping.pid as number), null, "claimed only once the earlier server was gone");
  assert.equal((JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid, process.pid);
});

test("a server whose parent is gone but that does not stop is refused after the wait", async () => {
  const { home, file } = fresh();
  const stuck = await earlierServer(file, 30, process.pid + 1_000_000);
  await assert.rejects(claimed(file, home, 300), { code: "SERVER_ALREADY_RUNNING", message: `Another hop3-server (pid ${stuck.pid}) serves the state root ${home}, and did not stop within 0.3 s.` });
  stuck.kill();
});

test("a record of a process that is gone, or a damaged record, holds nothing", async () => {
  const { home, file } = fresh();
  const gone = await earlierServer(file, 30);
  gone.kill();
  await once(gone, "exit");
  assert.deepEqual((await claimed(file, home)).waits, []);
  writeFileSync(file, "{\"pid\":");
  await claimed(file, home);
  assert.equal((JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid, process.pid);
});
