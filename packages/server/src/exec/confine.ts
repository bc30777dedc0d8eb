import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import type { Confinement } from "../core/confinement.ts";
import type { RunAs } from "../core/app-identity.ts";
import { ResourceGroups } from "./resource-groups.ts";
import { bubblewrapArgs, type CgroupView } from "./bubblewrap-args.ts";
import { systemEnv } from "./system-env.ts";

export type Argv = readonly [string, ...string[]];

/** How to spawn a command: the argv to run, the environment and identity the spawn itself takes. */
export interface SpawnTarget {
  readonly argv: Argv;
  /** The spawned program's environment: the command's own, or Hop3's fixed one when the command's comes through `envArgs`. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Where the spawned program starts: the command's own directory, or `/` for a confined
   * chain, whose root half must not stand in a directory the app can swap; bubblewrap then
   * enters the command's directory as the app, inside the sandbox.
   */
  readonly cwd: string;
  /** Set when the spawn switches user itself; a confined spawn starts as root and drops later. */
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
  /** The resource group the command runs in (`owner/name`), when it got one. */
  readonly group: string | null;
  /** What to write on descriptor `envFd` (then close): the command's environment as bubblewrap arguments. */
  readonly envArgs: Buffer | null;
}

/** What to spawn, as whom, and on which descriptor the confined chain reads the command's environment. */
export interface SpawnTargetOptions {
  readonly argv: Argv;
  readonly cwd: string;
  /** The command's complete environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
  /** A program of Hop3's own that execs its arguments (the log timestamper), run as the user before bubblewrap. */
  readonly runFirst?: readonly string[] | undefined;
  /** The child's descriptor that will carry `envArgs`: the first one after those the caller uses. */
  readonly envFd: number;
  readonly groups?: ResourceGroups | undefined;
}

/**
 * The whole environment of the confined chain's own processes (sh, prlimit, setpriv, the
 * timestamper, bubblewrap): the first three run as root, so nothing of the app's environment
 * (`LD_PRELOAD`, `PERL5OPT`…) may reach them; the app's is applied by bubblewrap, last.
 */
export const chainEnv = systemEnv;

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
 * The command to spawn for `argv` run as `runAs`: unconfined, the spawn itself switches user
 * before it takes the command's environment; confined, a root chain with Hop3's fixed
 * environment joins the resource group, sets the file limit, drops to the app's user without
 * new privileges (`setpriv`), then enters bubblewrap (ADR 19), which clears its environment and
 * reads the command's from `envFd` (`--args`: never in an argv, which /proc shows to everyone)
 * just before it runs the command (ADR 22). `runFirst` runs as the user just before
 * bubblewrap, outside the sandbox.
 */
export function spawnTarget(options: SpawnTargetOptions): SpawnTarget {
  const { argv, cwd, env, runAs, runFirst = [] } = options;
  const whole = [...runFirst, ...argv] as unknown as Argv;
  if (runAs === undefined) return { argv: whole, env, cwd, group: null, envArgs: null };
  const confinement = runAs.confinement;
  if (confinement === undefined) return { argv: whole, env, cwd, uid: runAs.uid, gid: runAs.gid, group: null, envArgs: null };
  const group = `${confinement.group}-${randomBytes(4).toString("hex")}`;
  const prepared = (options.groups ?? resourceGroups()).prepare(group, confinement.limits);
  const chain: string[] = [];
  if (prepared.procs.length > 0) chain.push(tools.sh, "-c", joinGroupsScript, "hop3-join", String(prepared.procs.length), ...prepared.procs);
  const openFiles = openFilesWithin(confinement.limits.openFiles);
  if (openFiles !== null) chain.push(tools.prlimit, `--nofile=${openFiles}:${openFiles}`, "--");
  chain.push(tools.setpriv, `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--clear-groups", "--no-new-privs", "--");
  chain.push(...runFirst, tools.bwrap, "--clearenv", "--args", String(options.envFd), ...bubblewrapArgs(present(confinement), cwd, cgroupView(prepared.procs)), "--", ...argv);
  return { argv: chain as unknown as Argv, env: chainEnv, cwd: "/", group, envArgs: setenvArgs(env) };
}

/** `--setenv NAME VALUE` for each variable, NUL-separated as bubblewrap's `--args` reads them. */
export function setenvArgs(env: Readonly<Record<string, string>>): Buffer {
  const words: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    // A NUL would split a word in two: it could smuggle an option in (Node refuses it in env too).
    if (name.includes("\0") || value.includes("\0") || name === "" || name.includes("=")) throw new TypeError(`Invalid environment variable name or value: ${JSON.stringify(name)}`);
    words.push("--setenv", name, value);
  }
  return Buffer.from(words.map((word) => `${word}\0`).join(""), "utf8");
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

/** The cgroup tree the sandbox shows: its own groups only, by their real paths (`cpu` may link to `cpu,cpuacct`). */
function cgroupView(procs: readonly string[], root = "/sys/fs/cgroup"): CgroupView {
  return existsSync(root) ? { root, groups: procs.map((file) => realPath(dirname(file))) } : { root: null, groups: [] };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
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
