import { apiPaths, Hop3Error, type FirewallChangeBody, type FirewallStatus } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { renderFirewall } from "./firewall.ts";

/** Reads `PORT[/tcp|udp]`. */
export function parsePortArg(word: string): { port: number; protocol?: "tcp" | "udp" } {
  const match = /^(\d{1,5})(?:\/(tcp|udp))?$/.exec(word);
  const port = Number(match?.[1]);
  if (!match || port < 1 || port > 65535) throw new Hop3Error("FIREWALL_PORT_INVALID", `${JSON.stringify(word.slice(0, 40))} is not PORT[/tcp|udp] with a port from 1 to 65535.`);
  return match[2] === "tcp" || match[2] === "udp" ? { port, protocol: match[2] } : { port };
}

const texts = {
  enable: { summary: "Turn the host firewall on: only SSH, HTTP, HTTPS and allowed ports are let in (undone unless confirmed)", port: false },
  disable: { summary: "Turn the host firewall off (its nftables table is removed)", port: false },
  allow: { summary: "Let a port in while the firewall is on: PORT or PORT/tcp or PORT/udp (tcp by default)", port: true },
  deny: { summary: "No longer let a port in (SSH, HTTP and HTTPS always are): PORT[/tcp|udp]", port: true },
} as const;

/**
 * `hop3 firewall:enable|disable|allow|deny`. A change that closes something comes back as
 * pending: this command confirms it at once, in a new request. If the change cut the way this
 * client reaches the server, that request cannot arrive, and the server undoes the change.
 */
function firewallChangeCommand(action: FirewallChangeBody["action"]) {
  return defineCommand({
    name: `firewall:${action}`,
    summary: texts[action].summary,
    options: { json: jsonOption },
    args: texts[action].port ? [{ name: "PORT", required: true, description: "A port, optionally with /tcp or /udp, e.g. 5432 or 51820/udp" }] : [],
    async run({ args }, { client }) {
      const api = await client();
      const word = (args as Record<string, string | undefined>).PORT;
      const body: FirewallChangeBody = word === undefined ? { action } : { action, ...parsePortArg(word) };
      const changed = await api.json<FirewallStatus>("POST", apiPaths.firewall, body);
      if (!changed.pending) return changed;
      return (await client()).json<FirewallStatus>("POST", apiPaths.firewallConfirm, { token: changed.pending.token });
    },
    render: renderFirewall,
  });
}

export const firewallEnableCommand = firewallChangeCommand("enable");
export const firewallDisableCommand = firewallChangeCommand("disable");
export const firewallAllowCommand = firewallChangeCommand("allow");
export const firewallDenyCommand = firewallChangeCommand("deny");
