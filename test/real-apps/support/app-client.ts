import { request } from "node:http";

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** The body as sent, for binary downloads. */
  readonly raw: Buffer;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/**
 * What a check script gets: HTTP to its app through Hop3's proxy (with the app's host name, as
 * a browser would) and the hop3 CLI. A check writes something, reads it back and returns a
 * one-line note of what it did; it throws when the app did not keep what it was given.
 */
export interface AppClient {
  readonly app: string;
  /** The app's public URL (http://APP.localhost:PORT). */
  readonly url: string;
  http(path: string, options?: RequestOptions): Promise<Reply>;
  hop3(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export type Check = (client: AppClient) => Promise<string>;

/** One HTTP request to 127.0.0.1:port with the Host header of `host`; 30 s at most. */
export function httpRequest(port: number, host: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const body = options.body;
    const headers: Record<string, string> = { ...options.headers, host };
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const req = request({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        resolveReply({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString("utf8"), raw });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${options.method ?? "GET"} ${path} timed out`)));
    req.once("error", reject);
    req.end(body);
  });
}

/** Fails with the reply in the message unless `reply.status` is one of `expected`. */
export function expectStatus(reply: Reply, expected: number | readonly number[], what: string): Reply {
  const allowed = typeof expected === "number" ? [expected] : expected;
  if (!allowed.includes(reply.status)) throw new Error(`${what}: HTTP ${reply.status}, expected ${allowed.join(" or ")}: ${reply.body.slice(0, 300)}`);
  return reply;
}

/** Fails unless `text` contains `needle`. */
export function expectContains(text: string, needle: string, what: string): void {
  if (!text.includes(needle)) throw new Error(`${what}: ${JSON.stringify(needle)} not found in ${JSON.stringify(text.slice(0, 300))}`);
}

/** Basic authentication header value. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** Retries `attempt` until it stops throwing, for apps that finish starting after their port opens. */
export async function eventually<T>(attempt: () => Promise<T>, tries = 20, delayMs = 1000): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
      await new Promise((resolveWait) => setTimeout(resolveWait, delayMs));
    }
  }
  throw last;
}
