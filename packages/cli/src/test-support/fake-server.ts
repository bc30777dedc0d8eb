import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";

/** A request the fake server received, body included. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/** A node:http server on a free port (or a Unix socket) that records requests; for unit tests. */
export async function startFakeServer(handler: FakeHandler, options: { socketPath?: string } = {}) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void buffer(req).then(async (body) => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(recorded);
      await handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => {
    if (options.socketPath === undefined) server.listen(0, "127.0.0.1", resolve);
    else server.listen(options.socketPath, resolve);
  });
  const url = options.socketPath === undefined ? `http://127.0.0.1:${(server.address() as AddressInfo).port}` : `unix://${options.socketPath}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Sends a Hop3 error response. */
export function sendError(response: ServerResponse, status: number, code: string, message: string, hint: string): void {
  sendJson(response, status, { error: { code, message, hint } });
}
