import { Hop3Error } from "@hop3/contract";
import { constants } from "node:fs";
import { open, readlink, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** Lockfiles can be large (a big package-lock.json is a few MiB); nothing a builder reads needs more. */
export const appFileMaxBytes = 32 * 1024 * 1024;

/**
 * Reads the file `name` of an app's tree (the directory `appDir`), or undefined when
 * there is none. The tree is written by the app's user, who may place links, FIFOs or devices
 * there and swap them while the daemon reads, so the file is opened once, without blocking,
 * and checked through its descriptor: it must be a regular file, no larger than `maxBytes`,
 * whose real path (from /proc/self/fd) is inside `appDir`. Anything else is an
 * `APP_CONFIG_INVALID` naming the file, never its content.
 */
export async function readAppFile(appDir: string, name: string, maxBytes = appFileMaxBytes): Promise<Buffer | undefined> {
  const refuse = (problem: string): never => {
    throw new Hop3Error("APP_CONFIG_INVALID", `${name} ${problem}`, { hint: "Commit it as a regular file inside the app." });
  };
  let handle;
  try {
    handle = await open(join(appDir, name), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    if (code === "ELOOP") refuse("is a loop of symbolic links");
    if (code === "EACCES") refuse("cannot be read by Hop3 (its permissions or a link to a file outside the app)");
    throw error;
  }
  try {
    const [root, real] = await Promise.all([realpath(appDir), readlink(`/proc/self/fd/${handle.fd}`)]);
    if (!real.startsWith(root + sep)) refuse("is a symbolic link pointing outside the app's directory");
    const info = await handle.stat();
    if (!info.isFile()) refuse(`is not a regular file (${relative(root, real) || name})`);
    if (info.size > maxBytes) refuse(`is ${info.size} bytes long; Hop3 reads at most ${maxBytes} bytes of it`);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) refuse(`grew past ${maxBytes} bytes while Hop3 read it`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** `readAppFile` as UTF-8 text. */
export async function readAppText(appDir: string, name: string, maxBytes = appFileMaxBytes): Promise<string | undefined> {
  return (await readAppFile(appDir, name, maxBytes))?.toString("utf8");
}
