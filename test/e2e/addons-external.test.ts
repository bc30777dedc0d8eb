import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AddonInfo, AddonList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { PostgresServerFixture } from "./support/postgres-server-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

/**
 * postgres addons on an external PostgreSQL server (`addons-postgres-url`, ADR 69): a cluster of
 * its own on a loopback TCP port with password authentication, Hop3's admin a CREATEROLE role,
 * not a superuser. One server, one deployed app; then the same app renamed and cloned
 * (attachments follow a rename; a clone gets its own addons with a copy of the data).
 */
describe("addons on an external PostgreSQL server; apps:rename and apps:clone with addons", () => {
  let pg: PostgresServerFixture;
  let hop3: Hop3Fixture;
  const ok = async (args: string[]) => {
    const result = await hop3.cli(args);
    assert.equal(result.code, 0, `hop3 ${args.join(" ")}: ${result.stdout}${result.stderr}`);
    return result;
  };
  const info = async (name: string, secrets = true) => JSON.parse((await ok(["addons:info", name, ...(secrets ? ["--show-secrets"] : []), "--json"])).stdout) as AddonInfo;
  const list = async () => JSON.parse((await ok(["addons", "--json"])).stdout) as AddonList;

  before(async () => {
    pg = await PostgresServerFixture.start();
    hop3 = await Hop3Fixture.start({ env: { HOP3_ADDONS_POSTGRES_URL: pg.url } });
    await ok(["apps:create", "ext-app"]);
    await ok(["addons:create", "postgres", "ext-db"]);
    await ok(["addons:attach", "ext-db", "ext-app"]);
    await ok(["deploy", "--app", "ext-app", copySample("addons-app")]);
  });
  after(async () => {
    await hop3?.close();
    await pg?.stop();
  });

  test("the addon is a database on the external server: the app writes and reads it, and its build queried it", async () => {
    assert.equal((await hop3.viaProxy("ext-app", "/build")).body, "build saw ext-db");
    assert.equal((await hop3.viaProxy("ext-app", "/pg/write?v=ext-row")).status, 200);
    assert.equal((await hop3.viaProxy("ext-app", "/pg/read")).body, "ext-row");
    // The row is on the external server, in the addon's database, owned by the addon's role.
    assert.equal(await pg.sql("SELECT v FROM kv", "ext-db"), "ext-row");
    assert.equal(await pg.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'kv'", "ext-db"), "addon_ext-db");
    const addon = (await list()).addons.find((a) => a.name === "ext-db");
    assert.deepEqual([addon?.type, addon?.status, addon?.attachments.map((a) => a.app)], ["postgres", "running", ["ext-app"]]);
    assert.match(addon?.version ?? "", /^15\./);
    const env = (await info("ext-db")).connections[0]?.env ?? {};
    assert.equal(env.PGHOST, "127.0.0.1");
    assert.equal(env.PGPORT, String(pg.port));
    assert.match(env.DATABASE_URL ?? "", new RegExp(`^postgresql://ext-db_[a-z0-9_-]+:[0-9a-f]{48}@127\\.0\\.0\\.1:${pg.port}/ext-db$`));
    // A password, not a Unix identity: hidden unless asked.
    const hidden = (await info("ext-db", false)).connections[0]?.env ?? {};
    assert.equal(hidden.DATABASE_URL, "********");
    assert.equal(hidden.PGPASSWORD, "********");
    assert.equal(hidden.PGUSER, env.PGUSER);
  });

  test("the app's role reaches its own database only; the admin's and the roles' passwords are in no log or state file", async () => {
    await ok(["addons:create", "postgres", "ext-other"]);
    const env = (await info("ext-db")).connections[0]?.env ?? {};
    const other = await hop3.cli(["run", "ext-app", "--", "psql", "-X", "-d", "ext-other", "-c", "SELECT 1"]);
    assert.notEqual(other.code, 0, "the app's role connected to another addon's database");
    assert.match(other.stdout + other.stderr, /permission denied for database/);
    // Every statement was logged by the external server (log_statement=all): passwords went as SCRAM verifiers.
    for (const secret of [pg.adminPassword, env.PGPASSWORD ?? "unset"]) {
      assert.ok(!pg.log().includes(secret), "a password is in the external server's statement log");
      const leaked = filesUnder(hop3.home).find((file) => readOrEmpty(file).includes(secret));
      assert.equal(leaked, undefined, `a password is in ${leaked}`);
    }
    await ok(["addons:destroy", "ext-other", "--yes"]);
    assert.equal(await pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'ext-other'"), "0");
  });

  test("a renamed app keeps its attachments; a clone gets its own addon with a copy of the data", async () => {
    await ok(["apps:rename", "ext-app", "ext-renamed"]);
    assert.equal((await hop3.viaProxy("ext-renamed", "/pg/read")).body, "ext-row");
    assert.deepEqual((await info("ext-db")).connections.map((c) => c.app), ["ext-renamed"]);
    const cloned = await ok(["apps:clone", "ext-renamed", "ext-clone"]);
    assert.match(cloned.stdout, /ext-clone-ext-db/);
    assert.deepEqual((await info("ext-clone-ext-db")).connections.map((c) => c.app), ["ext-clone"]);
    assert.deepEqual((await info("ext-db")).connections.map((c) => c.app), ["ext-renamed"]);
    assert.equal((await hop3.viaProxy("ext-clone", "/build")).body, "build saw ext-clone-ext-db");
    assert.equal((await hop3.viaProxy("ext-clone", "/pg/read")).body, "ext-row");
    // The clone writes to its copy only.
    assert.equal((await hop3.viaProxy("ext-clone", "/pg/write?v=clone-row")).status, 200);
    assert.equal((await hop3.viaProxy("ext-clone", "/pg/read")).body, "clone-row");
    assert.equal((await hop3.viaProxy("ext-renamed", "/pg/read")).body, "ext-row");
    // Detached, the role is gone from the external server.
    const role = (await info("ext-clone-ext-db")).connections[0]?.env.PGUSER ?? "";
    await ok(["addons:detach", "ext-clone-ext-db", "ext-clone"]);
    assert.equal(await pg.sql(`SELECT count(*) FROM pg_roles WHERE rolname = '${role}'`), "0");
  });
});

/** The regular files under `dir` (the state root), skipping sockets and what goes while it is listed. */
function filesUnder(dir: string): string[] {
  const files: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** A file's bytes, or none when it went (a run file removed between listing and reading). */
function readOrEmpty(file: string): Buffer {
  try {
    return statSync(file).size < 50_000_000 ? readFileSync(file) : Buffer.alloc(0);
  } catch {
    return Buffer.alloc(0);
  }
}
