import { existsSync } from "node:fs";

/** True when systemd is the init system here (what `systemctl` needs). */
export function systemdRuns(marker = "/run/systemd/system"): boolean {
  return existsSync(marker);
}

/**
 * The unit `hop3-server setup` writes where systemd runs (ADR 31): one service, the root
 * parent, which starts the unprivileged daemon itself (one lifecycle for both), restarted on
 * failure. `KillMode=process` stops only the parent (which stops the daemon): apps and Caddy
 * run detached and keep serving across a restart or an upgrade of Hop3.
 */
export function renderSystemdUnit(options: { readonly program: string; readonly env: Readonly<Record<string, string>> }): string {
  for (const [name, value] of Object.entries(options.env)) {
    if (!/^HOP3_[A-Z0-9_]+$/.test(name) || /["\\\n\r%$]/.test(value)) throw new Error(`${name} cannot be written to a systemd unit as is: ${JSON.stringify(value)}`);
  }
  if (!options.program.startsWith("/") || /[\s"\\%$]/.test(options.program)) throw new Error(`The program path ${JSON.stringify(options.program)} cannot be written to a systemd unit`);
  const environment = Object.entries(options.env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `Environment="${name}=${value}"`);
  return [
    "# Written by `hop3-server setup`. The root parent starts the unprivileged daemon (docs/adr/0031-unprivileged-daemon.md).",
    "[Unit]",
    "Description=Hop3 platform as a service",
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${options.program} run`,
    ...environment,
    "Restart=on-failure",
    "RestartSec=2",
    "# Apps and Caddy are detached: a restart or an upgrade of Hop3 stops neither.",
    "KillMode=process",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
