import { setTimeout as sleep } from "node:timers/promises";

// Not an ES import: importing node:http reads all its exports, whose WebSocket getters load
// undici, ~14 MiB the daemon never uses (docs/adr/0030-daemon-footprint.md).
const { request } = process.getBuiltinModule("node:http");

/** A failed call to Caddy's admin API: Caddy's answer (status and body), or why it could not be reached. */
export class CaddyAdminError extends Error {
  /** HTTP status Caddy answered with; absent when the socket could not be reached. */
  readonly status: number | undefined;
  /** Caddy's response body, verbatim (usually `{"error": "..."}`). */
  readonly body: string;

  constructor(message: string, options: { status?: number; body?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "CaddyAdminError";
    this.status = options.status;
    this.body = options.body ?? "";
  }
}

export interface CaddyAdminClientOptions {
  /** Path of the admin API's Unix socket. */
  readonly socketPath: string;
  /** Per-request limit; a config load that takes longer is reported as failed. */
  readonly timeoutMs?: number | undefined;
  /** How long to keep retrying a refused or dropped connection; 0 reports it at once. */
  readonly reconnectMs?: number | undefined;
}

// Connection failures worth retrying: after a rejected /load, Caddy restarts its admin endpoint
// while rolling back, and for a few milliseconds the socket refuses or drops connections.
const transientCodes = new Set(["ENOENT", "ECONNREFUSED", "ECONNRESET", "EPIPE"]);

function isTransient(error: CaddyAdminError): boolean {
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return error.status === undefined && code !== undefined && transientCodes.has(code);
}

// Caddy's error bodies are `{"error":"..."}`; show the sentence rather than the JSON.
function reason(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "error" in parsed && typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON: use the body as it is
  }
  return body.trim();
}

/** A minimal client for Caddy's admin API over its Unix socket. */
export class CaddyAdminClient {
  readonly socketPath: string;
  readonly #timeoutMs: number;
  readonly #reconnectMs: number;

  constructor(options: CaddyAdminClientOptions) {
    this.socketPath = options.socketPath;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#reconnectMs = options.reconnectMs ?? 1_000;
  }

  /** Replaces Caddy's whole running config; Caddy rolls back by itself if the new one fails. */
  async load(config: unknown): Promise<void> {
    await this.#send("POST", "/load", JSON.stringify(config));
  }

  /** The running config, or null when Caddy has none loaded yet. */
  async getConfig(): Promise<unknown> {
    return JSON.parse(await this.#send("GET", "/config/")) as unknown;
  }

  /** Asks Caddy to shut down gracefully and exit. */
  async stop(): Promise<void> {
    await this.#send("POST", "/stop");
  }

  // Every call is idempotent (loading the same config twice is a no-op), so retrying is safe.
  async #send(method: "GET" | "POST", path: string, body?: string): Promise<string> {
    const deadline = Date.now() + this.#reconnectMs;
    for (let delayMs = 20; ; delayMs = Math.min(delayMs * 2, 200)) {
      try {
        return await this.#sendOnce(method, path, body);
      } catch (error) {
        if (!(error instanceof CaddyAdminError && isTransient(error)) || Date.now() + delayMs > deadline) throw error;
        await sleep(delayMs);
      }
    }
  }

  #sendOnce(method: "GET" | "POST", path: string, body?: string): Promise<string> {
    const what = `Caddy admin API ${method} ${path}`;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          method,
          path,
          // Caddy 2.6 only accepts an empty Host on a Unix-socket admin endpoint (RFC 7230 says
          // so for URIs without a host). Node would send `Host: localhost`, which Caddy
          // refuses with 403 "host not allowed", so the header is set by hand.
          setHost: false,
          headers: { Host: "", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
          timeout: this.#timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", (cause) => reject(new CaddyAdminError(`${what} failed while reading the answer`, { cause })));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(text);
            else reject(new CaddyAdminError(`${what} failed (${status}): ${reason(text)}`, { status, body: text }));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on("error", (cause) =>
        reject(new CaddyAdminError(`${what} failed: cannot reach ${this.socketPath} (${cause.message})`, { cause })),
      );
      req.end(body);
    });
  }
}
