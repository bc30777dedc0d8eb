/** The latest sampled usage of one running instance. */
export interface InstanceUsage {
  /** CPU over the last sampling interval, in % of one core. */
  readonly cpuPercent: number | null;
  readonly memoryBytes: number | null;
  readonly memoryLimitBytes: number | null;
}

/**
 * The last usage the metrics sampler read for each instance, by host pid: what `hop3 ps` and
 * `apps:info` show beside the supervisor's state. Replaced whole at each sample, so instances
 * that are gone drop out.
 */
export class InstanceUsageBoard {
  #byPid: ReadonlyMap<number, InstanceUsage> = new Map();

  replace(byPid: ReadonlyMap<number, InstanceUsage>): void {
    this.#byPid = byPid;
  }

  of(pid: number | null): InstanceUsage | undefined {
    return pid === null ? undefined : this.#byPid.get(pid);
  }
}
