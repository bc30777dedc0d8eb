import { apiPaths, type ServerStatus } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatDuration } from "../format/duration.ts";
import { formatFields } from "../format/table.ts";

/** `hop3 status`: the server's version, uptime and what it runs. */
export const statusCommand = defineCommand({
  name: "status",
  summary: "Show the server's status",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<ServerStatus>("GET", apiPaths.status);
  },
  render(status) {
    return formatFields([
      ["Version", status.version],
      ["Uptime", formatDuration(status.uptimeSeconds)],
      ["Domain", status.domain],
      ["HTTP port", String(status.httpPort)],
      ["Apps", String(status.apps)],
      ["Instances", `${status.instancesRunning} running`],
      ["Proxy", `${status.proxy.name} (${status.proxy.running ? "running" : "not running"})`],
      ["Sandbox", status.sandbox.enabled ? "bubblewrap" : `off (${status.sandbox.reason ?? "unknown reason"})`],
      ["Network", status.network.isolated ? "isolated (nftables)" : `open (${status.network.reason ?? "unknown reason"})`],
    ]);
  },
});
