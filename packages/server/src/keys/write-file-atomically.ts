import { randomBytes } from "node:crypto";
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Replaces a file atomically, so that sshd never reads half a file: the content goes to a
 * temporary file with a random name, created exclusively and without following links, which
 * then takes the file's name (a link found at that name is replaced, never followed). The
 * result belongs to `owner` with `mode`, set on the open file, not on a path. The directory
 * must be one that only this process's user can write: elsewhere another account could swap
 * names under it, so the write is refused (such files must be written as that account).
 */
export function writeFileAtomically(path: string, content: string, options: { mode: number; owner?: { uid: number; gid: number } | undefined }): void {
  const dir = dirname(path);
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new Error(`Refusing to write ${path}: ${dir} is not a directory that only the server's user can write`);
  }
  const temporary = join(dir, `.hop3-${randomBytes(12).toString("hex")}.tmp`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, content);
    if (options.owner) fchownSync(fd, options.owner.uid, options.owner.gid);
    fchmodSync(fd, options.mode);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}
