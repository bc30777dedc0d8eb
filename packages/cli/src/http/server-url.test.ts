import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseServerUrl } from "./server-url.ts";

test("reads a Unix socket URL as an absolute socket path", () => {
  assert.deepEqual(parseServerUrl("unix:///var/lib/hop3/hop3.sock"), { kind: "unix", socketPath: "/var/lib/hop3/hop3.sock", display: "unix:///var/lib/hop3/hop3.sock" });
});

test("reads an HTTP URL with port and path prefix, and hides credentials from display", () => {
  const target = parseServerUrl("https://me:pw@hop3.example.com:8443/api/");
  assert.deepEqual(target, { kind: "tcp", protocol: "https:", hostname: "hop3.example.com", port: 8443, basePath: "/api", display: "https://hop3.example.com:8443/api" });
});

test("rejects URLs that name no server, citing where they came from", () => {
  for (const url of ["localhost:8000", "ftp://x", "unix://relative/path.sock", ""]) {
    assert.throws(() => parseServerUrl(url, "/home/u/.config/hop3/config.json"), (error: unknown) => {
      return error instanceof Hop3Error && error.code === "CLI_NOT_CONFIGURED" && error.message.includes("config.json");
    });
  }
});
