import { chmodSync, chownSync, lstatSync, mkdirSync, rmdirSync, unlinkSync } from "node:fs";
import { basename } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { privilegedParent } from "../exec/privileged-client.ts";
import { Hop3Error } from "@hop3/contract";
import type { RunAs } from "../core/app-identity.ts";
import { runCommand, type RunCommandResult } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";


/** Copies and removals of whole trees may take a while on a slow disk, never forever. */
const treeTimeoutMs = 30 * 60 * 1000;

/** One side of a copy: a directory and the identity that may read (or write) it. */
export interface TreeSide {
  readonly dir: string;
  readonly runAs: RunAs | undefined;
}

/**
 * Work on the files of an app, done as the app's own user (in its build sandbox when it has
 * one): an app's tree is writable by the app, which may have planted links anywhere in it, so
 * a root process creating, copying or deleting there could be made to act on any file of the
 * host. Run as the app, the same links reach only what the app could reach anyway (ADR 25).
 * `runAs` undefined means the server is not root and everything is its own user's.
 */
export const appTree = {
  /** Creates directories (and their parents) inside the app's tree. */
  async makeDirs(runAs: RunAs | undefined, paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await asUser(runAs, ["mkdir", "-p", "--", ...paths], `create ${paths.join(", ")}`);
  },

  /** Creates an empty directory, replacing whatever the app left at that path (a link, a file, an old tree). */
  async makeFreshDir(runAs: RunAs | undefined, path: string): Promise<void> {
    await asUser(runAs, ["rm", "-rf", "--", path], `clear ${path}`);
    await asUser(runAs, ["mkdir", "--", path], `create ${path}`);
  },

  /** Removes files or trees; links are removed, never followed. Nothing there is fine. */
  async remove(runAs: RunAs | undefined, paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await asUser(runAs, ["rm", "-rf", "--", ...paths], `remove ${paths.join(", ")}`);
  },

  /** Empties a directory the app owns but cannot remove itself (its root, in a root-owned parent). */
  async empty(runAs: RunAs | undefined, dir: string): Promise<void> {
    await asUser(runAs, ["find", "-P", dir, "-mindepth", "1", "-delete"], `empty ${dir}`);
  },

  /** Renames `from` to `to` (both in trees of the same account), without following links. */
  async move(runAs: RunAs | undefined, from: string, to: string): Promise<void> {
    await asUser(runAs, ["mv", "--no-target-directory", "--", from, to], `move ${from} to ${to}`);
  },

  /** Makes `link` a symbolic link to `target`. */
  async link(runAs: RunAs | undefined, target: string, link: string): Promise<void> {
    await asUser(runAs, ["ln", "-s", "--no-target-directory", "--", target, link], `link ${link} to ${target}`);
  },

  /**
   * Unpacks a plain tar stream into `dir` (which exists) as the app. The stream was checked by
   * the caller; permissions follow the app's umask and never carry setuid, setgid or sticky
   * bits, owners are the app's. Resolves with tar's result: the caller tells its errors.
   */
  unpack(runAs: RunAs | undefined, dir: string, stream: Readable, signal: AbortSignal): Promise<RunCommandResult> {
    return runCommand({ argv: ["tar", ...unpackFlags, "-C", dir], cwd: "/", env: systemEnv, runAs, stdin: stream, signal, timeoutMs: treeTimeoutMs });
  },

  /**
   * Copies the contents of `from.dir` into the existing, empty `to.dir`: `tar -c` reads as the
   * source's user, `tar -x` writes as the destination's. Links are copied as links, so a link
   * planted in the source never makes either side copy what it may not read.
   */
  async copy(from: TreeSide, to: TreeSide): Promise<void> {
    const pipe = new PassThrough();
    const reading = runCommand({ argv: ["tar", "-c", "-f", "-", "-C", from.dir, "."], cwd: "/", env: systemEnv, runAs: from.runAs, stdout: pipe, timeoutMs: treeTimeoutMs });
    const writing = runCommand({ argv: ["tar", ...unpackFlags, "-C", to.dir], cwd: "/", env: systemEnv, runAs: to.runAs, stdin: pipe, timeoutMs: treeTimeoutMs });
    const [read, written] = await Promise.all([reading, writing]);
    for (const [result, what] of [[read, `reading ${from.dir}`], [written, `writing ${to.dir}`]] as const) {
      if (result.exitCode !== 0) throw new Hop3Error("INTERNAL", `Copying ${from.dir} to ${to.dir} failed ${what} (exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
    }
  },
};

/** The same account without its sandbox: for work spanning two of its trees (a rename). */
export function unconfined(runAs: RunAs | undefined): RunAs | undefined {
  return runAs && { uid: runAs.uid, gid: runAs.gid };
}

/**
 * tar as an ordinary user: no owners from the archive, the user's umask over the modes, links
 * unpacked last and only where they cannot be followed by later members (GNU tar's default).
 * As an ordinary user, GNU tar also drops setuid, setgid and sticky bits.
 */
const unpackFlags = ["-x", "-f", "-", "--no-same-owner", "--no-same-permissions", "--delay-directory-restore", "--no-overwrite-dir", ...keepTargetDir()];

/**
 * The archive's `.` entry is skipped: tar would give the target directory the entry's mode,
 * and as an ordinary user that drops the setgid bit the target inherits from the app's root
 * (its files must keep the daemon's group, ADR 31). `--no-recursion` keeps the exclusion to
 * that one entry.
 */
function keepTargetDir(): string[] {
  return ["--no-recursion", "--exclude=."];
}

/**
 * Creates an app's root directory as root, before the app owns anything in it: a fresh
 * directory in root's own `apps/` (so no link can be in the way), given to the app with 0750
 * (its group is the app's own: no other account gets in).
 */
export async function createAppRoot(path: string, runAs: RunAs | undefined): Promise<void> {
  // Separated, apps/ is root's and the parent makes the root (setgid, the daemon's group: ADR 31).
  const parent = privilegedParent();
  if (parent && runAs) return void (await parent.call("tree.create", { app: basename(path), uid: runAs.uid }));
  mkdirSync(path, { mode: 0o700 });
  if (runAs) chownSync(path, runAs.uid, runAs.gid);
  chmodSync(path, 0o750);
}

/**
 * Removes a directory found where a new one must go (left over by a failed operation): its
 * contents are deleted as the directory's owner, whoever that is, then root removes the empty
 * directory from its own parent.
 */
export async function removeLeftover(path: string): Promise<void> {
  const parent = privilegedParent();
  if (parent) return void (await parent.call("tree.remove", { app: basename(path) }));
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) {
    // A file or a link in a root-owned parent: unlinking it follows nothing.
    unlinkSync(path);
    return;
  }
  const runAs = stat.uid === process.getuid?.() ? undefined : { uid: stat.uid, gid: stat.gid };
  await asUser(runAs, ["find", "-P", path, "-mindepth", "1", "-delete"], `empty ${path}`);
  rmdirSync(path);
}

async function asUser(runAs: RunAs | undefined, argv: [string, ...string[]], what: string): Promise<void> {
  const result = await runCommand({ argv, cwd: "/", env: systemEnv, runAs, timeoutMs: treeTimeoutMs });
  if (result.exitCode !== 0) {
    throw new Hop3Error("INTERNAL", `Could not ${what} as its owner (exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
  }
}
