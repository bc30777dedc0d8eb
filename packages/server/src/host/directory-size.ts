import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Disk space used under `dir` (allocated blocks, as `du`), without following links, so nothing
 * an app links to outside its tree is counted or reached. Unreadable parts count as nothing:
 * the daemon reads with its own rights, never more. Stops counting after `maxEntries` entries.
 */
export function directorySize(dir: string, maxEntries = 200_000): number {
  let bytes = 0;
  let entries = 0;
  const pending = [dir];
  while (pending.length > 0 && entries < maxEntries) {
    const current = pending.pop() as string;
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      continue;
    }
    entries += 1;
    bytes += stat.blocks * 512;
    if (!stat.isDirectory()) continue;
    try {
      for (const name of readdirSync(current)) pending.push(join(current, name));
    } catch {
      // Not readable by the daemon: its size is the directory's own.
    }
  }
  return bytes;
}
