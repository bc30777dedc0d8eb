import { setTimeout as sleep } from "node:timers/promises";
import type { HealthcheckConfig } from "../core/app-config.ts";
import { waitForPort } from "./wait-for-port.ts";

// Not an ES import: importing node:http reads all its exports, whose WebSocket getters load
// undici, ~14 MiB the daemon never uses (docs/adr/0030-daemon-footprint.md).
const { request } = process.getBuiltinModule("node:http");

/** How one new web instance is judged ready: an HTTP check when a path is set, else TCP. */
export type HealthCheckSpec = HealthcheckConfig;

export type HealthCheckResult = { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly detail: string };

const maxBodyBytes = 64 * 1024;

/**
 * Runs a health check against 127.0.0.1:port. The port must first accept connections within
 * `startTimeoutMs`; then, for an HTTP check, up to `attempts` GETs must give one good answer.
 * `stillTrying` stops early when the process has exited.
 */
export async function runHealthCheck(port: number, spec: HealthCheckSpec | null, options: { startTimeoutMs: number; stillTrying: () => boolean }): Promise<HealthCheckResult> {
  const listening = await waitForPort(port, { timeoutMs: options.startTimeoutMs, stillTrying: options.stillTrying });
  if (!listening) return { ok: false, detail: `nothing accepted connections on port ${port} within ${options.startTimeoutMs / 1000}s` };
  if (!spec || spec.path === null) return { ok: true, detail: `port ${port} accepts connections` };
  if (spec.waitMs > 0) await sleep(spec.waitMs);
  let last = "";
  for (let attempt = 1; attempt <= spec.attempts; attempt++) {
    if (!options.stillTrying()) return { ok: false, detail: `the process exited during the health check (${spec.source})` };
    last = await probe(port, spec);
    if (last === "") return { ok: true, detail: `GET ${spec.path} passed (${spec.source})` };
    if (attempt < spec.attempts) await sleep(spec.intervalMs);
  }
  return { ok: false, detail: `health check ${spec.source} failed after ${spec.attempts} attempt${spec.attempts === 1 ? "" : "s"}: GET ${spec.path} ${last}` };
}

/** One GET; resolves "" when it passes, else what was wrong. */
function probe(port: number, spec: HealthCheckSpec): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: spec.path ?? "/", method: "GET", headers: { "user-agent": "hop3-healthcheck" } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < maxBodyBytes) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const statusOk = spec.expectStatus === null ? status >= 200 && status < 400 : status === spec.expectStatus;
        if (!statusOk) return resolve(`answered ${status}${spec.expectStatus === null ? " (expected 2xx or 3xx)" : ` (expected ${spec.expectStatus})`}`);
        const body = Buffer.concat(chunks).toString("utf8");
        if (spec.content !== null && !body.includes(spec.content)) return resolve(`answered ${status} but the body does not contain ${JSON.stringify(spec.content)}`);
        resolve("");
      });
      res.on("error", (error) => resolve(`failed: ${error.message}`));
    });
    req.setTimeout(spec.timeoutMs, () => req.destroy(new Error(`no answer within ${spec.timeoutMs / 1000}s`)));
    req.once("error", (error) => resolve(`failed: ${error.message}`));
    req.end();
  });
}
