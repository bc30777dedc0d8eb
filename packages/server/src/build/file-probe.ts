import { stat } from "node:fs/promises";

/** True when `path` is a regular file (following symlinks); false when missing or unreadable. */
export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** True when `path` is a directory (following symlinks); false when missing or unreadable. */
export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
