import { apiPaths, type AppMetrics } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatBytes } from "../format/bytes.ts";
import { formatDuration } from "../format/duration.ts";
import { formatTable } from "../format/table.ts";
import { usageError } from "../usage-error.ts";
import { formatCpu, formatMemory } from "./instances-table.ts";

/** The text of `hop3 metrics`: the last sample per instance, disk use, then the history's points. */
export function renderMetrics(metrics: AppMetrics): string {
  const sections: string[] = [];
  if (metrics.sampledAt === null) return `${metrics.app}: no sample yet (the server samples every metrics-interval seconds).`;
  sections.push(`Sampled at ${metrics.sampledAt}`);
  if (metrics.instances.length === 0) sections.push(`${metrics.app} has no running instances.`);
  else
    sections.push(
      formatTable(
        ["TYPE.N", "HOST PID", "CPU", "MEM", "RESTARTS", "UPTIME", "FILES"],
        metrics.instances.map((i) => [`${i.type}.${i.index}`, String(i.pid), formatCpu(i.cpuPercent), formatMemory(i.memoryBytes, i.memoryLimitBytes), String(i.restarts), formatDuration(i.uptimeSeconds), i.openFiles === null ? "-" : String(i.openFiles)]),
      ),
    );
  if (metrics.disk !== null) sections.push(`Disk: data ${formatBytes(metrics.disk.data)}, home ${formatBytes(metrics.disk.home)}, releases ${formatBytes(metrics.disk.releases)}, logs ${formatBytes(metrics.disk.logs)}`);
  if (metrics.requests !== null) {
    const r = metrics.requests;
    const latency = r.latencyMs === null ? "" : `, mean ${r.latencyMs} ms`;
    const p95 = r.latencyP95Ms === null ? "" : `, p95 ≤ ${r.latencyP95Ms} ms (since start)`;
    sections.push(`Requests: 2xx ${r.total["2xx"]}, 3xx ${r.total["3xx"]}, 4xx ${r.total["4xx"]}, 5xx ${r.total["5xx"]} since the server started; now ${r.perSecond ?? "-"}/s${latency}${p95}`);
  }
  const { points, stepSeconds } = metrics.history;
  if (points.length > 0) {
    sections.push(
      `History (${stepSeconds === 60 ? "1-minute" : "1-hour"} averages, all instances):`,
      formatTable(
        ["TIME (UTC)", "CPU", "MEM", "INSTANCES", "RESTARTS", "REQ/S", "5XX/S", "LATENCY"],
        points.map((p) => [
          p.at.slice(0, 16).replace("T", " "),
          formatCpu(p.cpuPercent),
          formatMemory(p.memoryBytes, null),
          p.instances === null ? "-" : String(Math.round(p.instances)),
          p.restarts === null ? "-" : String(Math.round(p.restarts)),
          p.requestsPerSecond === null ? "-" : String(p.requestsPerSecond),
          p.errorsPerSecond === null ? "-" : String(p.errorsPerSecond),
          p.latencyMs === null ? "-" : `${p.latencyMs} ms`,
        ]),
      ),
    );
  }
  return sections.join("\n\n");
}

/** `hop3 metrics APP [--since 6h] [--json]`: the app's CPU, memory and disk, and their history. */
export const metricsCommand = defineCommand({
  name: "metrics",
  summary: "Show an app's CPU, working-set memory (no page cache), open files, disk use and requests, and their history",
  options: {
    since: { type: "string", valueName: "AGE", description: "How far back the history goes: 30m, 6h, 7d, up to 30d (default: 1h; 1-minute points up to 24h, 1-hour beyond)" },
    json: jsonOption,
  },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args, options }, { client }) {
    const query = new URLSearchParams();
    if (options.since !== undefined) {
      if (!/^[1-9][0-9]{0,4}[mhd]$/.test(options.since)) throw usageError(`"${options.since}" is not an age such as 30m, 6h or 7d.`, "metrics");
      query.set("since", options.since);
    }
    const suffix = query.size > 0 ? `?${query.toString()}` : "";
    return (await client()).json<AppMetrics>("GET", `${apiPaths.metrics(args.APP)}${suffix}`);
  },
  render: renderMetrics,
});
