import { readFileSync } from "node:fs";
import { fail, ok, type DoctorCheck } from "./doctor-check.ts";

/** The local ports in the LISTEN state (0A) of a /proc/net/tcp or tcp6 table. */
export function listeningPorts(table: string): Set<number> {
  const ports = new Set<number>();
  for (const line of table.split("\n").slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== "0A" || local === undefined) continue;
    ports.add(Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16));
  }
  return ports;
}

function listening(): Set<number> {
  const all = new Set<number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try {
      for (const port of listeningPorts(readFileSync(file, "utf8"))) all.add(port);
    } catch {
      // No IPv6 on this host: nothing listens there.
    }
  }
  return all;
}

/**
 * The ports Hop3's proxy takes. Read from /proc, not by binding (the doctor changes nothing);
 * a port held by Hop3's own Caddy (`ownProxy`) is in use as it should be.
 */
export function checkPorts(ports: readonly { readonly port: number; readonly setting: string }[], ownProxy: boolean, open: Set<number> = listening()): DoctorCheck[] {
  return ports.map(({ port, setting }) => {
    const name = `port ${port}`;
    if (!open.has(port)) return ok(name, `free for the proxy (${setting})`);
    if (ownProxy) return ok(name, `in use by Hop3's proxy (${setting})`);
    return fail(name, `another program listens on ${port} (${setting})`, `find it with \`ss -ltnp 'sport = :${port}'\` and stop it (e.g. \`systemctl disable --now nginx apache2 caddy\`), or set ${setting} to a free port`);
  });
}
