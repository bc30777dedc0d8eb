import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Duplex, Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { Hop3Error } from "@hop3/contract";
import { cliVersion } from "../version.ts";
import { errorFromResponse } from "./api-error.ts";
import type { ServerTarget } from "./server-url.ts";

/** Calls to the Hop3 HTTP API. Every failure is a Hop3Error ready to print. */
export interface ApiClient {
  /** The server as shown to people (never with credentials). */
  readonly server: string;
  /** Sends a JSON request; resolves with the parsed JSON body, or undefined for 204. */
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Streams `body` as the request; resolves with the (2xx) response's body once its headers arrive. */
  upload(path: string, body: Readable, contentType: string): Promise<Readable>;
  /** GETs a streamed response (e.g. logs); resolves with its (2xx) body once its headers arrive. */
  stream(path: string): Promise<Readable>;
  /** POSTs an HTTP Upgrade to `protocol`; resolves with the connection once the server switches. */
  upgrade(path: string, protocol: string): Promise<Duplex>;
}

// A JSON call that takes longer than this means the server is stuck, not busy.
const jsonTimeoutMs = 60_000;

/** Creates a client for one server; the token is only ever sent in the Authorization header. */
export function createApiClient(server: ServerTarget, token: string | undefined): ApiClient {
  // ssh:// servers are reached through ssh-transport.ts, never over HTTP.
  if (server.kind === "ssh") throw new Hop3Error("INTERNAL", `${server.display} is reached over SSH, not HTTP.`);
  const target = server;
  const headers: OutgoingHttpHeaders = { "user-agent": `hop3-cli/${cliVersion}`, accept: "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;

  function start(method: string, path: string, extra: OutgoingHttpHeaders) {
    // No keep-alive agent: a CLI makes one or two calls, and idle sockets would delay exit.
    const options: RequestOptions = { method, headers: { ...headers, ...extra }, agent: false };
    if (target.kind === "unix") {
      return httpRequest({ ...options, socketPath: target.socketPath, path });
    }
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    return send({ ...options, hostname: target.hostname, port: target.port, path: target.basePath + path });
  }

  function unreachable(error: NodeJS.ErrnoException): Hop3Error {
    const reason = connectionReasons[error.code ?? ""] ?? error.message;
    return new Hop3Error("SERVER_UNREACHABLE", `Cannot reach the Hop3 server at ${target.display}: ${reason}.`, { cause: error });
  }

  async function failure(response: IncomingMessage, request: string): Promise<Hop3Error> {
    const body = await text(response).catch(() => "");
    return errorFromResponse({
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? "",
      body,
      request,
      server: target.display,
    });
  }

  return {
    server: target.display,

    json<T>(method: string, path: string, body?: unknown): Promise<T> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = start(method, path, payload === undefined ? {} : { "content-type": "application/json" });
      return new Promise<T>((resolve, reject) => {
        req.setTimeout(jsonTimeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${jsonTimeoutMs / 1000}s`), { code: "ETIMEDOUT" })));
        req.on("error", (error) => reject(unreachable(error)));
        req.on("response", (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 400) {
            failure(response, `${method} ${path}`).then(reject, reject);
            return;
          }
          text(response).then((raw) => {
            if (status === 204 || raw.trim() === "") return resolve(undefined as T);
            try {
              resolve(JSON.parse(raw) as T);
            } catch {
              reject(new Hop3Error("INTERNAL", `${target.display} answered ${method} ${path} with a body that is not JSON.`));
            }
          }, (error: NodeJS.ErrnoException) => reject(unreachable(error)));
        });
        req.end(payload);
      });
    },

    stream(path: string): Promise<IncomingMessage> {
      const req = start("GET", path, { accept: "application/x-ndjson" });
      return new Promise<IncomingMessage>((resolve, reject) => {
        req.on("error", (error) => reject(unreachable(error)));
        req.on("response", (response) => {
          if ((response.statusCode ?? 0) >= 400) failure(response, `GET ${path}`).then(reject, reject);
          else resolve(response);
        });
        req.end();
      });
    },

    upgrade(path: string, protocol: string): Promise<Duplex> {
      const req = start("POST", path, { connection: "Upgrade", upgrade: protocol });
      return new Promise<Duplex>((resolve, reject) => {
        req.on("error", (error) => reject(unreachable(error)));
        req.on("upgrade", (_response, socket, head) => {
          if (head.length > 0) socket.unshift(head);
          resolve(socket);
        });
        req.on("response", (response) => {
          if ((response.statusCode ?? 0) >= 400) return void failure(response, `POST ${path}`).then(reject, reject);
          response.resume();
          reject(new Hop3Error("INTERNAL", `${target.display} answered POST ${path} with ${response.statusCode ?? 0} instead of switching to ${protocol}.`));
        });
        req.end();
      });
    },

    upload(path: string, body: Readable, contentType: string): Promise<IncomingMessage> {
      const req = start("POST", path, { "content-type": contentType, "transfer-encoding": "chunked" });
      return new Promise<IncomingMessage>((resolve, reject) => {
        let responded = false;
        req.on("error", (error) => {
          // Once the server has answered, a broken upload is its decision, told in the answer.
          if (!responded) reject(unreachable(error));
        });
        body.on("error", (error) => {
          req.destroy();
          reject(new Hop3Error("INTERNAL", `Packing the upload failed: ${error.message}.`, { cause: error }));
        });
        req.on("response", (response) => {
          responded = true;
          if ((response.statusCode ?? 0) >= 400) {
            body.unpipe(req);
            body.destroy();
            // The rest of the upload is unwanted; an open socket would keep the CLI from exiting.
            failure(response, `POST ${path}`).then((error) => {
              req.destroy();
              reject(error);
            }, reject);
            return;
          }
          resolve(response);
        });
        body.pipe(req);
      });
    },
  };
}

const connectionReasons: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOENT: "no socket at that path",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
  EACCES: "permission denied",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "host unreachable",
  ETIMEDOUT: "the connection timed out",
};
