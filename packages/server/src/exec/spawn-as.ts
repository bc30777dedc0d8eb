import { spawn, type ChildProcess, type IOType } from "node:child_process";
import type { Writable } from "node:stream";
import { spawnTarget, type SpawnTargetOptions } from "./confine.ts";
import { privilegedParent, type PrivilegedClient } from "./privileged-client.ts";
import type { StdioSpec } from "./privileged-protocol.ts";

/** One of the child's first descriptors: a stream the caller reads or writes, nothing, or an open file. */
export type StdioEntry = IOType | number;

/** What spawnTarget takes, but the environment's descriptor: it comes right after `stdio`. */
export interface SpawnAsOptions extends Omit<SpawnTargetOptions, "envFd"> {
  /** The child's descriptors 0, 1, 2 (and 3…). */
  readonly stdio: readonly StdioEntry[];
}

/** A spawned command and the resource group it runs in. */
export interface SpawnedAs {
  readonly child: ChildProcess;
  readonly group: string | null;
}

/**
 * Spawns `argv` as `runAs` in a process group of its own (see spawnTarget). A confined command's
 * environment goes through a descriptor of its own, written and closed here: bubblewrap reads
 * it to the end and closes it before it runs the command, so the command does not inherit it.
 */
export function spawnAs(options: SpawnAsOptions): SpawnedAs {
  const parent = privilegedParent();
  if (parent !== undefined && options.runAs !== undefined) return spawnThroughParent(parent, options);
  return spawnHere(options);
}

/** Spawns in this process, whatever its privileges: what the privileged parent does for the daemon (ADR 31). */
export function spawnHere(options: SpawnAsOptions): SpawnedAs {
  const envFd = options.stdio.length;
  const target = spawnTarget({ argv: options.argv, cwd: options.cwd, env: options.env, runAs: options.runAs, runFirst: options.runFirst, envFd, groups: options.groups });
  const [program, ...args] = target.argv;
  const child = spawn(program, args, {
    cwd: target.cwd,
    env: { ...target.env },
    uid: target.uid,
    gid: target.gid,
    detached: true,
    stdio: target.envArgs === null ? [...options.stdio] : [...options.stdio, "pipe"],
  });
  if (target.envArgs !== null) deliver(child.stdio[envFd] as Writable | null | undefined, target.envArgs);
  return { child, group: target.group };
}

/**
 * Writes the whole environment then closes Hop3's end: what was written stays readable by the
 * child, and the channel holds neither the server's event loop nor a descriptor afterwards.
 */
function deliver(channel: Writable | null | undefined, data: Buffer): void {
  if (!channel) return;
  // A chain that failed before bubblewrap read it (its exit is reported) closes the channel early.
  channel.on("error", () => channel.destroy());
  channel.end(data, () => channel.destroy());
}

/**
 * The separated daemon cannot switch users: the parent spawns (the same chain, ADR 31) and
 * hands the pipes over; files the daemon opened (logs) are given by descriptor number, which
 * the parent reopens from this process's own table, never by path. The resource group lives
 * in the parent, which reports an out-of-memory kill with the exit.
 */
function spawnThroughParent(parent: PrivilegedClient, options: SpawnAsOptions): SpawnedAs {
  const runAs = options.runAs as NonNullable<SpawnAsOptions["runAs"]>;
  const stdio = options.stdio.map((entry): StdioSpec => {
    if (typeof entry === "number") return { daemonFd: entry };
    if (entry === "pipe" || entry === "overlapped") return "pipe";
    return "ignore";
  });
  const child = parent.spawn({ argv: [...options.argv], cwd: options.cwd, env: { ...options.env }, runAs: { uid: runAs.uid, gid: runAs.gid, ...(runAs.confinement ? { confinement: runAs.confinement as never } : {}) }, runFirst: [...(options.runFirst ?? [])], stdio });
  return { child: child as unknown as ChildProcess, group: null };
}
