import { apiPaths, type FirewallStatus } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields, formatTable } from "../format/table.ts";

/** The text of `hop3 firewall` and of every firewall change. */
export function renderFirewall(status: FirewallStatus): string {
  if (!status.available) return "Firewall: not available on this server (it needs nftables and a server running as root).";
  const state = status.enabled ? "on: inbound connections other than to these ports are dropped" : "off: nothing is filtered; these ports would stay open";
  const ports = formatTable(
    ["PORT", "WHY"],
    status.open.map((open) => [`${open.port}/${open.protocol}`, open.reason === "allowed" ? "firewall:allow" : open.reason === "app" ? `[[ports]] of ${open.app ?? "an app"}` : open.reason]),
  );
  return `${formatFields([["Firewall", state]])}\n${ports}`;
}

/** `hop3 firewall`: whether the host firewall filters, and the ports it lets in. */
export const firewallCommand = defineCommand({
  name: "firewall",
  summary: "Show the host firewall: on or off, and the ports it lets in (SSH, HTTP, HTTPS and firewall:allow)",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<FirewallStatus>("GET", apiPaths.firewall);
  },
  render: renderFirewall,
});
