import type { Instance } from "@hop3/contract";
import { formatBytes } from "../format/bytes.ts";
import { formatDuration } from "../format/duration.ts";
import { formatTable } from "../format/table.ts";

/**
 * Apps run in a PID namespace (bubblewrap): the pid an app sees of itself (`$$`, `os.getpid()`)
 * is not the one shown, which is the server's, for `kill`, `top` or /proc on the host.
 */
export const hostPidNote = "HOST PID is the process id on the server; inside its sandbox the app sees another (its own PID namespace's).";

/**
 * The instances of an app as a table, as `ps` and `apps:info` show them. CPU and MEM (the
 * working set, without reclaimable page cache) come last, once the server has sampled them.
 */
export function formatInstances(instances: readonly Instance[]): string {
  const sampled = instances.some((instance) => instance.cpuPercent !== undefined || instance.memoryBytes !== undefined);
  return formatTable(
    ["TYPE.N", "STATE", "HOST PID", "PORT", "UPTIME", "RESTARTS", ...(sampled ? ["CPU", "MEM"] : [])],
    instances.map((instance) => [
      `${instance.type}.${instance.index}`,
      instance.state,
      instance.pid === null ? "-" : String(instance.pid),
      instance.port === null ? "-" : String(instance.port),
      instance.state === "running" || instance.state === "draining" ? formatDuration(instance.uptimeSeconds) : "-",
      String(instance.restarts),
      ...(sampled ? [formatCpu(instance.cpuPercent), formatMemory(instance.memoryBytes, instance.memoryLimitBytes)] : []),
    ]),
  );
}

/** `12.5%` of one core; `-` before a rate could be measured. */
export function formatCpu(percent: number | null | undefined): string {
  return percent === null || percent === undefined ? "-" : `${percent.toFixed(1)}%`;
}

/** `48 MiB`, or `48 MiB/256 MiB` against the instance's limit. */
export function formatMemory(bytes: number | null | undefined, limit: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "-";
  return limit === null || limit === undefined ? formatBytes(bytes) : `${formatBytes(bytes)}/${formatBytes(limit)}`;
}
