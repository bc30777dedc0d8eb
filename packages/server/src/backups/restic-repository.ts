import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { runCommand, type RunCommandResult } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";
import type { RepositoryPassword } from "./repository-password.ts";
import { explainS3Failure, type S3Credentials } from "./s3-credentials.ts";

/** Long backups of large data directories may take a while, never forever. */
const resticTimeoutMs = 6 * 60 * 60 * 1000;

/** What restic reports at the end of a backup. */
export interface ResticSnapshot {
  readonly id: string;
  /** Bytes read from the staged files. */
  readonly bytes: number;
  /** Bytes the repository grew by (after deduplication and compression). */
  readonly added: number;
}

/** A snapshot as `restic snapshots --json` lists it. */
export interface ResticSnapshotEntry {
  readonly id: string;
  readonly time: string;
  readonly paths: readonly string[];
  readonly tags: readonly string[];
}

/** How far a running backup is (restic's own status lines). */
export interface ResticProgress {
  readonly percent: number;
  readonly bytesDone: number;
  readonly totalBytes: number;
}

/** A restic command that failed: why, in restic's own words (its `Fatal:` line when it printed one). */
export class ResticFailure extends Error {
  readonly exitCode: number | null;

  /** `location`: the repository's, so that an S3 failure names the setting to fix. */
  constructor(what: string, result: RunCommandResult, location = "") {
    super(`${what} failed: ${explainS3Failure(location, reasonOf(result))}`);
    this.exitCode = result.exitCode;
  }
}

export interface ResticRepositoryOptions {
  /** restic's repository argument: a local directory, `sftp:user@host:/path` or `s3:http(s)://host/bucket`. */
  readonly location: string;
  readonly password: RepositoryPassword;
  /** restic's cache (the daemon's own directory). */
  readonly cacheDir: string;
  /** Extra `-o` options, e.g. `sftp.command=…`. */
  readonly options?: readonly string[];
  /** The key of an `s3:` location, handed to restic in its environment (ADR 76). */
  readonly s3?: S3Credentials;
}

/**
 * One restic repository, driven through exec/ with argv arrays. The password reaches restic as
 * RESTIC_PASSWORD_FILE, an S3 key as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; nothing else of
 * the environment is inherited. Runs as the daemon: it
 * only ever reads and writes the daemon's own staging directories, never an app's tree.
 */
export class ResticRepository {
  #options: ResticRepositoryOptions;

  constructor(options: ResticRepositoryOptions) {
    this.#options = options;
  }

  get location(): string {
    return this.#options.location;
  }

  /** Points at another repository (a disaster recovery adopts the lost server's, ADR 70). */
  relocate(location: string): void {
    this.#options = { ...this.#options, location };
  }

  /**
   * Creates the repository at first use: a new password, then `restic init`. Returns the new
   * password (to be shown once) or null when the repository was made before. Once a password
   * exists the repository is never created again: a repository that went missing is an error,
   * not a reason to start an empty one.
   */
  async ensure(): Promise<string | null> {
    const { password } = this.#options;
    if (password.exists()) return null;
    const secret = password.generate();
    try {
      await this.#run("Creating the backup repository", ["init"]);
    } catch (error) {
      password.discard();
      throw error;
    }
    return secret;
  }

