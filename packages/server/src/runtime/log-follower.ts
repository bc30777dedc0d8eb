import { closeSync, openSync, readSync, statSync } from "node:fs";

/**
 * Follows log files from their current end (or from the offset `from` gives a file), calling
 * `onLine` for each new complete line, until stopped. Used to stream a new release's start-up
 * output to the deploying user.
 */
export function followLogs(files: readonly string[], onLine: (file: string, line: string) => void, intervalMs = 100, from?: ReadonlyMap<string, number>): { stop(): void } {
  const state = files.map((file) => ({ file, offset: from?.get(file) ?? sizeOf(file), partial: "" }));
  const poll = () => {
    for (const entry of state) {
      const size = sizeOf(entry.file);
      // Rotated by copy-truncate (ADR 13): what was written since now starts at offset 0.
      if (size < entry.offset) entry.offset = 0;
      if (size <= entry.offset) continue;
      const buffer = Buffer.alloc(Math.min(size - entry.offset, 1 << 20));
      const fd = openSync(entry.file, "r");
      try {
        const read = readSync(fd, buffer, 0, buffer.length, entry.offset);
        entry.offset += read;
        const lines = (entry.partial + buffer.subarray(0, read).toString("utf8")).split("\n");
        entry.partial = lines.pop() ?? "";
        for (const line of lines) onLine(entry.file, line);
      } finally {
        closeSync(fd);
      }
    }
  };
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
