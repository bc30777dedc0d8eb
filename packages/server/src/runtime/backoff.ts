/** How long to wait before restarting a process that crashed `consecutiveCrashes` times in a row. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A process that ran this long before exiting counts as healthy: its crash count starts over. */
  readonly stableAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, stableAfterMs: 10_000 };

export function backoffDelay(policy: BackoffPolicy, consecutiveCrashes: number): number {
  const exponent = Math.max(0, consecutiveCrashes - 1);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 20));
}
