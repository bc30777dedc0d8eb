import type { LogLine } from "@hop3/contract";
import { parseLogLine } from "../core/log-line.ts";
import { followLogs } from "../runtime/log-follower.ts";
import { lastLines, type InstanceLog } from "./app-logs.ts";
import { mergeByTime } from "./merge-by-time.ts";

/** A stored line of `instance`'s log as the API sends it: its time apart. */
export function toLogLine(instance: string, stored: string): LogLine {
  const { time, release, text } = parseLogLine(stored);
  return { instance, time, release, line: text };
}

/** Which stored lines to keep: all of them, or those one release's instances wrote (ADR 48). */
export function storedLineFilter(release: number | undefined): ((stored: string) => boolean) | undefined {
  return release === undefined ? undefined : (stored) => parseLogLine(stored).release === release;
}

/** The last `count` lines of each instance (of one release's, when given), merged by time (ADR 18). */
export function recentLines(logs: readonly InstanceLog[], count: number, release?: number): LogLine[] {
  const keep = storedLineFilter(release);
  return mergeByTime(logs.map((log) => lastLines(log.file, count, keep).map((stored) => toLogLine(log.instance, stored))));
}

/**
 * Follows the instances' logs; each poll's new lines (from every file) are handed over merged
 * by time.
 */
export function followLines(logs: readonly InstanceLog[], onLines: (lines: LogLine[]) => void, intervalMs: number): { stop(): void } {
  const order = new Map(logs.map((log, position) => [log.file, position]));
  let batch: LogLine[][] = logs.map(() => []);
  let flushing = false;
  const flush = () => {
    flushing = false;
    const lines = mergeByTime(batch);
    batch = logs.map(() => []);
    if (lines.length) onLines(lines);
  };
  const follower = followLogs(
    logs.map((log) => log.file),
    (file, stored) => {
      const position = order.get(file) ?? 0;
      batch[position]?.push(toLogLine(logs[position]?.instance ?? file, stored));
      // One poll reads every file at once (synchronously): flush once it is done.
      if (!flushing) {
        flushing = true;
        queueMicrotask(flush);
      }
    },
    intervalMs,
  );
  return {
    stop() {
      follower.stop();
      flush();
    },
  };
}
