import type { MetricsSnapshot } from "./metrics-sampler.ts";
import { latencyBuckets } from "./request-log.ts";

type Labels = Readonly<Record<string, string | number>>;

interface Family {
  readonly name: string;
  readonly type: "gauge" | "counter" | "histogram";
  readonly help: string;
  /** Labels, value, and for a histogram's lines the suffix of the name (`_bucket`, `_sum`, `_count`). */
  readonly samples: Array<readonly [Labels, number, string?]>;
}

/**
 * The last sample in Prometheus' text exposition format (version 0.0.4), one family per
 * figure, apps told apart by labels (`app`, `process`, `instance`). Only measured figures are
 * written: an instance not sampled yet has no CPU line rather than a made-up 0.
 */
export function prometheusExposition(snapshot: MetricsSnapshot | null, extra: { readonly apps: number; readonly instancesRunning: number }): string {
  const families: Family[] = [];
  const family = (name: string, type: Family["type"], help: string): Family["samples"] => {
    const samples: Family["samples"] = [];
    families.push({ name, type, help, samples });
    return samples;
  };
  family("hop3_apps", "gauge", "Apps on this server.").push([{}, extra.apps]);
  family("hop3_instances_running", "gauge", "App process instances running.").push([{}, extra.instancesRunning]);
  if (snapshot !== null) {
    const cpu = family("hop3_instance_cpu_percent", "gauge", "CPU used by the instance over the last sampling interval, in percent of one core.");
    const memory = family("hop3_instance_memory_working_set_bytes", "gauge", "Working-set memory of the instance: usage without reclaimable page cache.");
    const limit = family("hop3_instance_memory_limit_bytes", "gauge", "Memory limit of the instance ([limits] memory).");
    const restarts = family("hop3_instance_restarts_total", "counter", "Times the supervisor restarted the instance.");
    const uptime = family("hop3_instance_uptime_seconds", "gauge", "Seconds since the instance started.");
    const openFiles = family("hop3_instance_open_files", "gauge", "File descriptors open in the instance's processes.");
    for (const sample of snapshot.instances) {
      const labels = { app: sample.app, process: sample.type, instance: sample.index };
      if (sample.cpuPercent !== null) cpu.push([labels, sample.cpuPercent]);
      if (sample.memoryBytes !== null) memory.push([labels, sample.memoryBytes]);
      if (sample.memoryLimitBytes !== null) limit.push([labels, sample.memoryLimitBytes]);
      restarts.push([labels, sample.restarts]);
      uptime.push([labels, sample.uptimeSeconds]);
      if (sample.openFiles !== null) openFiles.push([labels, sample.openFiles]);
    }
    const requests = family("hop3_app_requests_total", "counter", "Requests the proxy answered for the app since the server started, by status class.");
    const latency = family("hop3_app_request_duration_seconds", "histogram", "Time the proxy took to answer the app's requests.");
    for (const [app, counted] of snapshot.requests) {
      for (const statusClass of ["2xx", "3xx", "4xx", "5xx"] as const) requests.push([{ app, class: statusClass }, counted.total[statusClass]]);
      let cumulative = 0;
      counted.buckets.forEach((inBucket, index) => {
        cumulative += inBucket;
        latency.push([{ app, le: index < latencyBuckets.length ? String(latencyBuckets[index]) : "+Inf" }, cumulative, "_bucket"]);
      });
      latency.push([{ app }, counted.durationSum, "_sum"], [{ app }, cumulative, "_count"]);
    }
    const disk = family("hop3_app_disk_bytes", "gauge", "Disk space used by the app's data, home, releases and logs.");
    for (const [app, parts] of snapshot.disk) for (const part of ["data", "home", "releases", "logs"] as const) disk.push([{ app, part }, parts[part]]);
    const { host } = snapshot;
    if (host.cpuPercent !== null) family("hop3_host_cpu_percent", "gauge", "Host CPU busy over the last sampling interval, in percent of all cores.").push([{}, host.cpuPercent]);
    family("hop3_host_cpu_cores", "gauge", "CPU cores of the host.").push([{}, host.cores]);
    family("hop3_host_memory_used_bytes", "gauge", "Host memory in use (total minus available).").push([{}, host.memoryUsedBytes]);
    family("hop3_host_memory_size_bytes", "gauge", "Host memory size.").push([{}, host.memoryTotalBytes]);
    family("hop3_host_disk_used_bytes", "gauge", "Used space of the filesystem holding the state root.").push([{}, host.diskUsedBytes]);
    family("hop3_host_disk_size_bytes", "gauge", "Size of the filesystem holding the state root.").push([{}, host.diskTotalBytes]);
    const mountUsed = family("hop3_state_mount_used_bytes", "gauge", "Used space of a filesystem mounted below the state root.");
    const mountSize = family("hop3_state_mount_size_bytes", "gauge", "Size of a filesystem mounted below the state root.");
    for (const mount of snapshot.mounts) {
      mountUsed.push([{ path: mount.path }, mount.usedBytes]);
      mountSize.push([{ path: mount.path }, mount.totalBytes]);
    }
    const load = family("hop3_host_load", "gauge", "Host load average.");
    load.push([{ period: "1m" }, host.load1], [{ period: "5m" }, host.load5], [{ period: "15m" }, host.load15]);
  }
  return families
    .filter((f) => f.samples.length > 0)
    .map((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.samples.map(([labels, value, suffix]) => `${f.name}${suffix ?? ""}${formatLabels(labels)} ${formatValue(value)}`)].join("\n"))
    .join("\n")
    .concat("\n");
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(String(value))}"`).join(",")}}`;
}

/** The format's three escapes in label values: backslash, double quote, newline. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(value);
}
