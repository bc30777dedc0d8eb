import { Hop3Error } from "@hop3/contract";
import { signV4, type S3Credentials } from "./sigv4.ts";

export interface S3Answer {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * Signed requests to the S3 server Hop3 runs (ADR 51), over loopback: bucket operations as its
 * root and versitygw's admin calls (`PATCH /create-user`...), which are signed the same way.
 */
export class S3Client {
  readonly #endpoint: string;
  readonly #credentials: S3Credentials;

  constructor(endpoint: string, credentials: S3Credentials) {
    this.#endpoint = endpoint;
    this.#credentials = credentials;
  }

  async request(method: string, path: string, options: { query?: Record<string, string>; body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<S3Answer> {
    const url = new URL(path, this.#endpoint);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const body = typeof options.body === "string" ? Buffer.from(options.body) : (options.body ?? new Uint8Array());
    const headers = signV4({ method, url, headers: options.headers ?? {}, body }, this.#credentials);
    delete headers.host;
    const response = await fetch(url, { method, headers, body: body.length > 0 ? body : undefined, signal: AbortSignal.timeout(60_000) });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** Like `request`, refusing with ADDON_ENGINE_FAILED unless the answer is one of `expected` (default any 2xx). */
  async ok(what: string, method: string, path: string, options: Parameters<S3Client["request"]>[2] & { expected?: readonly number[] } = {}): Promise<S3Answer> {
    const answer = await this.request(method, path, options);
    const fine = options.expected ? options.expected.includes(answer.status) : answer.status >= 200 && answer.status < 300;
    if (!fine) throw new Hop3Error("ADDON_ENGINE_FAILED", `${what}: the S3 server answered ${answer.status} ${/<Code>([^<]*)<\/Code>/.exec(answer.body.toString())?.[1] ?? answer.body.toString().slice(0, 200)}`);
    return answer;
  }
}
