import type { DatabaseSync } from "node:sqlite";

/** An app whose web process answers through the proxy: its host name and the path to GET. */
export interface UptimeTarget {
  readonly app: string;
  readonly appId: number;
  readonly host: string;
  readonly path: string;
  /** A configured health path must answer 2xx/3xx; `/` (none configured) anything below 500. */
  readonly strict: boolean;
}

/** What the checks know of one app. */
export interface UptimeState {
  readonly app: string;
  readonly state: "up" | "down" | "unknown";
  /** Failed checks in a row. */
  readonly failures: number;
  readonly since: string;
  readonly detail: string;
}

export interface UptimeChecksDeps {
  readonly db: DatabaseSync;
  readonly targets: () => readonly UptimeTarget[];
  /** One GET through the proxy: "" when it passed, else what went wrong. */
  readonly probe: (target: UptimeTarget) => Promise<string>;
  /** Failed checks in a row after which an app is down. */
  readonly downAfter: number;
  readonly now?: () => Date;
}

/**
 * Uptime checks: each web app's health path (or `/`) fetched from outside its sandbox through
 * the proxy, as a visitor would; an app is down after `downAfter` failures in a row and up
 * again at the first pass. State changes are recorded in the database (`uptime_events`).
 */
export class UptimeChecks {
  readonly #deps: UptimeChecksDeps;
  readonly #states = new Map<string, UptimeState>();

  constructor(deps: UptimeChecksDeps) {
    this.#deps = deps;
  }

  states(): UptimeState[] {
    return [...this.#states.values()];
  }

  stateOf(app: string): UptimeState | undefined {
    return this.#states.get(app);
  }

  async run(): Promise<void> {
    const targets = this.#deps.targets();
    const names = new Set(targets.map((target) => target.app));
    for (const app of this.#states.keys()) if (!names.has(app)) this.#states.delete(app);
    await Promise.all(targets.map(async (target) => this.#record(target, await this.#deps.probe(target).catch((error: unknown) => String(error)))));
  }

  #record(target: UptimeTarget, failure: string): void {
    const now = (this.#deps.now ?? (() => new Date()))().toISOString();
    const before = this.#states.get(target.app) ?? { app: target.app, state: "unknown", failures: 0, since: now, detail: "" };
    const failures = failure === "" ? 0 : before.failures + 1;
    const state = failure === "" ? "up" : failures >= this.#deps.downAfter ? "down" : before.state;
    const detail = failure === "" ? `GET ${target.path} passed` : `GET ${target.path}: ${failure}`;
    const changed = state !== before.state;
    this.#states.set(target.app, { app: target.app, state, failures, since: changed ? now : before.since, detail });
    if (changed) this.#deps.db.prepare("INSERT INTO uptime_events (app_id, at, state, detail) VALUES (?, ?, ?, ?)").run(target.appId, now, state, detail);
  }
}

// Not an ES import (docs/adr/0030-daemon-footprint.md); node:https (and node:tls) on the first
// HTTPS probe only, not at start (docs/adr/0064-daemon-node-tuned-for-memory.md).
const http = process.getBuiltinModule("node:http");

/**
 * GETs `target` through the proxy on loopback with its host name (HTTPS when the proxy
 * serves it: certificate validity is a matter of its own, not of uptime), within `timeoutMs`.
 */
export function proxyProbe(proxy: { readonly httpPort: number; readonly httpsPort: number | null }, timeoutMs: number): (target: UptimeTarget) => Promise<string> {
  return (target) =>
    new Promise((resolve) => {
      const options = { host: "127.0.0.1", path: target.path, headers: { host: target.host, "user-agent": "hop3-uptime" }, timeout: timeoutMs };
      const request =
        proxy.httpsPort === null
          ? http.request({ ...options, port: proxy.httpPort })
          : process.getBuiltinModule("node:https").request({ ...options, port: proxy.httpsPort, servername: target.host, rejectUnauthorized: false });
      request.on("response", (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        const ok = target.strict ? status >= 200 && status < 400 : status > 0 && status < 500;
        resolve(ok ? "" : `status ${status}`);
      });
      request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
      request.on("error", (error) => resolve(error.message));
      request.end();
    });
}
