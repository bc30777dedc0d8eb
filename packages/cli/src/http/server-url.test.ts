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

test("reads an SSH URL as the account and host that commands run on", () => {
  assert.deepEqual(parseServerUrl("ssh://hop3@myserver.example.org"), { kind: "ssh", user: "hop3", host: "myserver.example.org", port: undefined, display: "ssh://hop3@myserver.example.org" });
  assert.deepEqual(parseServerUrl("ssh://git@127.0.0.1:2222/"), { kind: "ssh", user: "git", host: "127.0.0.1", port: 2222, display: "ssh://git@127.0.0.1:2222" });
  for (const url of ["ssh://myserver", "ssh://-oProxyCommand=x@host", "ssh://hop3@host/app", "ssh://hop3:pw@host"]) {
    assert.throws(() => parseServerUrl(url), (error: unknown) => error instanceof Hop3Error && error.code === "CLI_NOT_CONFIGURED", url);
  }
});
