import assert from "node:assert/strict";
import { test } from "node:test";
import { headersDownloadFailed, missingDebianPackages } from "./native-hint.ts";

void test("maps a missing header in node-gyp output to the Debian package that provides it", () => {
  const output = [
    "gyp info spawn make",
    "../src/binding.cc:3:10: fatal error: ffi.h: No such file or directory",
    "gyp ERR! build error",
  ];
  assert.deepEqual(missingDebianPackages(output), ["libffi-dev"]);
  assert.deepEqual(missingDebianPackages(["../deps/x.c:1:10: fatal error: sqlite3.h: No such file or directory"]), ["libsqlite3-dev"]);
  assert.deepEqual(missingDebianPackages(["src/crypto.cc:2:10: fatal error: openssl/ssl.h: No such file or directory"]), ["libssl-dev"]);
});

void test("names the tools node-gyp needs when they are missing", () => {
  assert.deepEqual(missingDebianPackages(["gyp ERR! find Python Python is not set from command line or npm configuration"]), ["python3"]);
  assert.deepEqual(missingDebianPackages(["gyp ERR! stack Error: not found: make"]), ["make"]);
});

void test("lists each package once, in the order the output names them", () => {
  const output = ["fatal error: cairo.h: No such file or directory", "fatal error: zlib.h: No such file or directory", "fatal error: cairo.h: No such file or directory"];
  assert.deepEqual(missingDebianPackages(output), ["libcairo2-dev", "zlib1g-dev"]);
});

void test("gives nothing for failures that are not about native builds", () => {
  assert.deepEqual(missingDebianPackages(["npm ERR! 404 Not Found - GET https://registry.npmjs.org/nope", "ERR_PNPM_OUTDATED_LOCKFILE"]), []);
});

void test("a node-gyp failure after a headers download is told apart from a missing library", () => {
  const lines = ["gyp http GET https://nodejs.org/download/release/v20.20.2/node-v20.20.2-headers.tar.gz", "gyp ERR! configure error", "gyp ERR! stack Error: This is most likely not a problem with node-gyp"];
  assert.equal(headersDownloadFailed(lines), true);
  assert.equal(headersDownloadFailed(["gyp info using nodedir /usr", "gyp ERR! build error", "fatal error: sqlite3.h: No such file or directory"]), false);
});
