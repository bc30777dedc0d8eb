import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { phpServerCommand, staticServerCommand } from "./web-server-command.ts";

// The static site's web process, run for real (Caddy from the command line, config on stdin).

let dir = "";
let port = 0;
let server: ChildProcess;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 0;
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" });
  return { status: response.status, body: await response.text() };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "hop3-web-server-"));
  const site = join(dir, "it's public");
  await mkdir(join(site, ".git"), { recursive: true });
  await writeFile(join(site, "index.html"), "<p>static home</p>\n");
  await writeFile(join(site, "about.txt"), "about us\n");
  await writeFile(join(site, ".env"), "SECRET=hunter2\n");
  await writeFile(join(site, ".git", "config"), "[core]\n");
  for (const name of ["Procfile", "hop3.toml", "ENV"]) await writeFile(join(site, name), "SECRET=hunter2\n");
  port = await freePort();
  server = spawn("/bin/sh", ["-c", staticServerCommand(site)], { env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", PORT: String(port), HOME: dir }, stdio: "ignore", detached: true });
  for (let i = 0; i < 200; i++) {
    if (await get("/").then(() => true, () => false)) return;
    await sleep(50);
  }
  throw new Error("the static web process did not answer");
});

after(async () => {
  if (server.pid !== undefined) process.kill(-server.pid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

void test("serves a static site's files from a root whose path needs quoting", async () => {
  assert.deepEqual(await get("/"), { status: 200, body: "<p>static home</p>\n" });
  assert.equal((await get("/about.txt")).body, "about us\n");
});

void test("never serves dotfiles or Hop3's config files", async () => {
  for (const path of ["/.env", "/.git/config", "/.git/", "/Procfile", "/hop3.toml", "/ENV"]) {
    const answer = await get(path);
    assert.equal(answer.status, 404, path);
    assert.doesNotMatch(answer.body, /hunter2|core/, path);
  }
});

void test("lists no directory", async () => {
  await mkdir(join(dir, "it's public", "assets"));
  const answer = await get("/assets/");
  assert.equal(answer.status, 404);
});

void test("runs PHP-FPM on a socket named after the instance's port, and ends the instance when PHP-FPM ends", () => {
  const command = phpServerCommand({ docRoot: "/srv/app/public", fpmCommand: "php-fpm --nodaemonize", socketDir: "/srv/app/.hop3/php" });
  assert.ok(command.startsWith(`HOP3_FPM_SOCKET=/srv/app/.hop3/php/fpm-"$PORT".sock; export HOP3_FPM_SOCKET; { php-fpm --nodaemonize; kill 0; } & `), command);
});
