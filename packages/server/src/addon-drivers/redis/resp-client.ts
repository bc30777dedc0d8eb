import { createConnection, type Socket } from "node:net";
import { readFileSync } from "node:fs";

/** A Redis over TCP (an external server, ADR 77); `tls`: `rediss://`, its CA file if not the system's. */
export interface RedisTcpTarget {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly ca?: string };
}

/**
 * Sends one command to a Redis on a Unix socket (or over TCP) after authenticating, and resolves
 * to its reply (a string, a number, or an array of them); an error reply rejects. Small on
 * purpose: the daemon manages users, asks for the memory used, and dumps or loads keys
 * (backups), for which arguments may be bytes and `bulk: "buffer"` keeps bulk replies as bytes.
 */
export async function redisCommand(target: string | RedisTcpTarget, auth: readonly [string, string], command: readonly (string | Buffer)[], timeoutMs = 5_000, bulk: "utf8" | "buffer" = "utf8"): Promise<unknown> {
  const connection = await connect(target);
  const where = typeof target === "string" ? target : `${target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no answer from Redis at ${where} within ${timeoutMs} ms`)), timeoutMs);
    let buffer = Buffer.alloc(0);
    const replies: unknown[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      connection.destroy();
      if (error) reject(error);
      else resolve(replies[1]);
    };
    connection.on("error", (error) => finish(error));
    connection.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseReply(buffer, 0, bulk);
        if (parsed === null) return;
        buffer = buffer.subarray(parsed.end);
        if (parsed.value instanceof Error) return finish(parsed.value);
        replies.push(parsed.value);
        if (replies.length === 2) return finish();
      }
    });
    connection.write(Buffer.concat([encode(["AUTH", ...auth]), encode(command)]));
  });
}

async function connect(target: string | RedisTcpTarget): Promise<Socket> {
  if (typeof target === "string") return createConnection({ path: target });
  if (target.tls === undefined) return createConnection({ host: target.host, port: target.port });
  // node:tls only for a rediss:// server: the daemon loads it on first use (ADR 63).
  const tls = await import("node:tls");
  const ca = target.tls.ca === undefined ? undefined : readFileSync(target.tls.ca);
  return tls.connect({ host: target.host, port: target.port, servername: target.host, ca });
}

function encode(parts: readonly (string | Buffer)[]): Buffer {
  const crlf = Buffer.from("\r\n");
  return Buffer.concat([Buffer.from(`*${parts.length}\r\n`), ...parts.flatMap((part) => [Buffer.from(`$${Buffer.byteLength(part)}\r\n`), Buffer.from(part), crlf])]);
}

/** One reply from `at`, or null when it is not complete yet. */
function parseReply(buffer: Buffer, at: number, bulk: "utf8" | "buffer"): { value: unknown; end: number } | null {
  const lineEnd = buffer.indexOf("\r\n", at);
  if (lineEnd < 0) return null;
  const kind = String.fromCharCode(buffer[at] ?? 0);
  const line = buffer.toString("utf8", at + 1, lineEnd);
  if (kind === "+") return { value: line, end: lineEnd + 2 };
  if (kind === "-") return { value: new Error(line), end: lineEnd + 2 };
  if (kind === ":") return { value: Number(line), end: lineEnd + 2 };
  if (kind === "$") {
    const length = Number(line);
    if (length < 0) return { value: null, end: lineEnd + 2 };
    if (buffer.length < lineEnd + 2 + length + 2) return null;
    const value = bulk === "buffer" ? Buffer.from(buffer.subarray(lineEnd + 2, lineEnd + 2 + length)) : buffer.toString("utf8", lineEnd + 2, lineEnd + 2 + length);
    return { value, end: lineEnd + 2 + length + 2 };
  }
  if (kind === "*") {
    const count = Number(line);
    const items: unknown[] = [];
    let end = lineEnd + 2;
    for (let i = 0; i < count; i++) {
      const item = parseReply(buffer, end, bulk);
      if (item === null) return null;
      items.push(item.value);
      end = item.end;
    }
    return { value: items, end };
  }
  return { value: new Error(`unexpected Redis reply: ${line.slice(0, 80)}`), end: lineEnd + 2 };
}
