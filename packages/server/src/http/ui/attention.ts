import type { AppInfo, ReleaseSummary } from "@hop3/contract";

/** How much an app needs someone to look at it: 0 first (down, failed), 2 last (fine). */
export interface Attention {
  readonly rank: 0 | 1 | 2;
  /** Why, in words (status is never told by colour alone). */
  readonly reason: string | null;
}

/** Down apps, crash loops and failed last deploys first; then degraded ones; then the rest. */
export function attentionOf(info: Pick<AppInfo, "status" | "instances">, newest: Pick<ReleaseSummary, "status" | "number"> | undefined): Attention {
  if (info.status === "down") return { rank: 0, reason: "down: nothing is serving" };
  if (newest?.status === "failed") return { rank: 0, reason: `the last deploy (release ${newest.number}) failed` };
  const failing = info.instances.filter((instance) => instance.state === "failed" || instance.state === "backoff").length;
  if (failing > 0) return { rank: 0, reason: `${failing} process${failing === 1 ? "" : "es"} failing or restarting` };
  if (info.status === "degraded") return { rank: 1, reason: "degraded: some processes are not up" };
  return { rank: 2, reason: null };
}

/** Sorted for the dashboard: most urgent first, then by name. */
export function byAttention<T extends { readonly name: string; readonly attention: Attention }>(apps: readonly T[]): T[] {
  return [...apps].sort((a, b) => a.attention.rank - b.attention.rank || a.name.localeCompare(b.name));
}
