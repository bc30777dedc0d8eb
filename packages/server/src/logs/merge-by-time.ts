import type { LogLine } from "@hop3/contract";

/** A line and the time it is ordered by: its own, or the last one before it in its instance's log. */
interface Keyed {
  readonly entry: LogLine;
  readonly key: string;
}

/**
 * Merges the lines of several instances into one sequence ordered by time (ADR 18). Each
 * instance's lines keep their order, even where its times go backwards (a clock step); a line
 * without a time (written before timestamps) goes with the timed line before it, and lines
 * before any timed one come first. Equal times keep the instances' order.
 */
export function mergeByTime(perInstance: readonly (readonly LogLine[])[]): LogLine[] {
  const queues = perInstance.map(keyed);
  const heads = queues.map(() => 0);
  const merged: LogLine[] = [];
  for (;;) {
    let next = -1;
    for (let q = 0; q < queues.length; q++) {
      const head = queues[q]?.[heads[q] ?? 0];
      if (head === undefined) continue;
      const best = next === -1 ? undefined : queues[next]?.[heads[next] ?? 0];
      if (best === undefined || head.key < best.key) next = q;
    }
    if (next === -1) return merged;
    const at = heads[next] ?? 0;
    merged.push((queues[next]?.[at] as Keyed).entry);
    heads[next] = at + 1;
  }
}

function keyed(lines: readonly LogLine[]): Keyed[] {
  let last = "";
  return lines.map((entry) => {
    if (entry.time) last = entry.time;
    return { entry, key: last };
  });
}
