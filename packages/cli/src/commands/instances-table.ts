import type { Instance } from "@hop3/contract";
import { formatDuration } from "../format/duration.ts";
import { formatTable } from "../format/table.ts";

/**
 * Apps run in a PID namespace (bubblewrap): the pid an app sees of itself (`$$`, `os.getpid()`)
 * is not the one shown, which is the server's, for `kill`, `top` or /proc on the host.
 */
export const hostPidNote = "HOST PID is the process id on the server; inside its sandbox the app sees another (its own PID namespace's).";

/** The instances of an app as a table, as `ps` and `apps:info` show them. */
export function formatInstances(instances: readonly Instance[]): string {
  return formatTable(
    ["TYPE.N", "STATE", "HOST PID", "PORT", "UPTIME", "RESTARTS"],
    instances.map((instance) => [
      `${instance.type}.${instance.index}`,
      instance.state,
      instance.pid === null ? "-" : String(instance.pid),
      instance.port === null ? "-" : String(instance.port),
      instance.state === "running" ? formatDuration(instance.uptimeSeconds) : "-",
      String(instance.restarts),
    ]),
  );
}
