import { sinceSeconds, type AppMetrics } from "@hop3/contract";
import type { MetricsSampler } from "./metrics-sampler.ts";
import type { MetricsHistory } from "./metrics-history.ts";
import { latencyBuckets, type AppRequests } from "./request-log.ts";

const historySeries = ["cpuPercent", "memoryBytes", "restarts", "instances", "diskBytes", "requestsPerSecond", "errorsPerSecond", "latencyMs"] as const;

/** What `hop3 metrics APP` shows: the last sample of the app's instances, its disk use and its history. */
export function appMetrics(app: { readonly id: number; readonly name: string }, since: string | undefined, sampler: Pick<MetricsSampler, "latest">, history: Pick<MetricsHistory, "query">, nowMs = Date.now()): AppMetrics {
  const snapshot = sampler.latest();
  const seconds = Math.min(sinceSeconds(since ?? "1h"), 30 * 86_400);
  const { step, points } = history.query(app.id, seconds, Math.floor(nowMs / 1000));
  const disk = snapshot?.disk.get(app.name) ?? null;
  return {
    app: app.name,
    sampledAt: snapshot?.at.toISOString() ?? null,
    instances: (snapshot?.instances ?? [])
      .filter((sample) => sample.app === app.name)
      .map(({ type, index, pid, cpuPercent, memoryBytes, memoryLimitBytes, restarts, uptimeSeconds, openFiles }) => ({ type, index, pid, cpuPercent, memoryBytes, memoryLimitBytes, restarts, uptimeSeconds, openFiles })),
    disk: disk && { data: disk.data, home: disk.home, releases: disk.releases, logs: disk.logs },
    requests: requestsShown(snapshot?.requests.get(app.name)),
    history: {
      stepSeconds: step,
      points: points.map(({ at, values }) => ({ at: new Date(at * 1000).toISOString(), ...Object.fromEntries(historySeries.map((name) => [name, values[name] ?? null])) }) as AppMetrics["history"]["points"][number]),
    },
  };
}

function requestsShown(counted: AppRequests | undefined): AppMetrics["requests"] {
  if (counted === undefined) return null;
  const { requests, errors, durationSum, seconds } = counted.last;
  const count = counted.buckets.reduce((sum, n) => sum + n, 0);
  // The 95th percentile as the upper bound of the bucket it falls in (the histogram's resolution).
  let cumulative = 0;
  const p95Bucket = counted.buckets.findIndex((n) => (cumulative += n) >= count * 0.95);
  const p95 = count === 0 || p95Bucket === -1 ? null : p95Bucket < latencyBuckets.length ? (latencyBuckets[p95Bucket] ?? 0) * 1000 : null;
  return {
    total: { ...counted.total },
    perSecond: seconds > 0 ? Math.round((requests / seconds) * 1000) / 1000 : null,
    errorsPerSecond: seconds > 0 ? Math.round((errors / seconds) * 1000) / 1000 : null,
    latencyMs: requests > 0 ? Math.round((durationSum / requests) * 10_000) / 10 : null,
    latencyP95Ms: p95,
  };
}
