import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { serverUsage } from "./server-usage.ts";

const launcher = fileURLToPath(new URL("../bin/hop3-server", import.meta.url));
const run = (args: string[]) => promisify(execFile)(launcher, args, { env: { PATH: process.env.PATH, HOP3_NODE: process.execPath } });

test("hop3-server --version prints the version of its package.json", async () => {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  assert.equal((await run(["--version"])).stdout, `${version}\n`);
});

test("hop3-server --help prints the usage with every setting", async () => {
  assert.equal((await run(["--help"])).stdout, `${serverUsage()}\n`);
});
