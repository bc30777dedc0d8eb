import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AddonInfo, AddonList } from "@hop3/contract";
import { Hop3Fixture } from "./support/hop3-fixture.ts";
import { PostgresServerFixture } from "./support/postgres-server-fixture.ts";
import { MariadbServerFixture } from "./support/mariadb-server-fixture.ts";
import { RedisServerFixture } from "./support/redis-server-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

/**
 * postgres addons on an external PostgreSQL server (`addons-postgres-url`, ADR 69): a cluster of
 * its own on a loopback TCP port with password authentication, Hop3's admin a CREATEROLE role,
 * not a superuser; mysql and redis addons on an external MariaDB and Redis (ADR 77). One Hop3
 * server, one deployed app; then the same app renamed and cloned (attachments follow a rename;
 * a clone gets its own addons with a copy of the data).
 */
describe("addons on external PostgreSQL, MariaDB and Redis servers; apps:rename and apps:clone with addons", () => {
  let pg: PostgresServerFixture;
  let my: MariadbServerFixture;
  let redis: RedisServerFixture;
  let hop3: Hop3Fixture;
  const ok = async (args: string[]) => {
    const result = await hop3.cli(args);
    assert.equal(result.code, 0, `hop3 ${args.join(" ")}: ${result.stdout}${result.stderr}`);
    return result;
  };
  const info = async (name: string, secrets = true) => JSON.parse((await ok(["addons:info", name, ...(secrets ? ["--show-secrets"] : []), "--json"])).stdout) as AddonInfo;
  const list = async () => JSON.parse((await ok(["addons", "--json"])).stdout) as AddonList;

  before(async () => {
    [pg, my, redis] = await Promise.all([PostgresServerFixture.start(), MariadbServerFixture.start(), RedisServerFixture.start()]);
    hop3 = await Hop3Fixture.start({ env: { HOP3_ADDONS_POSTGRES_URL: pg.url, HOP3_ADDONS_MYSQL_URL: my.url, HOP3_ADDONS_REDIS_URL: redis.url } });
    await ok(["apps:create", "ext-app"]);
    await ok(["addons:create", "postgres", "ext-db"]);
    await ok(["addons:attach", "ext-db", "ext-app"]);
    await ok(["addons:create", "mysql", "ext-my"]);
    await ok(["addons:attach", "ext-my", "ext-app", "--as", "MY"]);
    await ok(["addons:create", "redis", "ext-cache"]);
    await ok(["addons:attach", "ext-cache", "ext-app"]);
    await ok(["deploy", "--app", "ext-app", copySample("addons-app")]);
  });
  after(async () => {
    await hop3?.close();
    await Promise.all([pg?.stop(), my?.stop(), redis?.stop()]);
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

  test("a mysql addon is a database on the external MariaDB, reached with the attachment's own password; another addon's database is refused", async () => {
    assert.equal((await hop3.viaProxy("ext-app", "/mysql/write?v=my-row")).status, 200);
    assert.equal((await hop3.viaProxy("ext-app", "/mysql/read")).body, "my-row");
    assert.equal(await my.sql("SELECT v FROM `ext-my`.kv"), "my-row");
    const env = (await info("ext-my")).connections[0]?.env ?? {};
    // Attached with --as MY (DATABASE_URL is the postgres addon's).
    assert.deepEqual([env.MY_MYSQL_HOST, env.MY_MYSQL_TCP_PORT, env.MY_MYSQL_DATABASE], ["127.0.0.1", String(my.port), "ext-my"]);
    assert.match(env.MY_MYSQL_URL ?? "", new RegExp(`^mysql://ext-my_[a-z0-9_-]+:[0-9a-f]{48}@127\\.0\\.0\\.1:${my.port}/ext-my$`));
    const hidden = (await info("ext-my", false)).connections[0]?.env ?? {};
    assert.deepEqual([hidden.MY_MYSQL_PWD, hidden.MY_MYSQL_URL], ["********", "********"]);
    // The attack: app A's user and password, another addon's database.
    await ok(["addons:create", "mysql", "ext-my-b"]);
    await my.sql("CREATE TABLE `ext-my-b`.t (v TEXT); INSERT INTO `ext-my-b`.t VALUES ('b-secret')");
    const client = "MYSQL_PWD=$MY_MYSQL_PWD mariadb --no-defaults --batch --skip-column-names -h $MY_MYSQL_HOST -P $MY_MYSQL_TCP_PORT -u $MY_MYSQL_USER";
    const other = await hop3.cli(["run", "ext-app", "--", "sh", "-c", `${client} ext-my-b -e 'SELECT v FROM t'; ${client} -e 'SELECT v FROM \`ext-my-b\`.t'; ${client} -e 'SHOW DATABASES'`]);
    assert.ok(!other.stdout.includes("b-secret"), "app A read another addon's database");
    assert.match(other.stdout + other.stderr, /Access denied for user/);
    assert.deepEqual(other.stdout.trim().split("\n").sort(), ["ext-my", "information_schema"], "SHOW DATABASES lists more than the app's own");
    for (const secret of [my.adminPassword, env.MY_MYSQL_PWD ?? "unset"]) {
      assert.ok(!my.log().includes(secret), "a password is in the external MariaDB's general log");
      assert.equal(filesUnder(hop3.home).find((file) => readOrEmpty(file).includes(secret)), undefined, "a password is in the state root");
    }
    await ok(["addons:destroy", "ext-my-b", "--yes"]);
    assert.equal(await my.sql("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'ext-my-b'"), "0");
  });

  test("a redis addon is a key prefix on the external Redis: the app's ACL user reaches its own keys only, and commands past key patterns are refused", async () => {
    assert.equal((await hop3.viaProxy("ext-app", "/redis/write?v=r-row")).status, 200);
    assert.equal((await hop3.viaProxy("ext-app", "/redis/read")).body, "r-row");
    assert.equal(await redis.command("GET", "ext-cache:k"), "r-row");
    const env = (await info("ext-cache")).connections[0]?.env ?? {};
    assert.deepEqual([env.REDIS_HOST, env.REDIS_PORT, env.REDIS_KEY_PREFIX], ["127.0.0.1", String(redis.port), "ext-cache:"]);
    assert.equal((await info("ext-cache", false)).connections[0]?.env.REDIS_PASSWORD, "********");
    // The attack: app A's ACL user against another addon's keys and the whole server.
    await ok(["addons:create", "redis", "ext-cache-b"]);
    await redis.command("SET", "ext-cache-b:secret", "b-secret");
    await redis.command("SET", "unrelated:key", "kept");
    const attacks = ["GET ext-cache-b:secret", "SET ext-cache-b:secret mine", "KEYS '*'", "SCAN 0", "RANDOMKEY", "FLUSHALL", "FLUSHDB", "SELECT 1", "SWAPDB 0 1", "MOVE ext-cache:k 1", "CONFIG GET '*'", "CONFIG SET maxmemory 1", "ACL LIST", "CLIENT LIST", "PUBSUB CHANNELS", "FUNCTION FLUSH", "SCRIPT FLUSH", "SLOWLOG GET", "PUBLISH ext-cache-b:chan x"];
    const cli = "REDISCLI_AUTH=$REDIS_PASSWORD redis-cli --no-auth-warning -h $REDIS_HOST -p $REDIS_PORT --user $REDIS_USER";
    const script = ["EVAL \"return redis.call('GET', 'ext-cache-b:secret')\" 0", ...attacks, "SET ext-cache:own yes"].map((command) => `echo "== ${command.replace(/"/g, "")}"; ${cli} ${command}`).join("; ");
    const run = await hop3.cli(["run", "ext-app", "--", "sh", "-c", script]);
    const answers = run.stdout.split("== ").filter(Boolean);
    assert.equal(answers.length, attacks.length + 2, run.stdout + run.stderr);
    for (const answer of answers.slice(0, -1)) assert.match(answer, /NOPERM|no permissions|can't access/i, `not refused: ${answer}`);
    assert.match(answers.at(-1) ?? "", /OK/, "the app's own prefix was refused");
    assert.ok(!run.stdout.includes("b-secret"));
    assert.deepEqual([await redis.command("GET", "ext-cache-b:secret"), await redis.command("GET", "unrelated:key"), await redis.command("GET", "ext-cache:k")], ["b-secret", "kept", "r-row"]);
    const kept = await redis.kept();
    for (const secret of [redis.adminPassword, env.REDIS_PASSWORD ?? "unset"]) {
      assert.ok(!kept.includes(secret), "a password is in the external Redis's log or slow log");
      assert.equal(filesUnder(hop3.home).find((file) => readOrEmpty(file).includes(secret)), undefined, "a password is in the state root");
    }
    await ok(["addons:destroy", "ext-cache-b", "--yes"]);
    assert.deepEqual([await redis.command("EXISTS", "ext-cache-b:secret"), await redis.command("GET", "unrelated:key")], [0, "kept"]);
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
    // The external MariaDB and Redis addons were copied too (the Redis keys under the copy's prefix).
    assert.equal((await hop3.viaProxy("ext-clone", "/mysql/read")).body, "my-row");
    assert.equal((await hop3.viaProxy("ext-clone", "/redis/read")).body, "r-row");
    assert.equal(await redis.command("GET", "ext-clone-ext-cache:k"), "r-row");
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
