import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { Confinement } from "../core/confinement.ts";
import type { RunAs } from "../core/app-identity.ts";
import { ResourceGroups } from "../host/resource-groups.ts";
import { bubblewrapArgs } from "./bubblewrap-args.ts";

export type Argv = readonly [string, ...string[]];

/** How to spawn a command: the argv to run and the identity the spawn itself takes. */
export interface SpawnTarget {
  readonly argv: Argv;
  /** Set when the spawn switches user itself; a confined spawn starts as root and drops later. */
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
  /** The resource group the command runs in (`owner/name`), when it got one. */
  readonly group: string | null;
}

/** Where the sandbox tools are; the confined chain only uses absolute paths. */
const tools = { sh: "/bin/sh", prlimit: "/usr/bin/prlimit", setpriv: "/usr/bin/setpriv", bwrap: "/usr/bin/bwrap" } as const;

/**
 * Joins the resource groups given as the first N arguments (the count comes first), then
 * runs the rest. A constant script: every path and argument arrives as its own argv entry.
 */
const joinGroupsScript = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"';

let sharedGroups: ResourceGroups | undefined;

/** The host's control groups, looked up once. */
export function resourceGroups(): ResourceGroups {
  sharedGroups ??= new ResourceGroups();
  return sharedGroups;
}

/**
 * The command to spawn for `argv` run as `runAs`: unconfined, the spawn itself switches user;
 * confined, a root chain joins the resource group, sets the file limit, drops to the app's
 * user without new privileges (`setpriv`), then enters bubblewrap (ADR 19). `runFirst`, a
 * program of Hop3's own that execs its arguments (the log timestamper), runs as the user just
 * before bubblewrap, outside the sandbox.
 */
export function spawnTarget(argv: Argv, cwd: string, runAs: RunAs | undefined, runFirst: readonly string[] = [], groups: ResourceGroups = resourceGroups()): SpawnTarget {
  const whole = [...runFirst, ...argv] as unknown as Argv;
  if (runAs === undefined) return { argv: whole, group: null };
  const confinement = runAs.confinement;
  if (confinement === undefined) return { argv: whole, uid: runAs.uid, gid: runAs.gid, group: null };
  const group = `${confinement.group}-${randomBytes(4).toString("hex")}`;
  const prepared = groups.prepare(group, confinement.limits);
  const chain: string[] = [];
  if (prepared.procs.length > 0) chain.push(tools.sh, "-c", joinGroupsScript, "hop3-join", String(prepared.procs.length), ...prepared.procs);
  const openFiles = openFilesWithin(confinement.limits.openFiles);
  if (openFiles !== null) chain.push(tools.prlimit, `--nofile=${openFiles}:${openFiles}`, "--");
  chain.push(tools.setpriv, `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--clear-groups", "--no-new-privs", "--");
  chain.push(...runFirst, tools.bwrap, ...bubblewrapArgs(present(confinement), cwd), "--", ...argv);
  return { argv: chain as unknown as Argv, group };
}

/**
 * The open-files limit to set: the one asked for, lowered to the server's own hard limit
 * (raising it needs a capability the server may not have, as in containers).
 */
function openFilesWithin(asked: number | null): number | null {
  if (asked === null) return null;
  serverOpenFilesHardLimit ??= readOpenFilesHardLimit();
  return Math.min(asked, serverOpenFilesHardLimit);
}

/** The server's own hard limit does not change while it runs: read once. Infinity when unlimited. */
let serverOpenFilesHardLimit: number | undefined;

function readOpenFilesHardLimit(): number {
  const match = /^Max open files\s+\S+\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
}

/** Bind sources must exist; an app directory not made yet is simply not offered. */
function present(confinement: Confinement): Confinement {
  return { ...confinement, writable: confinement.writable.filter(existsSync), readable: confinement.readable.filter(existsSync) };
}

/** True when the kernel killed a process of the group for exceeding its memory limit. */
export function ranOutOfMemory(group: string | null, groups: ResourceGroups = resourceGroups()): boolean {
  return group !== null && groups.oomKills(group) > 0;
}

/** Kills every process left in a command's group, also those that left its process group. */
export function killGroup(group: string | null, groups: ResourceGroups = resourceGroups()): void {
  if (group !== null) groups.kill(group);
}

/** Removes a finished command's group (it is empty once the command's tree is gone). */
export function releaseGroup(group: string | null, groups: ResourceGroups = resourceGroups()): void {
  if (group !== null) groups.sweep(group.split("/")[0] ?? group);
}
