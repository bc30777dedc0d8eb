import { sinceSeconds, type AppMetrics } from "@hop3/contract";
import type { MetricsSampler } from "./metrics-sampler.ts";
import type { MetricsHistory } from "./metrics-history.ts";

const historySeries = ["cpuPercent", "memoryBytes", "restarts", "instances", "diskBytes"] as const;

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
      .map(({ type, index, pid, cpuPercent, memoryBytes, memoryLimitBytes, restarts, uptimeSeconds }) => ({ type, index, pid, cpuPercent, memoryBytes, memoryLimitBytes, restarts, uptimeSeconds })),
    disk: disk && { data: disk.data, home: disk.home, releases: disk.releases, logs: disk.logs },
    history: {
      stepSeconds: step,
      points: points.map(({ at, values }) => ({ at: new Date(at * 1000).toISOString(), ...Object.fromEntries(historySeries.map((name) => [name, values[name] ?? null])) }) as AppMetrics["history"]["points"][number]),
    },
  };
}
