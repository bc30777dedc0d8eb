import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { Hop3Error, isErrorCode } from "@hop3/contract";

// Not an ES import: importing node:http reads all its exports, whose WebSocket getters load
// undici, ~14 MiB the daemon never uses (docs/adr/0030-daemon-footprint.md).
const { request } = process.getBuiltinModule("node:http");

/** The daemon's API on its Unix socket, called with one SSH key's token. */
export interface Hop3Api {
  /** A JSON call; an error response becomes the Hop3Error it describes. */
  json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** Streams `body` as the request; resolves with the (2xx) response once its headers arrive. */
  upload(path: string, body: Readable, contentType: string): Promise<IncomingMessage>;
}

/** A client for the API socket. The forced command and the git hook reach the daemon only through it. */
export function hop3Api(socketPath: string, token: string): Hop3Api {
  const start = (method: string, path: string, headers: Record<string, string>) =>
    request({ socketPath, path, method, agent: false, headers: { authorization: `Bearer ${token}`, accept: "application/json", "user-agent": "hop3-ssh", ...headers } });
  const unreachable = (error: Error) =>
    new Hop3Error("SERVER_UNREACHABLE", `Cannot reach the Hop3 server on ${socketPath}: ${error.message}.`, { hint: "Check that `hop3-server run` is running." });

  return {
    json<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = start(method, path, { ...headers, ...(payload === undefined ? {} : { "content-type": "application/json" }) });
      return new Promise<T>((resolve, reject) => {
        req.on("error", (error) => reject(unreachable(error)));
        req.on("response", (response) => {
          text(response).then((raw) => {
            const status = response.statusCode ?? 0;
            if (status >= 400) return reject(errorOf(status, raw));
            resolve((raw.trim() === "" ? undefined : JSON.parse(raw)) as T);
          }, reject);
        });
        req.end(payload);
      });
    },

    upload(path: string, body: Readable, contentType: string): Promise<IncomingMessage> {
      const req = start("POST", path, { "content-type": contentType, "transfer-encoding": "chunked" });
      return new Promise<IncomingMessage>((resolve, reject) => {
        let responded = false;
        req.on("error", (error) => {
          if (!responded) reject(unreachable(error));
        });
        req.on("response", (response) => {
          responded = true;
          const status = response.statusCode ?? 0;
          if (status < 400) return resolve(response);
          body.unpipe(req);
          body.destroy();
          text(response).then((raw) => {
            req.destroy();
            reject(errorOf(status, raw));
          }, reject);
        });
        body.pipe(req);
      });
    },
  };
}

function errorOf(status: number, raw: string): Hop3Error {
  try {
    const { error } = JSON.parse(raw) as { error?: { code?: unknown; message?: unknown; hint?: unknown } };
    if (error && typeof error.message === "string") {
      return new Hop3Error(isErrorCode(error.code) ? error.code : "INTERNAL", error.message, { hint: typeof error.hint === "string" ? error.hint : undefined });
    }
  } catch {
    // Not a Hop3 error body: reported below.
  }
  return new Hop3Error("INTERNAL", `The Hop3 API answered ${status} without an error body.`);
}
