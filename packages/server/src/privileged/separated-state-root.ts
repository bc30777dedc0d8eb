import { chmodSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { StateLayout } from "../config/state-layout.ts";
import type { ServiceAccount } from "../exec/as-service-account.ts";

/**
 * Gives the state root to the daemon account (ADR 31), done by the root parent before the
 * daemon starts. The daemon owns its own files (database, keys, logs, records, the proxy's
 * config); root keeps `apps/` (so no name there can be swapped under root) and the SSH
 * account's home (sshd's StrictModes). Directories that were root's until now (an install
 * from before the separation) are handed over whole: no other account could write in them.
 * Once they are the daemon's, the parent never walks them again.
 */
export function prepareSeparatedStateRoot(layout: StateLayout, daemon: ServiceAccount, proxy: ServiceAccount, addons?: ServiceAccount): void {
  give(layout.home, daemon, 0o711, false);
  mkdirSync(layout.appsDir, { recursive: true, mode: 0o711 });
  lchownSync(layout.appsDir, 0, 0);
  chmodSync(layout.appsDir, 0o711);
  for (const dir of [layout.logsDir, layout.runDir, join(layout.home, "secrets")]) give(dir, daemon, 0o700, true);
  give(layout.proxyDir, daemon, 0o711, true);
  // Caddy's home: the proxy's, its group the daemon's (setgid) so the daemon reaches the admin socket.
  const caddyHome = join(layout.proxyDir, "caddy");
  mkdirSync(caddyHome, { recursive: true, mode: 0o700 });
  // proxy/ is the daemon's: what it left at caddy/ must be a directory (chmod follows a link).
  if (!lstatSync(caddyHome).isDirectory()) throw new Error(`${caddyHome} must be a directory`);
  lchownSync(caddyHome, proxy.uid, daemon.gid);
  chmodSync(caddyHome, 0o2770);
  if (addons) prepareAddonsDir(layout, addons);
  for (const name of ["hop3.db", "hop3.db-wal", "hop3.db-shm", "hop3.sock"]) {
    const path = join(layout.home, name);
    if (existsSync(path)) lchownSync(path, daemon.uid, daemon.gid);
  }
}

/** Makes `dir` the daemon's; its contents too when it was root's until now (and walking it is safe). */
function give(dir: string, daemon: ServiceAccount, mode: number, contents: boolean): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const before = lstatSync(dir);
  if (!before.isDirectory()) throw new Error(`${dir} must be a directory`);
  if (contents && before.uid === 0) giveTree(dir, daemon);
  lchownSync(dir, daemon.uid, daemon.gid);
  chmodSync(dir, mode);
}

/**
 * The engines' directory and their sockets' (ADR 42): the engine account's, traversable by the
 * apps (whose sandboxes bind the sockets directory). Never walked: only these two are changed.
 */
export function prepareAddonsDir(layout: StateLayout, addons: ServiceAccount): void {
  for (const dir of [layout.addonsDir, layout.addonSocketsDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o711 });
    if (!lstatSync(dir).isDirectory()) throw new Error(`${dir} must be a directory`);
    lchownSync(dir, addons.uid, addons.gid);
    chmodSync(dir, dir === layout.addonsDir ? 0o711 : 0o755);
  }
}

function giveTree(dir: string, daemon: ServiceAccount): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // The proxy's own home keeps its owner.
    if (entry.name === "caddy" && entry.isDirectory()) continue;
    lchownSync(path, daemon.uid, daemon.gid);
    if (entry.isDirectory()) giveTree(path, daemon);
  }
}
