import { Hop3Error, type AppCheckReport, type AppCheckResult } from "@hop3/contract";
import type { AppValidation } from "../core/app-config.ts";
import type { App } from "../core/app.ts";
import type { Release } from "../core/release.ts";

/** What one GET through the proxy gave: its status and body, or why no answer came. */
export type ProxyAnswer = { readonly status: number; readonly body: string } | { readonly error: string };

export interface AppChecksDeps {
  readonly apps: { require(name: string): App; url(name: string): string };
  readonly releases: { current(appId: number): Release | null };
  /** The hostname the proxy serves the app at. */
  readonly hostOf: (app: string) => string;
  /** One GET of `path` through the proxy with `host` as its host name. */
  readonly get: (host: string, path: string) => Promise<ProxyAnswer>;
}

/**
 * `hop3 check APP`: the app's hop3.toml `[[test.validations]]` (the original Hop3's acceptance
 * checks), sent through the proxy at the app's hostname as a visitor's requests are, against
 * the release serving now. The checks run one after the other: an app under test may be small.
 */
export class AppChecks {
  readonly #deps: AppChecksDeps;

  constructor(deps: AppChecksDeps) {
    this.#deps = deps;
  }

  async run(name: string): Promise<AppCheckReport> {
    const { apps, releases, hostOf, get } = this.#deps;
    const app = apps.require(name);
    const release = releases.current(app.id);
    if (release === null) throw new Hop3Error("APP_NOT_DEPLOYED", `App "${name}" has no release: there is nothing to check.`);
    const host = hostOf(app.name);
    const checks: AppCheckResult[] = [];
    for (const validation of release.settings.validations ?? []) checks.push(judge(validation, await get(host, validation.path)));
    return { app: app.name, release: release.number, url: apps.url(app.name), passed: checks.every((check) => check.passed), checks };
  }
}

/** The most of a body read: enough for any `contains`, bounded for a large page. */
export const maxCheckedBody = 1024 * 1024;

/** Whether an answer meets a validation, and if not, why in a few words. */
export function judge(validation: AppValidation, answer: ProxyAnswer): AppCheckResult {
  const base = { path: validation.path, expectStatus: validation.status, contains: validation.contains };
  if ("error" in answer) return { ...base, status: null, passed: false, problem: `no answer: ${answer.error}` };
  const { status, body } = answer;
  let problem: string | null = null;
  if (validation.status !== null && status !== validation.status) problem = `status ${status}, expected ${validation.status}`;
  else if (validation.status === null && (status < 200 || status >= 400)) problem = `status ${status}, expected 2xx or 3xx`;
  else if (validation.contains !== null && !body.includes(validation.contains)) problem = `the body does not contain ${JSON.stringify(validation.contains)}`;
  return { ...base, status, passed: problem === null, problem };
}

// Not ES imports (docs/adr/0030-daemon-footprint.md); node:https (and node:tls) on the first
// HTTPS check only, not at start (docs/adr/0064-daemon-node-tuned-for-memory.md).
const http = process.getBuiltinModule("node:http");

/**
 * GETs through the proxy on loopback, with the app's host name (over HTTPS when the proxy
 * serves it; the certificate is not what is checked), reading at most `maxCheckedBody` bytes.
 */
export function proxyGet(proxy: { readonly httpPort: number; readonly httpsPort: number | null }, timeoutMs: number): AppChecksDeps["get"] {
  return (host, path) =>
    new Promise((resolve) => {
      const options = { host: "127.0.0.1", path, headers: { host, "user-agent": "hop3-check" }, timeout: timeoutMs };
      const request =
        proxy.httpsPort === null
          ? http.request({ ...options, port: proxy.httpPort })
          : process.getBuiltinModule("node:https").request({ ...options, port: proxy.httpsPort, servername: host, rejectUnauthorized: false });
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < maxCheckedBody) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", (error) => resolve({ error: error.message }));
      });
      request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
      request.on("error", (error) => resolve({ error: error.message }));
      request.end();
    });
}
