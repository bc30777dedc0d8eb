import { isAbsolute, normalize } from "node:path";
import { PassThrough, Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type { Header, Pax, ReadEntry } from "tar";
import type { EntryTypeName } from "tar/types";
import { Hop3Error } from "@hop3/contract";
import type { RunAs } from "../core/app-identity.ts";
import { formatByteSize } from "../core/byte-size.ts";
import type { RunCommandResult } from "../exec/run-command.ts";
import { appTree } from "../host/app-tree.ts";

/** Uploads larger than this are refused. */
export const maxUploadBytes = 512 * 1024 * 1024;

/** How far an upload may unpack, from the server settings. */
export interface UploadCaps {
  /** Bytes of the unpacked archive (`upload-max-unpacked`). */
  readonly maxUnpackedBytes: number;
  /** Entries of the archive: files, directories, links (`upload-max-files`). */
  readonly maxFiles: number;
}

export interface ExtractResult {
  readonly files: number;
  readonly bytes: number;
  /** Entries left out for safety (links out of the tree, devices). */
  readonly skipped: readonly string[];
}

const kept = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink"]);
const block = 512;

/**
 * Unpacks an uploaded gzipped tar into the app's fresh, existing directory `dir`. The server
 * only reads the archive: it checks every entry and the caps as the bytes stream in, and hands
 * on a clean archive (regular files, directories and links inside the tree; no owners, no
 * setuid/setgid/sticky bits) to `tar` running as the app, which does all the writing. Paths
 * escaping the directory, links pointing outside it and special files are left out.
 */
export async function extractUpload(body: Readable, dir: string, options: { runAs: RunAs | undefined; caps: UploadCaps }): Promise<ExtractResult> {
  const { caps } = options;
  let files = 0;
  let entries = 0;
  let compressed = 0;
  let unpacked = 0;
  const skipped: string[] = [];
  const clean = new PassThrough();
  const stop = new AbortController();
  // Loaded by the first upload, not at the daemon's start (docs/adr/0030-daemon-footprint.md).
  const tar = await import("tar");
  const parser = new tar.Parser({ strict: true });
  let refused: Hop3Error | null = null;
  const refuse = (error: Hop3Error) => {
    refused ??= error;
    parser.abort(error);
  };

  parser.on("entry", (entry: ReadEntry) => {
    entries += 1;
    if (entries > caps.maxFiles) {
      entry.resume();
      refuse(new Hop3Error("UPLOAD_TOO_LARGE", `The upload holds more than ${caps.maxFiles} files and directories (server setting upload-max-files).`));
      return;
    }
    const path = normalize(entry.path);
    if (!keep(path, entry)) {
      skipped.push(entry.path);
      entry.resume();
      return;
    }
    if (entry.type !== "Directory") files += 1;
    writeEntry(tar, clean, entry, path);
  });

  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpacked += chunk.length;
      if (unpacked > caps.maxUnpackedBytes) {
        done(new Hop3Error("UPLOAD_TOO_LARGE", `The upload unpacks to more than ${formatByteSize(caps.maxUnpackedBytes)} (server setting upload-max-unpacked).`));
      } else done(null, chunk);
    },
  });
  body.on("data", (chunk: Buffer) => {
    compressed += chunk.length;
    if (compressed > maxUploadBytes) body.destroy(new Hop3Error("UPLOAD_INVALID", `The upload is larger than ${maxUploadBytes / 1024 / 1024} MiB.`));
  });
  // The checks read the request through `source`: when they refuse the upload, the request
  // itself is not destroyed (that would cut the connection before the client hears why);
  // what the client still sends, at most maxUploadBytes in all, is read and dropped.
  const source = new PassThrough();
  body.pipe(source);

  const unpacking = appTree.unpack(options.runAs, dir, clean, stop.signal);
  // tar may stop reading (it failed): the check must then stop too, not wait for it forever.
  let checked = false;
  const tarStopped = new Error("tar stopped reading");
  void unpacking.then(
    () => checked || source.destroy(tarStopped),
    () => checked || source.destroy(tarStopped),
  );
  try {
    await pipeline(source, createGunzip(), counter, parser);
    checked = true;
    if (refused) throw refused;
    clean.end(Buffer.alloc(2 * block));
  } catch (error) {
    checked = true;
    body.unpipe(source);
    body.resume();
    stop.abort();
    clean.destroy();
    const result = await unpacking.catch(() => null);
    if (refused) throw refused;
    if (error instanceof Hop3Error) throw error;
    if (error === tarStopped && result) throw unpackFailed(result);
    throw new Hop3Error("UPLOAD_INVALID", `The upload is not a readable gzipped tar archive: ${(error as Error).message}`);
  }
  const result = await unpacking;
  if (result.exitCode !== 0) throw unpackFailed(result);
  if (files === 0) throw new Hop3Error("UPLOAD_INVALID", "The upload contains no files.");
  return { files, bytes: compressed, skipped };
}

function unpackFailed(result: RunCommandResult): Hop3Error {
  return new Hop3Error("UPLOAD_INVALID", `The upload could not be unpacked (tar exit ${result.exitCode ?? result.signal}): ${result.tail.join(" ").slice(0, 300)}`);
}

/** True for the entries unpacked: regular files, directories and links, all staying inside the tree. */
function keep(path: string, entry: ReadEntry): boolean {
  if (isAbsolute(path) || path === ".." || path.startsWith("../") || !kept.has(entry.type)) return false;
  if (entry.type !== "SymbolicLink") return true;
  const target = normalize(`${path}/../${entry.linkpath ?? ""}`);
  return !isAbsolute(entry.linkpath ?? "/") && target !== ".." && !target.startsWith("../");
}

/** Writes one checked entry to the clean archive: a fresh header (no owner, no special bits), its data, its padding. */
function writeEntry(tar: { Header: typeof Header; Pax: typeof Pax }, out: PassThrough, entry: ReadEntry, path: string): void {
  const type: EntryTypeName = entry.type === "Directory" || entry.type === "SymbolicLink" ? entry.type : "File";
  const size = type === "File" ? entry.size : 0;
  const fields = { path, type, size, mode: (entry.mode ?? (type === "Directory" ? 0o755 : 0o644)) & 0o777, mtime: entry.mtime, linkpath: type === "SymbolicLink" ? entry.linkpath : undefined };
  const header = new tar.Header(fields);
  if (header.encode()) out.write(new tar.Pax(fields).encode());
  out.write(header.block);
  entry.on("data", (chunk: Buffer) => {
    if (!out.write(chunk)) {
      entry.pause();
      out.once("drain", () => entry.resume());
    }
  });
  entry.once("end", () => {
    const padding = (block - (size % block)) % block;
    if (padding > 0) out.write(Buffer.alloc(padding));
  });
}
