import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { CaddyAdminError } from "./admin-client.ts";
import { CaddyProcess, CaddyStartError } from "./caddy-process.ts";
import { renderCaddyConfig } from "./render.ts";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const root = await mkdtemp(join(tmpdir(), "hop3-caddyp-"));
const started: CaddyProcess[] = [];

function caddy(name: string, httpPort: number, binary = "/usr/bin/caddy"): CaddyProcess {
  const proc = new CaddyProcess({ stateDir: join(root, name), httpPort, binary, startTimeoutMs: 5_000 });
  started.push(proc);
  return proc;
}

after(async () => {
  for (const proc of started) await proc.stop();
  await rm(root, { recursive: true, force: true });
});

void test("starts Caddy with its log and pid record in the state dir, and its admin socket and data in its own home below it", async () => {
  const proc = caddy("own", await freePort());
  await proc.start();
  assert.equal(proc.isRunning(), true);
  assert.ok((await stat(proc.adminSocket)).isSocket());
  const config = (await proc.admin.getConfig()) as { admin: { listen: string } };
  assert.equal(config.admin.listen, `unix/${proc.adminSocket}`);
  assert.deepEqual((await readdir(join(root, "own"))).sort(), ["caddy", "caddy.log", "caddy.pid.json"]);
  assert.equal(proc.homeDir, join(root, "own", "caddy"));
  assert.equal((await stat(proc.homeDir)).mode & 0o777, 0o700);
  // Caddy's HOME and XDG directories point to its home, which is where anything else it writes lands.
  const home = await readdir(proc.homeDir);
  assert.ok(home.includes("admin.sock"), home.join(", "));
  assert.deepEqual(home.filter((name) => ![".step", "admin.sock", "config", "data"].includes(name)), []);
  await proc.stop();
  assert.equal(proc.isRunning(), false);
});

void test("reports Caddy's reason when it rejects a config, and keeps running the previous one", async () => {
  const proc = caddy("reject", await freePort());
  await proc.start();
  // Keep the admin block: a config without it would move the admin API to TCP port 2019.
  const valid = renderCaddyConfig({ routes: [], httpPort: 1, adminSocket: proc.adminSocket });
  const invalid = { ...valid, apps: { http: { servers: { hop3: { ...valid.apps.http.servers.hop3, listen: ["not-a-port:xyz"] } } } } };
  await assert.rejects(proc.admin.load(invalid), (error: unknown) => {
    assert.ok(error instanceof CaddyAdminError);
    assert.equal(error.status, 400);
    assert.match(error.body, /"error"/);
    assert.match(error.message, /^Caddy admin API POST \/load failed \(400\): .*not-a-port/);
    return true;
  });
  assert.equal(proc.isRunning(), true);
  assert.notEqual(await proc.admin.getConfig(), null);
  await proc.stop();
});

void test("fails to start with the end of Caddy's log when the HTTP port is taken", async () => {
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, resolve));
  try {
    const proc = caddy("busy", (squatter.address() as AddressInfo).port);
    await assert.rejects(proc.start(), (error: unknown) => {
      assert.ok(error instanceof CaddyStartError);
      assert.match(error.message, /^Caddy exited \(exit code 1\)/);
      assert.match(error.message, /address already in use/);
      return true;
    });
    assert.equal(proc.isRunning(), false);
  } finally {
    squatter.close();
  }
});

void test("fails to start with a clear error when the caddy binary does not exist", async () => {
  const proc = caddy("missing", await freePort(), "/nonexistent/caddy");
  await assert.rejects(proc.start(), /Caddy could not be started with "\/nonexistent\/caddy": .*ENOENT/);
});

void test("adopts the Caddy an earlier server run left running, and can stop it", async () => {
  const httpPort = await freePort();
  const earlier = caddy("adopt", httpPort);
  await earlier.start();
  earlier.detach();
  const successor = caddy("adopt", httpPort);
  await successor.start();
  assert.equal(successor.isRunning(), true);
  assert.equal(earlier.isRunning(), true, "the same Caddy process keeps running");
  assert.ok(await successor.admin.getConfig());
  await successor.stop();
  assert.equal(successor.isRunning(), false);
  for (let i = 0; i < 100 && earlier.isRunning(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(earlier.state, "exited");
});

void test("replaces an unknown Caddy answering in the same state dir (no pid record), and its owner notices it exited", async () => {
  const httpPort = await freePort();
  const orphan = caddy("shared", httpPort);
  await orphan.start();
  await rm(join(root, "shared", "caddy.pid.json"));
  const successor = caddy("shared", httpPort);
  await successor.start();
  assert.equal(successor.isRunning(), true);
  assert.equal(orphan.isRunning(), false);
  assert.equal(orphan.state, "exited");
  await successor.stop();
});
