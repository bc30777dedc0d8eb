import type { FileHandle } from "node:fs/promises";

/**
 * The file `addons:export` makes of an s3 addon: a POSIX tar (ustar, with a pax `path` record
 * for keys that do not fit its 100-byte name field), one regular file per object, named by
 * its key. Any tar tool lists and extracts it; `readObjectTar` reads it back.
 */
export async function writeObjectEntry(out: FileHandle, key: string, data: Uint8Array): Promise<void> {
  const name = Buffer.from(key);
  if (name.length > 100 || /[^\x20-\x7e]/.test(key)) {
    const record = paxRecord("path", key);
    await out.write(header("PaxHeader", record.length, "x"));
    await out.write(padded(record));
  }
  await out.write(header(name.length > 100 ? key.slice(0, 90) : key, data.length, "0"));
  await out.write(padded(data));
}

/** The end of the archive: two zero blocks. */
export async function endObjectTar(out: FileHandle): Promise<void> {
  await out.write(Buffer.alloc(1024));
}

export interface TarEntry {
  readonly key: string;
  /** Where its bytes start in the file, and how many. */
  readonly offset: number;
  readonly size: number;
}

/**
 * The objects of a tar made by `writeObjectEntry`, checked whole before anything is used:
 * throws a plain Error naming the problem for a file that is not such a tar (bad checksum,
 * an entry that is not a file, a truncated file, no end marker).
 */
export async function readObjectTar(input: FileHandle): Promise<TarEntry[]> {
  const { size: fileSize } = await input.stat();
  const entries: TarEntry[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  for (;;) {
    if (offset + 512 > fileSize) throw new Error("it ends before the tar's end marker");
    const block = Buffer.alloc(512);
    await input.read(block, 0, 512, offset);
    if (block.every((byte) => byte === 0)) break;
    if (block.subarray(257, 262).toString() !== "ustar") throw new Error(`no tar header at byte ${offset}`);
    if (checksum(block) !== parseOctal(block.subarray(148, 156))) throw new Error(`a bad header checksum at byte ${offset}`);
    const size = parseOctal(block.subarray(124, 136));
    const type = String.fromCharCode(block[156] ?? 0);
    const dataAt = offset + 512;
    if (dataAt + size > fileSize) throw new Error(`it is cut short at byte ${fileSize}`);
    offset = dataAt + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const record = Buffer.alloc(size);
      await input.read(record, 0, size, dataAt);
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(record.toString("utf8"))?.[1];
      continue;
    }
    if (type !== "0" && type !== "\0") throw new Error(`an entry of type "${type}" (only files are objects)`);
    const name = block.subarray(0, 100);
    const prefix = block.subarray(345, 500);
    const plain = [cString(prefix), cString(name)].filter((part) => part !== "").join("/");
    const key = paxPath ?? plain;
    paxPath = undefined;
    if (key === "" || key.split("/").some((segment) => segment === "." || segment === "..")) throw new Error(`an object key S3 cannot take (${JSON.stringify(key.slice(0, 80))})`);
    entries.push({ key, offset: dataAt, size });
  }
  return entries;
}

function header(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100);
  block.write("0000000\0", 108);
  block.write("0000000\0", 116);
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  block.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, "0")}\0`, 136);
  block.write(type, 156);
  block.write("ustar\0", 257);
  block.write("00", 263);
  block.write(`${checksum(block).toString(8).padStart(6, "0")}\0 `, 148);
  return block;
}

/** The header's checksum: its bytes summed with the checksum field counted as spaces. */
function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0);
  return sum;
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

function padded(data: Uint8Array): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : -1;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString("utf8");
}
