import { createHash, createHmac } from "node:crypto";

/** An S3 key pair and the region it signs for. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

export interface UnsignedRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names; `host` is added. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * AWS Signature Version 4 for S3 (header form, payload hashed): the few lines Hop3 needs to
 * talk to versitygw as its root or admin (ADR 51), rather than an SDK dependency.
 */
export function signV4(request: UnsignedRequest, credentials: S3Credentials, now: Date = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(request.body);
  const headers: Record<string, string> = { host: request.url.host, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate, ...request.headers };
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, " ")]));
  const signedHeaders = names.join(";");
  const canonical = [
    request.method,
    request.url.pathname.split("/").map((segment) => encode(decodeURIComponent(segment))).join("/"),
    [...request.url.searchParams.entries()].map(([key, value]) => [encode(key), encode(value)]).sort(([a, x], [b, y]) => (a === b ? compare(x ?? "", y ?? "") : compare(a ?? "", b ?? ""))).map(([key, value]) => `${key}=${value}`).join("&"),
    names.map((name) => `${name}:${lower[name]}\n`).join(""),
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(Buffer.from(canonical))].join("\n");
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [credentials.region, "s3", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

/** The path of an object, encoded as SigV4 signs it (path-style: /BUCKET/KEY). */
export function objectPath(bucket: string, key: string): string {
  return `/${encode(bucket)}/${key.split("/").map(encode).join("/")}`;
}

/** RFC 3986 percent-encoding, as SigV4 wants it (unreserved characters left alone). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
