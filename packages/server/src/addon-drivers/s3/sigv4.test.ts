import { test } from "node:test";
import assert from "node:assert/strict";
import { signV4 } from "./sigv4.ts";

// The "GET Object" example of AWS's SigV4 documentation for S3 (header-based authentication).
test("signV4 gives AWS's documented signature for its GET Object example", () => {
  const headers = signV4(
    { method: "GET", url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"), headers: { range: "bytes=0-9" }, body: new Uint8Array() },
    { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" },
    new Date("2013-05-24T00:00:00Z"),
  );
  assert.equal(
    headers.authorization,
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
  );
});

test("signV4 signs query parameters sorted and encoded: another order gives the same signature", () => {
  const sign = (url: string) => signV4({ method: "GET", url: new URL(url), headers: {}, body: new Uint8Array() }, { accessKeyId: "A", secretAccessKey: "S", region: "us-east-1" }, new Date("2026-01-01T00:00:00Z")).authorization;
  assert.equal(sign("http://127.0.0.1:9000/b?list-type=2&prefix=a%20b"), sign("http://127.0.0.1:9000/b?prefix=a%20b&list-type=2"));
  assert.notEqual(sign("http://127.0.0.1:9000/b?prefix=a"), sign("http://127.0.0.1:9000/b?prefix=b"));
});
