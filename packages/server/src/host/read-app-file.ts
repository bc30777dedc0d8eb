import { Hop3Error } from "@hop3/contract";
import { constants } from "node:fs";
import { open, readlink, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** Lockfiles can be large (a big package-lock.json is a few MiB); nothing a builder reads needs more. */
export const appFileMaxBytes = 32 * 1024 * 1024;

/** What reading one file of an app's tree gave: its bytes, nothing there, or why it was refused. */
export type ContainedRead = { readonly kind: "read"; readonly bytes: Buffer } | { readonly kind: "missing" } | { readonly kind: "refused"; readonly why: string; readonly size?: number };

/**
 * Reads `path` only if it is a regular file of at most `maxBytes` whose real path is inside
 * one of `roots` (real paths). An app's tree is written by the app's user, who may place
 * links, FIFOs or devices there and swap them while the daemon reads, so the file is opened
 * once, without blocking, and every check is made on that descriptor (its real path from
 * /proc/self/fd, its type and size): what is checked is what is read.
 */
export async function readContained(roots: readonly string[], path: string, maxBytes: number): Promise<ContainedRead> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    if (code === "ELOOP") return { kind: "refused", why: "is a loop of symbolic links" };
    if (code === "EACCES") return { kind: "refused", why: "cannot be read by Hop3 (its permissions, or a link to a file outside the app)" };
    throw error;
  }
  try {
    const real = await readlink(`/proc/self/fd/${handle.fd}`);
    const root = roots.find((candidate) => real.startsWith(candidate + sep));
    if (root === undefined) return { kind: "refused", why: "is a symbolic link pointing outside the app's directory" };
    const info = await handle.stat();
    if (!info.isFile()) return { kind: "refused", why: `is not a regular file (${relative(root, real)})` };
    if (info.size > maxBytes) return { kind: "refused", why: `is ${info.size} bytes long; Hop3 reads at most ${maxBytes} bytes of it`, size: info.size };
    const buffer = Buffer.alloc(info.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { kind: "refused", why: `grew past ${maxBytes} bytes while Hop3 read it`, size: length };
    return { kind: "read", bytes: buffer.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

/**
 * Reads the file `name` of an app's tree (the directory `appDir`), or undefined when there is
 * none. A file `readContained` refuses is an `APP_CONFIG_INVALID` naming it, never its content.
 */
export async function readAppFile(appDir: string, name: string, maxBytes = appFileMaxBytes): Promise<Buffer | undefined> {
  const result = await readContained([await realpath(appDir)], join(appDir, name), maxBytes);
  if (result.kind === "refused") throw new Hop3Error("APP_CONFIG_INVALID", `${name} ${result.why}`, { hint: "Commit it as a regular file inside the app." });
  return result.kind === "read" ? result.bytes : undefined;
}

/** `readAppFile` as UTF-8 text. */
export async function readAppText(appDir: string, name: string, maxBytes = appFileMaxBytes): Promise<string | undefined> {
  return (await readAppFile(appDir, name, maxBytes))?.toString("utf8");
}
