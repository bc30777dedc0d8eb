import { lstat, readdir, realpath } from "node:fs/promises";
import { sep } from "node:path";
import { readContained } from "../host/read-app-file.ts";

/** What one SBOM may read of a release: beyond this the reader stops and says so. */
export interface ReadLimits {
  /** Largest file read (a lockfile, a package.json, a METADATA). */
  readonly fileBytes: number;
  /** Bytes read in all. */
  readonly totalBytes: number;
  /** Files read plus directories listed. */
  readonly entries: number;
}

export const defaultReadLimits: ReadLimits = { fileBytes: 8 * 1024 * 1024, totalBytes: 128 * 1024 * 1024, entries: 50_000 };

/**
 * Reads an app's files as an unprivileged reader would (ADR 27): only inside the given roots
 * (the release and the app's cache, where builders keep virtualenvs and node_modules), never
 * through a link that leaves them, never a special file, with bounded sizes and counts. A
 * file it refuses reads as absent; `skipped` tells the SBOM what was left out and why.
 */
export class ReleaseReader {
  readonly #roots: readonly string[];
  readonly #limits: ReadLimits;
  #bytes = 0;
  #entries = 0;
  readonly skipped: string[] = [];

  constructor(roots: readonly string[], limits: ReadLimits = defaultReadLimits) {
    this.#roots = roots;
    this.#limits = limits;
  }

  /** The file's text, or undefined when it is missing, outside the roots, not a regular file or too large. */
  async readText(path: string): Promise<string | undefined> {
    const target = await this.#inside(path);
    if (target === undefined || !this.#count()) return undefined;
    const left = this.#limits.totalBytes - this.#bytes;
    const result = await readContained(this.#roots, target, Math.min(this.#limits.fileBytes, left));
    if (result.kind === "missing") return undefined;
    if (result.kind === "refused") {
      if (result.size === undefined) return this.#skip(path, "not a regular file");
      return this.#skip(path, result.size > this.#limits.fileBytes ? `${result.size} bytes, over ${this.#limits.fileBytes}` : `over the ${this.#limits.totalBytes} bytes read in all`);
    }
    this.#bytes += result.bytes.length;
    return result.bytes.toString("utf8");
  }

  /** The names in a directory (inside the roots), sorted; empty when there is none. */
  async list(dir: string): Promise<string[]> {
    const target = await this.#inside(dir);
    if (target === undefined || !this.#count()) return [];
    try {
      return (await readdir(target)).sort();
    } catch {
      return [];
    }
  }

  /** True when `path` exists inside the roots (links followed inside them). */
  async exists(path: string): Promise<boolean> {
    return (await this.#inside(path)) !== undefined;
  }

  async #inside(path: string): Promise<string | undefined> {
    try {
      await lstat(path);
    } catch {
      return undefined;
    }
    let target: string;
    try {
      target = await realpath(path);
    } catch {
      return this.#skip(path, "a link to nothing");
    }
    if (!this.#roots.some((root) => target === root || target.startsWith(root + sep))) return this.#skip(path, "a link out of the app's directory");
    return target;
  }

  #count(): boolean {
    this.#entries += 1;
    if (this.#entries > this.#limits.entries) {
      if (this.#entries === this.#limits.entries + 1) this.skipped.push(`more than ${this.#limits.entries} files and directories: the rest was not read`);
      return false;
    }
    return true;
  }

  #skip(path: string, why: string): undefined {
    if (this.skipped.length < 100) this.skipped.push(`${path}: ${why}`);
    return undefined;
  }
}
