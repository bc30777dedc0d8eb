import { Hop3Error, maxInstancesPerType } from "@hop3/contract";
import type { InstanceCounts } from "../core/instance-counts.ts";
import type { Release } from "../core/release.ts";
import type { ProcessUnit } from "../runtime/process-unit.ts";

/**
 * Checks a `hop3 ps:scale` request against the app's current release: at least one type,
 * each a process type of the release, each count a whole number from 0 to the maximum.
 */
export function checkScaleRequest(app: string, release: Pick<Release, "number" | "processes">, requested: InstanceCounts): void {
  const entries = Object.entries(requested);
  if (entries.length === 0) throw new Hop3Error("SCALE_INVALID", `No process type to scale for app "${app}": give at least one TYPE=N.`);
  for (const [type, count] of entries) {
    if (!Number.isInteger(count) || count < 0 || count > maxInstancesPerType) {
      throw new Hop3Error("SCALE_INVALID", `${type}=${String(count)}: the number of instances must be a whole number from 0 to ${maxInstancesPerType}.`);
    }
  }
  const known = Object.keys(release.processes);
  const unknown = entries.map(([type]) => type).filter((type) => !known.includes(type));
  if (unknown.length > 0) {
    throw new Hop3Error("PROCESS_TYPE_UNKNOWN", `App "${app}" has no process type ${unknown.map((type) => `"${type}"`).join(", ")} in its current release ${release.number} (it has: ${known.join(", ")}).`);
  }
}

/** What scaling one process type to `count` instances does to its units. */
export interface ScaleChange {
  /** Indexes to start: missing or dead ones within 1..count. */
  readonly start: number[];
  /** Running units past the count: taken out of the route, drained, then stopped. */
  readonly retire: ProcessUnit[];
  /** Dead units (crash loop): stopped at once, replaced if within the count. */
  readonly discard: ProcessUnit[];
}

/** Keeps the lowest indexes running; the highest go first when scaling down. */
export function scaleChange(units: readonly ProcessUnit[], count: number): ScaleChange {
  const running = units.filter((unit) => unit.alive);
  const kept = new Set(running.filter((unit) => unit.spec.index <= count).map((unit) => unit.spec.index));
  return {
    start: Array.from({ length: count }, (_, i) => i + 1).filter((index) => !kept.has(index)),
    retire: running.filter((unit) => unit.spec.index > count),
    discard: units.filter((unit) => !unit.alive),
  };
}
