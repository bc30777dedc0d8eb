import type { Instance } from "@hop3/contract";
import { formatDuration } from "../format/duration.ts";
import { formatTable } from "../format/table.ts";

/** The instances of an app as a table, as `ps` and `apps:info` show them. */
export function formatInstances(instances: readonly Instance[]): string {
  return formatTable(
    ["TYPE.N", "STATE", "PID", "PORT", "UPTIME", "RESTARTS"],
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
