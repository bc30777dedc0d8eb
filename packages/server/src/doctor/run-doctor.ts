import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerConfig } from "../config/server-config.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import { checkCaddy, checkCgroups, checkDisk, checkNft, checkSandbox } from "./host-checks.ts";
import { checkClock } from "./clock-check.ts";
import { checkPorts } from "./port-check.ts";

/**
 * `hop3-server doctor`: checks what Hop3 needs of this host and names the fix for each
 * problem. Read-only: it runs probes (bwrap, nft list, caddy version) and reads /proc and
 * /sys, but starts, binds and writes nothing.
 */
export async function runDoctor(config: ServerConfig, json: boolean): Promise<number> {
  const ports = [
    { port: config["http-port"], setting: "HOP3_HTTP_PORT / http-port" },
    ...(config.tls === "off" ? [] : [{ port: config["https-port"], setting: "HOP3_HTTPS_PORT / https-port (HTTPS, unless tls = off)" }]),
  ];
  const checks: DoctorCheck[] = [
    await checkSandbox(),
    await checkNft(),
    await checkCaddy(),
    checkDisk(config.home),
    checkCgroups(),
    checkClock(),
    ...checkPorts(ports, ownProxyRunning(config.home)),
  ];
  if (json) {
    console.log(JSON.stringify({ ok: checks.every((check) => check.status !== "fail"), checks }, null, 2));
  } else {
    for (const check of checks) {
      console.log(`${check.status === "ok" ? "ok  " : check.status === "warn" ? "WARN" : "FAIL"}  ${check.name}: ${check.detail}`);
      if (check.fix !== undefined) console.log(`      fix: ${check.fix}`);
    }
  }
  return checks.some((check) => check.status === "fail") ? 1 : 0;
}

/** Whether this state root's Caddy runs (its pid record names a live process). */
function ownProxyRunning(home: string): boolean {
  try {
    const { pid } = JSON.parse(readFileSync(join(home, "proxy", "caddy.pid.json"), "utf8")) as { pid: number };
    return existsSync(`/proc/${pid}`);
  } catch {
    // No record: Hop3's proxy has not run from this state root.
    return false;
  }
}