  /** `restic backup` of one directory (its absolute path is kept in the snapshot), tagged. */
  async backup(dir: string, tags: readonly string[], time: Date, onProgress: (progress: ResticProgress) => void): Promise<ResticSnapshot> {
    let summary: ResticSnapshot | null = null;
    const argv = ["backup", "--json", "--host", "hop3", "--time", resticTime(time), ...tags.flatMap((tag) => ["--tag", tag]), dir];
    const result = await this.#spawn(argv, (stream, line) => {
      if (stream !== "stdout" || !line.startsWith("{")) return;
      const message = parseJson(line);
      if (message?.message_type === "status" && typeof message.percent_done === "number") {
        onProgress({ percent: Math.round(message.percent_done * 1000) / 10, bytesDone: num(message.bytes_done), totalBytes: num(message.total_bytes) });
      } else if (message?.message_type === "summary" && typeof message.snapshot_id === "string") {
        summary = { id: message.snapshot_id, bytes: num(message.total_bytes_processed), added: num(message.data_added) };
      }
    });
    // Exit 3 is restic's "snapshot created, but some files could not be read": not a backup.
    const made = summary as ResticSnapshot | null;
    if (result.exitCode !== 0 || !made) {
      if (made) await this.forget([made.id]).catch(() => undefined);
      throw new ResticFailure("restic backup", result, this.location);
    }
    return made;
  }

  /** Restores a snapshot under `target` (paths as they were backed up, below it). */
  async restore(snapshot: string, target: string): Promise<void> {
    mkdirSync(target, { recursive: true, mode: 0o700 });
    await this.#run("restic restore", ["restore", snapshot, "--target", target]);
  }

  /** The repository's snapshots, oldest first (restic's order). */
  async snapshots(): Promise<ResticSnapshotEntry[]> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const result = await runCommand({ argv: ["restic", ...this.#global(), "snapshots", "--json"], cwd: "/", env: this.#env(), stdout: out, timeoutMs: resticTimeoutMs });
    if (result.exitCode !== 0) throw new ResticFailure("restic snapshots", result, this.location);
    const listed = JSON.parse(Buffer.concat(chunks).toString("utf8") || "[]") as { id: string; time: string; paths?: string[]; tags?: string[] }[];
    return listed.map((entry) => ({ id: entry.id, time: entry.time, paths: entry.paths ?? [], tags: entry.tags ?? [] }));
  }

  /** Removes snapshots and the data only they used. */
  async forget(snapshots: readonly string[]): Promise<void> {
    if (snapshots.length === 0) return;
    await this.#run("restic forget", ["forget", "--prune", ...snapshots]);
  }

  /** `restic check`: the repository's structure (and a share of its data when asked). */
  async check(readDataSubset?: string): Promise<void> {
    await this.#run("restic check", ["check", ...(readDataSubset ? [`--read-data-subset=${readDataSubset}`] : [])]);
  }

  async #run(what: string, argv: string[], stdin?: Readable): Promise<void> {
    const result = await this.#spawn(argv, undefined, stdin);
    if (result.exitCode !== 0) throw new ResticFailure(what, result, this.location);
  }

  #spawn(argv: string[], onLine?: (stream: "stdout" | "stderr", line: string) => void, stdin?: Readable): Promise<RunCommandResult> {
    return runCommand({ argv: ["restic", ...this.#global(), ...argv], cwd: "/", env: this.#env(), onLine, stdin, timeoutMs: resticTimeoutMs });
  }

  #global(): string[] {
    return ["--repo", this.#options.location, ...(this.#options.options ?? []).flatMap((option) => ["-o", option])];
  }

  #env(): Record<string, string> {
    mkdirSync(this.#options.cacheDir, { recursive: true, mode: 0o700 });
    const s3 = this.#options.s3?.envFor(this.#options.location) ?? {};
    return { ...systemEnv, ...s3, RESTIC_PASSWORD_FILE: this.#options.password.file, RESTIC_CACHE_DIR: this.#options.cacheDir, HOME: join(this.#options.cacheDir, "..") };
  }
}

/** restic's `--time` format (local time, as restic reads it). */
function resticTime(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/**
 * restic's fatal line when it printed one, else the last lines; never more than 300 characters.
 * ssh's own last word comes first when restic ran it (an sftp: repository): restic's fatal line
 * then only says the session ended, ssh says why (host key, key refused, host unreachable).
 */
function reasonOf(result: RunCommandResult): string {
  if (result.timedOut) return "restic ran past its time limit";
  const fatal = result.tail.find((line) => line.startsWith("Fatal:"));
  const ssh = result.tail.filter((line) => line.startsWith("subprocess ssh: ")).at(-1)?.slice("subprocess ssh: ".length).trim();
  const text = fatal ? `${ssh ? `ssh: ${ssh} — ` : ""}${fatal.replace(/^Fatal:\s*/, "")}` : result.tail.filter((line) => !line.startsWith("{")).join(" ").trim() || `exit ${result.exitCode ?? result.signal}`;
  return text.slice(0, 300);
}
