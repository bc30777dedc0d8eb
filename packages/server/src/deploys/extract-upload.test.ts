import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { Header } from "tar";
import type { EntryTypeName } from "tar/types";
import { extractUpload } from "./extract-upload.ts";

interface Entry {
  readonly path: string;
  readonly type: EntryTypeName;
  readonly mode: number;
  readonly data?: string;
  readonly linkpath?: string;
}

/** A gzipped tar made by hand, so that it can hold what no honest client sends. */
function archive(entries: readonly Entry[]): Readable {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? "");
    const header = new Header({ path: entry.path, type: entry.type, mode: entry.mode, size: data.length, uid: 0, gid: 0, mtime: new Date(0), linkpath: entry.linkpath });
    header.encode();
    blocks.push(header.block as Buffer, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Readable.from([gzipSync(Buffer.concat(blocks))]);
}

const caps = { maxUnpackedBytes: 1024 * 1024, maxFiles: 100 };

test("unpacks files without setuid, setgid or sticky bits, and leaves out devices and links out of the tree", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-upload-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const result = await extractUpload(
    archive([
      { path: "shared/", type: "Directory", mode: 0o3777 },
      { path: "shared/rootshell", type: "File", mode: 0o6755, data: "#!/bin/sh\n" },
      { path: "null", type: "CharacterDevice", mode: 0o666 },
      { path: "escape", type: "SymbolicLink", mode: 0o777, linkpath: "../../etc" },
      { path: "inside", type: "SymbolicLink", mode: 0o777, linkpath: "shared/rootshell" },
    ]),
    dir,
    { runAs: undefined, caps },
  );
  assert.deepEqual(result.skipped, ["null", "escape"]);
  assert.deepEqual(readdirSync(dir).sort(), ["inside", "shared"]);
  for (const path of ["shared", "shared/rootshell"]) assert.equal(lstatSync(join(dir, path)).mode & 0o7000, 0, path);
  assert.ok(lstatSync(join(dir, "inside")).isSymbolicLink());
});

test("refuses an archive past the caps, naming the cap and its setting", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-upload-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const big = archive([{ path: "zeros", type: "File", mode: 0o644, data: "\0".repeat(2 * 1024 * 1024) }]);
  await assert.rejects(extractUpload(big, dir, { runAs: undefined, caps }), { code: "UPLOAD_TOO_LARGE", message: /unpacks to more than 1 MiB \(server setting upload-max-unpacked\)/ });
  const many = archive(Array.from({ length: 5 }, (_, i) => ({ path: `f${i}`, type: "File" as const, mode: 0o644, data: "x" })));
  await assert.rejects(extractUpload(many, dir, { runAs: undefined, caps: { ...caps, maxFiles: 3 } }), { code: "UPLOAD_TOO_LARGE", message: /more than 3 files and directories \(server setting upload-max-files\)/ });
});

test("a refused upload leaves the request open and reads what the client still sends, so the client hears why", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-upload-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // 8 MiB that do not compress: the refusal (past 1 MiB unpacked) comes while the client still sends.
  const header = new Header({ path: "noise", type: "File", mode: 0o644, size: 8 * 1024 * 1024, uid: 0, gid: 0, mtime: new Date(0) });
  header.encode();
  const whole = gzipSync(Buffer.concat([header.block as Buffer, randomBytes(8 * 1024 * 1024), Buffer.alloc(1024)]));
  const chunks = Array.from({ length: Math.ceil(whole.length / 65536) }, (_, i) => whole.subarray(i * 65536, (i + 1) * 65536));
  let sent = 0;
  // As an HTTP request: not destroyed by its own end, only by whoever cuts it.
  const request = new Readable({
    autoDestroy: false,
    read() {
      setImmediate(() => this.push(sent < chunks.length ? chunks[sent++] : null));
    },
  });
  const ended = new Promise((resolve) => request.once("end", resolve));
  await assert.rejects(extractUpload(request, dir, { runAs: undefined, caps }), { code: "UPLOAD_TOO_LARGE" });
  assert.equal(request.destroyed, false, "the request (the client's connection) is not cut");
  await ended;
  assert.equal(sent, chunks.length, "the rest of the upload was read to its end");
});
