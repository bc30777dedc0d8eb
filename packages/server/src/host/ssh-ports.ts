import { readFileSync } from "node:fs";
import { runCommand } from "../exec/run-command.ts";
import { nftEnv } from "./nft-script.ts";

/**
 * The TCP ports sshd can be reached on from other machines: those it listens on beyond
 * loopback (`ss`), and the `Port` lines of its config (a socket-activated sshd shows up as
 * systemd in `ss`). 22 when neither names one.
 */
export async function sshPorts(configFiles: readonly string[] = ["/etc/ssh/sshd_config"]): Promise<number[]> {
  const lines: string[] = [];
  const result = await runCommand({ argv: ["ss", "-H", "-l", "-t", "-n", "-p"], cwd: "/", env: nftEnv, timeoutMs: 10_000, onLine: (stream, line) => {
      if (stream === "stdout") lines.push(line);
    },
  }).catch(() => null);
  const ports = new Set([...listeningSshPorts(result?.exitCode === 0 ? lines.join("\n") : ""), ...configFiles.flatMap(configuredPorts)]);
  return ports.size > 0 ? [...ports].sort((a, b) => a - b) : [22];
}

/** Ports of `ss -Hltnp` lines whose process is sshd, on an address other than loopback. */
export function listeningSshPorts(ssOutput: string): number[] {
  const ports: number[] = [];
  for (const line of ssOutput.split("\n")) {
    if (!line.includes('"sshd"')) continue;
    const local = line.trim().split(/\s+/)[3] ?? "";
    const address = local.slice(0, local.lastIndexOf(":"));
    const port = Number(local.slice(local.lastIndexOf(":") + 1));
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    if (address.startsWith("127.") || address === "[::1]") continue;
    ports.push(port);
  }
  return ports;
}

function configuredPorts(file: string): number[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*Port\s+(\d{1,5})\s*$/gim)].map((match) => Number(match[1])).filter((port) => port >= 1 && port <= 65535);
}
