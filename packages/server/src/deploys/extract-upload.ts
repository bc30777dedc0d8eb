import { mkdirSync, type Stats } from "node:fs";
import { isAbsolute, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { x as extract, type ReadEntry } from "tar";
import { Hop3Error } from "@hop3/contract";

/** Uploads larger than this are refused. */
export const maxUploadBytes = 512 * 1024 * 1024;

export interface ExtractResult {
  readonly files: number;
  readonly bytes: number;
  /** Entries left out for safety (links out of the tree, devices). */
  readonly skipped: readonly string[];
}

/**
 * Unpacks an uploaded gzipped tar into a fresh directory. Paths escaping the directory,
 * links pointing outside it, and device files are left out; ownership is not taken from the
 * archive.
 */
export async function extractUpload(body: Readable, dir: string): Promise<ExtractResult> {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  let files = 0;
  let bytes = 0;
  const skipped: string[] = [];
  const keep = (path: string, entry: ReadEntry | Stats): boolean => {
    if (!("type" in entry)) return true;
    const escapes = (target: string) => isAbsolute(target) || normalize(target).startsWith("..");
    if (escapes(path) || !["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink"].includes(entry.type)) {
      skipped.push(path);
      return false;
    }
    if (entry.type === "SymbolicLink") {
      const target = normalize(`${path}/../${entry.linkpath ?? ""}`);
      if (isAbsolute(entry.linkpath ?? "/") || target.startsWith("..")) {
        skipped.push(path);
        return false;
      }
    }
    if (entry.type !== "Directory") files += 1;
    return true;
  };
  body.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxUploadBytes) body.destroy(new Hop3Error("UPLOAD_INVALID", `The upload is larger than ${maxUploadBytes / 1024 / 1024} MiB.`));
  });
  try {
    await pipeline(body, extract({ cwd: dir, strict: true, filter: keep, preserveOwner: false, noMtime: false }));
  } catch (error) {
    if (error instanceof Hop3Error) throw error;
    throw new Hop3Error("UPLOAD_INVALID", `The upload is not a readable gzipped tar archive: ${(error as Error).message}`);
  }
  if (files === 0) throw new Hop3Error("UPLOAD_INVALID", "The upload contains no files.");
  return { files, bytes, skipped };
}
