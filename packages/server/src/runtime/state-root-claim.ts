import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Hop3Error } from "@hop3/contract";
import { identifyProcess, isStillRunning, parentPidOf, type ProcessIdentity } from "../exec/process-identity.ts";

/** `<home>/run/server.json`: the serving process, and the parent it started under. */
interface ServerRecord extends ProcessIdentity {
  readonly parentPid: number;
}

export interface StateRootClaimOptions {
  /** The record of the server serving the state root (`<home>/run/server.json`). */
  readonly file: string;
  /** The state root, for the messages. */
  readonly home: string;
  /** How long to wait for an earlier server that is stopping on its own (its parent was killed). */
  readonly waitMs: number;
  /** Told once when the claim waits. */
  readonly onWait: (line: string) => void;
}

/**
 * Makes this process the one server of a state root (ADR 80), or refuses: two daemons on one
 * state root would both supervise its apps. An earlier daemon whose parent is gone (the
 * privileged parent was SIGKILLed: it was reparented) stops by itself, so the claim waits for
 * it; one still under the parent it started with is serving, and the claim refuses at once. Returns the release, which
 * forgets the record if it is still this process's.
 */
export async function claimStateRoot(options: StateRootClaimOptions): Promise<() => void> {
  const identity = identifyProcess(process.pid);
  if (!identity) throw new Error("this process cannot read its own /proc entry");
  const own: ServerRecord = { ...identity, parentPid: process.ppid };
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    const earlier = readRecord(options.file);
    if (earlier && earlier !== "damaged" && isStillRunning(earlier)) {
      const orphaned = parentPidOf(earlier.pid) !== earlier.parentPid;
      if (!orphaned || Date.now() >= deadline) throw alreadyRunning(earlier.pid, options.home, orphaned ? options.waitMs : 0);
      if (!told) options.onWait(`waiting for the previous hop3-server (pid ${earlier.pid}) of ${options.home} to finish stopping`);
      told = true;
      await sleep(100);
      continue;
    }
    // A record of a process that is gone (killed, or the machine rebooted), or a damaged one, holds nothing.
    if (earlier !== null) rmSync(options.file, { force: true });
    if (createRecord(options.file, own)) break;
  }
  return () => {
    const record = readRecord(options.file);
    if (record && record !== "damaged" && record.pid === process.pid) rmSync(options.file, { force: true });
  };
}

/** Writes the record whole, then links it into place: false if another server's appeared meanwhile. */
function createRecord(file: string, own: ServerRecord): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const written = `${file}.${process.pid}.tmp`;
  writeFileSync(written, JSON.stringify(own), { mode: 0o600 });
  try {
    linkSync(written, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(written, { force: true });
  }
}

function alreadyRunning(pid: number, home: string, waitedMs: number): Hop3Error {
  const waited = waitedMs > 0 ? `, and did not stop within ${waitedMs / 1000} s` : "";
  return new Hop3Error("SERVER_ALREADY_RUNNING", `Another hop3-server (pid ${pid}) serves the state root ${home}${waited}.`);
}

/** The record, null when there is none (no server yet, or one that stopped cleanly). */
function readRecord(file: string): ServerRecord | "damaged" | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    const record = JSON.parse(text) as Partial<ServerRecord>;
    const whole = typeof record.pid === "number" && typeof record.parentPid === "number" && typeof record.bootId === "string" && typeof record.startTicks === "string";
    return whole ? (record as ServerRecord) : "damaged";
  } catch {
    return "damaged";
  }
}
