import { readFileSync } from "node:fs";

/**
 * The account the daemon runs as under the root parent (`daemon-user`, `hop3-daemon` by
 * default; ADR 31): it owns the state root's own files, and its group reads the apps' trees.
 */
export function daemonAccount(name = "hop3-daemon"): { uid: number; gid: number } {
  const fields = readFileSync("/etc/passwd", "utf8").split("\n").map((line) => line.split(":")).find((entry) => entry[0] === name);
  if (!fields) throw new Error(`no account ${name}: the server did not start separated`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
