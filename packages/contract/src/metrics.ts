import { Type, type Static } from "@sinclair/typebox";

/** `?since=` of `hop3 metrics`: a number of minutes, hours or days, e.g. 30m, 6h, 7d. */
export const MetricsQuery = Type.Object(
  { since: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}[mhd]$", description: "How far back the history goes: 30m, 6h, 7d (at most 30d); default 1h" })) },
  { additionalProperties: false },
);
export type MetricsQuery = Static<typeof MetricsQuery>;

const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const InstanceMetrics = Type.Object({
  type: Type.String(),
  index: Type.Integer(),
  pid: Type.Integer(),
  cpuPercent: Type.Union([Type.Number(), Type.Null()], { description: "% of one core over the last sampling interval; null on the first sample" }),
  memoryBytes: Type.Union([Type.Integer(), Type.Null()], { description: "Working set: usage without reclaimable page cache" }),
  memoryLimitBytes: Type.Union([Type.Integer(), Type.Null()]),
  restarts: Type.Integer(),
  uptimeSeconds: Type.Integer(),
  openFiles: Type.Union([Type.Integer(), Type.Null()], { description: "File descriptors open in the instance's processes, as counted at the previous sample; null until counted" }),
});
export type InstanceMetrics = Static<typeof InstanceMetrics>;

export const AppMetrics = Type.Object(
  {
    app: Type.String(),
    sampledAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "When the figures were read; null before the first sample" }),
    instances: Type.Array(InstanceMetrics),
    disk: Type.Union([Type.Object({ data: Type.Integer(), home: Type.Integer(), releases: Type.Integer(), logs: Type.Integer() }), Type.Null()], {
      description: "Bytes on disk of the app's data, persistent home, releases and logs; measured every 30 samples (5 min by default); null until first measured",
    }),
    requests: Type.Union(
      [
        Type.Object({
          total: Type.Object({ "2xx": Type.Integer(), "3xx": Type.Integer(), "4xx": Type.Integer(), "5xx": Type.Integer() }, { description: "Requests the proxy answered since the server started, by status class" }),
          perSecond: nullableNumber,
          errorsPerSecond: Type.Union([Type.Number(), Type.Null()], { description: "5xx answers per second over the last sampling interval" }),
          latencyMs: Type.Union([Type.Number(), Type.Null()], { description: "Mean time the proxy took to answer over the last sampling interval; null without requests" }),
          latencyP95Ms: Type.Union([Type.Number(), Type.Null()], { description: "95th percentile since the server started, the upper bound of its histogram bucket; null without requests" }),
        }),
        Type.Null(),
      ],
      { description: "Requests through the proxy, from its access log; null until the app has had one" },
    ),
    history: Type.Object({
      stepSeconds: Type.Integer({ description: "60 (1-minute averages, 24 h kept) or 3600 (1-hour averages, 30 days kept)" }),
      points: Type.Array(
        Type.Object({
          at: Type.String({ format: "date-time" }),
          cpuPercent: nullableNumber,
          memoryBytes: nullableNumber,
          restarts: nullableNumber,
          instances: nullableNumber,
          diskBytes: nullableNumber,
          requestsPerSecond: nullableNumber,
          errorsPerSecond: nullableNumber,
          latencyMs: nullableNumber,
        }),
      ),
    }),
  },
  { $id: "AppMetrics" },
);
export type AppMetrics = Static<typeof AppMetrics>;

/** Content type of `GET /metrics`: Prometheus' text exposition format. */
export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/** `GET /metrics`' path: where Prometheus scrapers look by default (with the bearer token). */
export const prometheusPath = "/metrics";

/** Seconds in a `since` value (`30m`, `6h`, `7d`). */
export function sinceSeconds(since: string): number {
  const unit = since.slice(-1);
  return Number(since.slice(0, -1)) * (unit === "d" ? 86_400 : unit === "h" ? 3600 : 60);
}
