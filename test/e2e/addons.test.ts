import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddonInfo, AddonList, AddonUpgraded } from "@hop3/contract";
import { Hop3Fixture, httpGet, repoRoot } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";

/**
 * Addons with real engines (PostgreSQL 15, MariaDB 10.11, Redis 7 from Debian, versitygw for S3), one server and one engine of
 * each kind for the whole file: attach, build-time access, values kept across a redeploy and
 * a server restart, isolation between apps attacked from inside app B, and bad input.
 */
describe("addons: PostgreSQL, MariaDB, Redis and S3 attached to apps", () => {
  let hop3: Hop3Fixture;
  /** The engines' own account of a refusal (which Unix account PostgreSQL saw), for a failure's message. */
  const engineLogs = () =>
    ["postgres.log", "mariadb.log"].map((name) => `--- ${name}\n${(() => {
      try {
        return readFileSync(join(hop3.home, "logs", "addons", name), "utf8").split("\n").slice(-12).join("\n");
      } catch {
        return "(none)";
      }
    })()}`).join("\n");
  const ok = async (args: string[]) => {
    const result = await hop3.cli(args);
    assert.equal(result.code, 0, `hop3 ${args.join(" ")}: ${result.stdout}${result.stderr}\n${result.code === 0 ? "" : engineLogs()}`);
    return result;
  };
  const info = async (name: string) => JSON.parse((await ok(["addons:info", name, "--show-secrets", "--json"])).stdout) as AddonInfo;
  const list = async () => JSON.parse((await ok(["addons", "--json"])).stdout) as AddonList;
  /** Runs a command inside app B's sandbox, as app B, with its run context. */
  const asB = (command: string[], env: Record<string, string> = {}) => hop3.cli(["run", "app-b", "--", "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command]);

  before(async () => {
    hop3 = await Hop3Fixture.start();
    await ok(["apps:create", "app-a"]);
    await ok(["apps:create", "app-b"]);
    await ok(["addons:create", "postgres", "db-a"]);
    await ok(["addons:create", "redis", "cache-a"]);
    await ok(["addons:create", "postgres", "db-b"]);
    await ok(["addons:create", "redis", "cache-b"]);
    await ok(["addons:create", "mysql", "my-a"]);
    await ok(["addons:create", "mysql", "my-b"]);
    await ok(["addons:create", "s3", "s3-a"]);
    await ok(["addons:create", "s3", "s3-b"]);
    await ok(["addons:attach", "s3-a", "app-a"]);
    await ok(["addons:attach", "s3-b", "app-b"]);
    for (const [addon, app] of [["db-a", "app-a"], ["cache-a", "app-a"], ["db-b", "app-b"], ["cache-b", "app-b"]] as const) await ok(["addons:attach", addon, app]);
    // DATABASE_URL is db-a's: a second database gets a prefix (here asked for).
    await ok(["addons:attach", "my-a", "app-a", "--as", "MY"]);
    await ok(["addons:attach", "my-b", "app-b", "--as", "MY"]);
    await ok(["deploy", "--app", "app-a", copySample("addons-app")]);
    await ok(["deploy", "--app", "app-b", copySample("addons-app")]);
  });
  after(async () => {
    await hop3?.close();
  });

  test("hop3 addons lists each addon with its type, version, status and attached app", async () => {
    const { addons } = await list();
    assert.deepEqual(addons.map((a) => [a.name, a.type, a.status, a.attachments.map((t) => t.app)]), [
      ["cache-a", "redis", "running", ["app-a"]],
      ["cache-b", "redis", "running", ["app-b"]],
      ["db-a", "postgres", "running", ["app-a"]],
      ["db-b", "postgres", "running", ["app-b"]],
      ["my-a", "mysql", "running", ["app-a"]],
      ["my-b", "mysql", "running", ["app-b"]],
      ["s3-a", "s3", "running", ["app-a"]],
      ["s3-b", "s3", "running", ["app-b"]],
    ]);
    assert.deepEqual(addons.find((a) => a.name === "s3-a")?.attachments[0]?.variables, ["S3_ENDPOINT", "S3_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL"]);
    assert.deepEqual(addons.find((a) => a.name === "my-a")?.attachments[0]?.variables, ["MY_DATABASE_URL", "MY_MYSQL_URL", "MY_MYSQL_UNIX_PORT", "MY_MYSQL_USER", "MY_MYSQL_DATABASE"]);
    assert.match(addons.find((a) => a.name === "my-a")?.version ?? "", /^10\.11\./);
    assert.match(addons.find((a) => a.name === "db-a")?.version ?? "", /^15\./);
    assert.match(addons.find((a) => a.name === "cache-a")?.version ?? "", /^7\./);
    const text = await ok(["addons"]);
    assert.match(text.stdout, /db-a\s+postgres\s+15\.\S+\s+running/);
  });

  test("the build step queried the database: DATABASE_URL is there at build time", async () => {
    assert.equal((await hop3.viaProxy("app-a", "/build")).body, "build saw db-a");
    assert.equal((await hop3.viaProxy("app-a", "/build/s3")).body, "build saw bucket s3-a");
  });

  test("the app writes then reads a row, a key and an object; they survive a redeploy and a server restart", async () => {
    assert.equal((await hop3.viaProxy("app-a", "/pg/write?v=kept-row")).status, 200);
    assert.equal((await hop3.viaProxy("app-a", "/redis/write?v=kept-key")).status, 200);
    const wrote = await hop3.viaProxy("app-a", "/mysql/write?v=kept-mysql");
    assert.equal(wrote.status, 200, wrote.body);
    const put = await hop3.viaProxy("app-a", "/s3/write?v=kept-object");
    assert.equal(put.status, 200, put.body);
    assert.equal((await hop3.viaProxy("app-a", "/pg/read")).body, "kept-row");
    assert.equal((await hop3.viaProxy("app-a", "/redis/read")).body, "kept-key");
    assert.equal((await hop3.viaProxy("app-a", "/mysql/read")).body, "kept-mysql");
    assert.equal((await hop3.viaProxy("app-a", "/s3/read")).body, "kept-object");
    await ok(["deploy", "--app", "app-a", copySample("addons-app")]);
    assert.equal((await hop3.viaProxy("app-a", "/pg/read")).body, "kept-row");
    assert.equal((await hop3.viaProxy("app-a", "/redis/read")).body, "kept-key");
    assert.equal((await hop3.viaProxy("app-a", "/mysql/read")).body, "kept-mysql");
    assert.equal((await hop3.viaProxy("app-a", "/s3/read")).body, "kept-object");
    await hop3.stopServer("SIGKILL");
    await hop3.startServer();
    assert.equal((await hop3.viaProxy("app-a", "/pg/read")).body, "kept-row");
    assert.equal((await hop3.viaProxy("app-a", "/redis/read")).body, "kept-key");
    assert.equal((await hop3.viaProxy("app-a", "/mysql/read")).body, "kept-mysql");
    assert.equal((await hop3.viaProxy("app-a", "/s3/read")).body, "kept-object");
    assert.deepEqual((await list()).addons.map((a) => a.status), ["running", "running", "running", "running", "running", "running", "running", "running"]);
  });

  test("app B cannot reach app A's database or keys with anything it can see, nor with A's URL", async () => {
    const a = await info("db-a");
    const b = await info("db-b");
    const aUrl = a.connections[0]?.env.DATABASE_URL ?? "";
    const bEnv = b.connections[0]?.env ?? {};
    assert.match(aUrl, /^postgresql:\/\//);
    // A's own URL, leaked to B: peer authentication maps B's account to B's role only.
    const leaked = await asB(["psql", aUrl, "-X", "-c", "SELECT v FROM kv"]);
    assert.notEqual(leaked.code, 0);
    assert.match(leaked.stdout + leaked.stderr, /Peer authentication failed|does not match|no pg_ident/i);
    // B's own role on A's database: no CONNECT on it.
    const ownRole = await asB(["psql", "-X", "-h", bEnv.PGHOST ?? "", "-U", bEnv.PGUSER ?? "", "-d", "db-a", "-c", "SELECT 1"]);
    assert.notEqual(ownRole.code, 0);
    assert.match(ownRole.stdout + ownRole.stderr, /permission denied for database "db-a"/);
    // Hop3's admin role.
    const asAdmin = await asB(["psql", "-X", "-h", bEnv.PGHOST ?? "", "-U", "hop3_admin", "-d", "postgres", "-c", "SELECT 1"]);
    assert.notEqual(asAdmin.code, 0);
    // B's own database works from the same sandbox: the refusals above are not a broken setup.
    const own = await asB(["psql", "-X", "-A", "-t", "-c", "SELECT current_database()"]);
    assert.equal(own.stdout.trim(), "db-b", own.stderr);

    const cacheA = await info("cache-a");
    const cacheB = (await info("cache-b")).connections[0]?.env ?? {};
    const socketA = cacheA.connections[0]?.env.REDIS_SOCKET ?? "";
    for (const attempt of [
      ["redis-cli", "-s", socketA, "GET", "k"],
      ["redis-cli", "--no-auth-warning", "-s", socketA, "--user", cacheB.REDIS_USER ?? "", "--pass", cacheB.REDIS_PASSWORD ?? "", "GET", "k"],
      ["redis-cli", "--no-auth-warning", "-s", socketA, "--user", "hop3", "--pass", cacheB.REDIS_PASSWORD ?? "", "GET", "k"],
    ]) {
      const tried = await asB(attempt);
      assert.doesNotMatch(tried.stdout, /kept-key/);
      assert.match(tried.stdout + tried.stderr, /NOAUTH|WRONGPASS|invalid username-password/i, `${attempt.join(" ")}: ${JSON.stringify(tried)}`);
    }
    // Nothing of A's is readable on disk from B: the engines' data directories are closed.
    const listing = await asB(["ls", `${socketA.replace(/\/sockets\/.*$/, "")}/postgres`]);
    assert.notEqual(listing.code, 0);
    // MariaDB: A's user (the unix_socket plugin checks the connecting account), then B's own user on A's database.
    const myA = (await info("my-a")).connections[0]?.env ?? {};
    const myB = (await info("my-b")).connections[0]?.env ?? {};
    for (const user of [myA.MY_MYSQL_USER ?? "", myB.MY_MYSQL_USER ?? ""]) {
      const tried = await asB(["mariadb", "--no-defaults", "-S", myA.MY_MYSQL_UNIX_PORT ?? "", "-u", user, "my-a", "-e", "SELECT v FROM kv"]);
      assert.notEqual(tried.code, 0);
      assert.match(tried.stdout + tried.stderr, /Access denied/, JSON.stringify(tried));
    }
    const ownCache = await asB(["redis-cli", "--no-auth-warning", "-s", cacheB.REDIS_SOCKET ?? "", "--user", cacheB.REDIS_USER ?? "", "--pass", cacheB.REDIS_PASSWORD ?? "", "PING"]);
    assert.equal(ownCache.stdout.trim(), "PONG", ownCache.stderr);
  });

  test("app B's S3 key is refused on app A's bucket, for reading and writing; its own bucket works", async () => {
    // The app signs with its own key (AWS_ACCESS_KEY_ID of s3-b) a request for s3-a's object.
    const read = await hop3.viaProxy("app-b", "/s3/read?bucket=s3-a");
    assert.equal(read.status, 502, read.body);
    assert.match(read.body, /S3 answered 403: [\s\S]*<Code>AccessDenied<\/Code>/);
    assert.doesNotMatch(read.body, /kept-object/);
    const write = await hop3.viaProxy("app-b", "/s3/write?bucket=s3-a&v=overwritten");
    assert.match(write.body, /S3 answered 403: [\s\S]*<Code>AccessDenied<\/Code>/);
    assert.equal((await hop3.viaProxy("app-a", "/s3/read")).body, "kept-object");
    const own = await hop3.viaProxy("app-b", "/s3/write?v=b-object");
    assert.equal(own.status, 200, own.body);
    assert.equal((await hop3.viaProxy("app-b", "/s3/read")).body, "b-object");
    // The engine's root key is nowhere in B's environment.
    const env = await asB(["printenv"]);
    assert.doesNotMatch(env.stdout, /H3ROOT/);
  });

  test("secrets are hidden in addons:info unless asked", async () => {
    const shown = await ok(["addons:info", "cache-a"]);
    assert.match(shown.stdout, /REDIS_PASSWORD=\*{8}/);
    assert.doesNotMatch(shown.stdout, /REDIS_URL=unix:\/\/[^*]*:[0-9a-f]{48}@/);
    assert.match((await ok(["addons:info", "s3-a"])).stdout, /AWS_SECRET_ACCESS_KEY=\*{8}/);
  });

  test("addons:connect runs the engine's client as the attached app, fed from a pipe; s3 has none; pg:/mysql:/redis: fix the type", async () => {
    // As the attachment's role (peer authentication of app-a's account), never Hop3's admin role.
    const pgRole = (await info("db-a")).connections[0]?.env.PGUSER ?? "";
    const pg = await hop3.cli(["addons:connect", "db-a"], { input: "\\pset format unaligned\nSELECT 40 + 2 || ' as ' || session_user || '@' || current_database();\n" });
    assert.equal(pg.code, 0, pg.stderr);
    assert.ok(pg.stdout.split("\n").includes(`42 as ${pgRole}@db-a`), pg.stdout);
    const my = await hop3.cli(["mysql:connect", "my-a"], { input: "SELECT CONCAT(6 * 7, ' as ', CURRENT_USER());\n" });
    assert.equal(my.code, 0, my.stderr);
    assert.ok(my.stdout.split("\n").includes(`42 as ${(await info("my-a")).connections[0]?.env.MY_MYSQL_USER ?? "?"}@localhost`), my.stdout);
    const redis = await hop3.cli(["redis:connect", "cache-a"], { input: "PING\nACL WHOAMI\n" });
    assert.equal(redis.code, 0, redis.stderr);
    assert.deepEqual(redis.stdout.trim().split("\n"), ["PONG", (await info("cache-a")).connections[0]?.env.REDIS_USER]);
    const s3 = await hop3.cli(["addons:connect", "s3-a"]);
    assert.equal(s3.code, 1);
    assert.match(s3.stderr, /An s3 addon has no shell to connect to: "s3-a" is a bucket, served over HTTP at http:\/\/127\.0\.0\.1:\d+/);
    const mismatch = await hop3.cli(["pg:info", "cache-a"]);
    assert.match(mismatch.stderr, /The addon "cache-a" is a redis addon, not a postgres one; nothing was done\.[\s\S]*hop3 redis:info cache-a/);
  });

  test("roles on addons: a developer of app A sees, attaches and connects only what A reaches; B's addon and its secrets stay out of reach", async () => {
    const tokens: Record<string, string> = {};
    for (const [user, app, role] of [["dev-a", "app-a", "developer"], ["view-a", "app-a", "viewer"], ["dev-b", "app-b", "developer"]] as const) {
      assert.equal((await hop3.api("/v1/users", "POST", { name: user })).status, 201);
      assert.equal((await hop3.api(`/v1/apps/${app}/access/${user}`, "PUT", { role })).status, 200);
      tokens[user] = (JSON.parse((await hop3.api("/v1/tokens", "POST", { name: `${user}-laptop`, user })).body) as { token: string }).token;
    }
    /** The API as `user`: status, error code and message. */
    const as = async (user: string, path: string, method = "GET", body?: unknown) => {
      const answer = await httpGet({ port: hop3.apiPort, path, method, ...(body === undefined ? {} : { body: JSON.stringify(body) }), headers: { authorization: `Bearer ${tokens[user] ?? ""}`, ...(body === undefined ? {} : { "content-type": "application/json" }) } });
      const error = (JSON.parse(answer.body || "{}") as { error?: { code: string; message: string } }).error;
      return { status: answer.status, code: error?.code ?? "", message: error?.message ?? "", body: answer.body };
    };
    const cli = (user: string, args: string[], input?: string) => hop3.cli(args, { env: { HOP3_TOKEN: tokens[user] ?? "" }, ...(input === undefined ? {} : { input }) });
    const listed = JSON.parse((await cli("dev-a", ["addons", "--json"])).stdout) as AddonList;
    assert.deepEqual(listed.addons.map((a) => a.name), ["cache-a", "db-a", "my-a", "s3-a"], "a developer of app-a lists the addons attached to app-a only");
    const bPassword = (await info("cache-b")).connections[0]?.env.REDIS_PASSWORD ?? "";
    // The attack: B's addon, by every route, answers exactly as an addon that does not exist.
    const routes: [string, string, unknown?][] = [
      ["/v1/addons/ADDON?show-secrets=true", "GET"],
      ["/v1/addons/ADDON/attachments", "POST", { app: "app-a" }],
      ["/v1/addons/ADDON/export", "GET"],
      ["/v1/addons/ADDON/import", "POST"],
      ["/v1/addons/ADDON/connect", "POST"],
      ["/v1/addons/ADDON/attachments/app-a", "DELETE"],
      ["/v1/addons/ADDON?yes=true&force=true", "DELETE"],
    ];
    for (const [path, method, body] of routes) {
      const attack = await as("dev-a", path.replace("ADDON", "cache-b"), method, body);
      const missing = await as("dev-a", path.replace("ADDON", "no-such"), method, body);
      assert.deepEqual([attack.status, attack.code, attack.message], [404, "ADDON_NOT_FOUND", 'There is no addon named "cache-b".'], `${method} ${path}`);
      assert.equal(attack.message.replace("cache-b", "no-such"), missing.message, `${method} ${path} answers as for a missing addon`);
      assert.doesNotMatch(attack.body, new RegExp(bPassword));
    }
    assert.deepEqual(Object.values(await as("dev-a", "/v1/addons/cache-a/attachments", "POST", { app: "app-b" })).slice(0, 3), [404, "APP_NOT_FOUND", 'App "app-b" does not exist.']);
    assert.equal((await as("dev-a", "/v1/addons/cache-b/attachments/app-b", "DELETE")).code, "APP_NOT_FOUND");
    assert.deepEqual((await info("cache-b")).addon.attachments.map((a) => a.app), ["app-b"], "nothing changed");
    // Their own app's addon: secrets and the client, but neither destroying nor upgrading it.
    assert.match((await as("dev-a", "/v1/addons/cache-a?show-secrets=true")).body, /"REDIS_PASSWORD":"[0-9a-f]{48}"/);
    assert.equal((await cli("dev-a", ["redis:connect", "cache-a"], "PING\n")).stdout.trim(), "PONG");
    assert.match((await as("dev-a", "/v1/addons/cache-a?yes=true&force=true", "DELETE")).message, /dev-a is a developer of the addon "cache-a"; this needs its creator or a server admin \(addon:manage\)/);
    assert.match((await as("dev-a", "/v1/addons/cache-a/upgrade", "POST", { to: "7" })).message, /Only server admins may do this \(server:write\)/);
    // A viewer sees the addon, never a secret, and cannot connect or create.
    const viewed = await cli("view-a", ["addons:info", "cache-a"]);
    assert.match(viewed.stdout, /REDIS_PASSWORD=\*{8}/);
    assert.doesNotMatch(viewed.stdout, /[0-9a-f]{48}/);
    assert.match((await as("view-a", "/v1/addons/cache-a?show-secrets=true")).message, /view-a is a viewer of the addon "cache-a"; its secrets need developer or more/);
    assert.match((await as("view-a", "/v1/addons/cache-a/connect", "POST")).message, /view-a is a viewer of the addon "cache-a"; this needs developer or more \(addon:secrets\)/);
    assert.match((await as("view-a", "/v1/addons", "POST", { type: "redis", name: "mine" })).message, /view-a is developer or owner of no app/);
    // A developer creates an addon and owns it: others do not see it; connect needs it attached; its creator destroys it.
    assert.equal((await as("dev-a", "/v1/addons", "POST", { type: "redis", name: "lone" })).status, 200);
    assert.equal((await as("dev-b", "/v1/addons/lone")).code, "ADDON_NOT_FOUND");
    assert.match((await cli("dev-a", ["addons:connect", "lone"])).stderr, /The addon "lone" is attached to no app: addons:connect runs the client as an attached app's account/);
    assert.equal((await as("dev-a", "/v1/addons/lone?yes=true", "DELETE")).status, 200);
  });

  test("addons:upgrade: a version not installed is refused; a minor one restarts in place; the major path dumps, moves to a new data directory, keeps the old until --confirm or --rollback", async () => {
    const upgrade = async (name: string, body: unknown) => JSON.parse((await hop3.api(`/v1/addons/${name}/upgrade`, "POST", body)).body) as { error?: { code: string; message: string } };
    assert.match((await upgrade("cache-a", { to: "99" })).error?.message ?? "", /^Redis 99 is not installed on this server \(installed: 7\.0\.\d+\); the addon "cache-a" was not changed\.$/);
    assert.match((await upgrade("db-a", { to: "16" })).error?.message ?? "", /PostgreSQL 16 is not installed on this server \(installed: 15\.\d+\)/);
    assert.match((await upgrade("s3-a", { to: "1", major: true })).error?.message ?? "", /A major upgrade of a s3 addon is not supported yet: one versitygw server holds every s3 addon/);
    const minor = JSON.parse((await ok(["pg:upgrade", "db-a", "--to", "15", "--json"])).stdout) as AddonUpgraded;
    assert.deepEqual([minor.action, minor.restarted], ["minor", ["db-a", "db-b"]], "one PostgreSQL server serves both: both restart");
    assert.equal((await hop3.viaProxy("app-a", "/pg/read")).body, "kept-row");

    const major = JSON.parse((await ok(["redis:upgrade", "cache-a", "--to", "7", "--major", "--json"])).stdout) as AddonUpgraded;
    assert.equal(major.action, "major");
    assert.ok(major.kept !== null && existsSync(major.kept), `the old data directory is kept: ${major.kept}`);
    assert.ok(major.dump !== null && existsSync(major.dump), "the dump is kept");
    assert.equal((await hop3.viaProxy("app-a", "/redis/read")).body, "kept-key", "the data came through the dump");
    assert.equal((await upgrade("cache-a", { to: "7" })).error?.code, "ADDON_UPGRADE_PENDING");
    assert.equal((await hop3.viaProxy("app-a", "/redis/write?v=after-upgrade")).status, 200);
    assert.match((await ok(["addons:upgrade", "cache-a", "--rollback"])).stdout, /^-----> cache-a is served from its old data directory .* again/m);
    assert.equal((await hop3.viaProxy("app-a", "/redis/read")).body, "kept-key", "the rollback serves the data as it was before the upgrade");
    assert.equal(existsSync(major.dump), false);

    const again = JSON.parse((await hop3.api("/v1/addons/cache-a/upgrade", "POST", { to: "7.0", major: true })).body) as AddonUpgraded;
    assert.match((await ok(["addons:upgrade", "cache-a", "--confirm"])).stdout, /^-----> Deleted the old data directory /m);
    assert.equal(existsSync(again.kept ?? ""), false);
    assert.equal((await hop3.viaProxy("app-a", "/redis/read")).body, "kept-key");
    assert.equal((await upgrade("cache-a", { confirm: true })).error?.code, "ADDON_NO_UPGRADE_PENDING");
  });

  // Debian 12 has one major of each: the whole-server path runs within it (ADR 78); a real cross-major one was not exercised here.
  for (const [prefix, name, to, path] of [["pg", "db-a", "15", "/pg"], ["mysql", "my-a", "10.11", "/mysql"]] as const) {
    test(`${prefix}:upgrade --major moves the whole server: every addon's data and access come through; --rollback serves the old data directory, --confirm deletes it`, async () => {
      const wrote = (await hop3.viaProxy("app-a", `${path}/read`)).body;
      assert.match(wrote, /^kept-/);
      const major = JSON.parse((await ok([`${prefix}:upgrade`, name, "--to", to, "--major", "--json"])).stdout) as AddonUpgraded;
      const other = name.replace("-a", "-b");
      assert.deepEqual([major.action, major.restarted.includes(other)], ["major", true], `${other} moves with ${name}: ${major.steps.join(" | ")}`);
      assert.ok(major.kept !== null && existsSync(major.kept), `the old data directory is kept: ${major.kept}`);
      assert.equal((await hop3.viaProxy("app-a", `${path}/read`)).body, wrote, "the row written before the upgrade came through the dump");
      // app B's access was made again in the new server: it writes and reads its own database.
      assert.equal((await hop3.viaProxy("app-b", `${path}/write?v=b-row`)).status, 200);
      assert.equal((await hop3.viaProxy("app-b", `${path}/read`)).body, "b-row");
      assert.equal((await hop3.viaProxy("app-a", `${path}/write?v=after-upgrade`)).status, 200);
      assert.match((await ok([`${prefix}:upgrade`, other, "--rollback"])).stdout, new RegExp(`^-----> (.+, )?${name}, (.+, )?${other}.* are served from the old data directory ${major.kept} again`, "m"));
      assert.equal((await hop3.viaProxy("app-a", `${path}/read`)).body, wrote, "the rollback serves the data as it was before the upgrade");
      assert.equal(existsSync(major.dump ?? ""), false, "the dump is deleted");

      const again = JSON.parse((await hop3.api(`/v1/addons/${name}/upgrade`, "POST", { to, major: true })).body) as AddonUpgraded;
      assert.equal(again.action, "major", JSON.stringify(again));
      assert.match((await ok(["addons:upgrade", name, "--confirm"])).stdout, /^-----> Deleted the old data directory /m);
      assert.equal(existsSync(again.kept ?? ""), false, "--confirm deleted the kept directory");
      assert.equal((await hop3.viaProxy("app-a", `${path}/read`)).body, wrote);
    });
  }

  test("bad input gives a clear error naming the value and changes nothing", async () => {
    // Sizes move on their own (Redis counts its clients' buffers): everything else must not.
    const state = async () => (await list()).addons.map(({ sizeBytes: _size, ...rest }) => rest);
    const before = await state();
    // The CLI prints the message and the hint; the API answers with the stable code.
    const cases: [string[], RegExp][] = [
      [["addons:create", "mongodb", "x1"], /no addon type "mongodb"; nothing was created[\s\S]*postgres, mysql, redis/],
      [["addons:create", "postgres", "db-a"], /addon named "db-a" exists already/],
      [["addons:create", "redis", "Bad_Name"], /addon name "Bad_Name" is not valid/],
      [["addons:attach", "db-a", "no-such-app"], /no-such-app/],
      [["addons:attach", "db-a", "app-a"], /"db-a" is attached to the app "app-a" already/],
      [["addons:attach", "no-such-addon", "app-a"], /no addon named "no-such-addon"/],
      [["addons:destroy", "db-a", "--yes"], /"db-a" is attached to "app-a"; nothing was changed[\s\S]*--force/],
      [["addons:destroy", "db-a"], /"db-a" deletes its data; nothing was changed[\s\S]*--yes/],
      [["addons:detach", "db-b", "app-a"], /"db-b" is not attached to the app "app-a"/],
      [["addons:create", "s3", "ab-"], /"ab-" cannot be an S3 bucket name/],
    ];
    for (const [args, message] of cases) {
      const result = await hop3.cli(args);
      assert.notEqual(result.code, 0, `hop3 ${args.join(" ")} succeeded`);
      assert.match(result.stderr, message, args.join(" "));
    }
    const codes: [string, string, unknown, number, string][] = [
      ["/v1/addons", "POST", { type: "mongodb", name: "x1" }, 400, "ADDON_TYPE_UNKNOWN"],
      ["/v1/addons", "POST", { type: "postgres", name: "db-a" }, 409, "ADDON_EXISTS"],
      ["/v1/addons/db-a/attachments", "POST", { app: "no-such-app" }, 404, "APP_NOT_FOUND"],
      ["/v1/addons/db-a?yes=true", "DELETE", undefined, 409, "ADDON_ATTACHED"],
    ];
    for (const [path, method, body, status, code] of codes) {
      const answer = await hop3.api(path, method, body);
      assert.equal(answer.status, status, `${method} ${path}: ${answer.body}`);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, code);
    }
    assert.deepEqual(await state(), before);
    assert.equal((await hop3.viaProxy("app-a", "/pg/read")).body, "kept-row");
  });

  test("export then import into a new addon gives the same data; a file that is not a dump is refused and changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hop3-dumps-"));
    // The real CLI with its stdout/stdin on files: dumps are bytes (pg_dump's custom format).
    const cliWithFiles = (args: string[], files: { input?: string; output?: string }) => {
      const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: hop3.home, HOP3_URL: `http://127.0.0.1:${hop3.apiPort}`, HOP3_TOKEN: hop3.token };
      const input = files.input === undefined ? undefined : readFileSync(files.input);
      const result = spawnSync(process.execPath, [join(repoRoot, "packages/cli/src/main.ts"), ...args], { env, input, maxBuffer: 64 * 1024 * 1024 });
      if (files.output !== undefined) writeFileSync(files.output, result.stdout);
      return { code: result.status, stderr: result.stderr.toString() };
    };
    try {
      for (const [type, from, copy, prefix, read] of [
        ["postgres", "db-a", "db-copy", "PGCOPY", "/pg/read?prefix=PGCOPY_"],
        ["mysql", "my-a", "my-copy", "MYCOPY", "/mysql/read?prefix=MYCOPY_"],
        ["s3", "s3-a", "s3-copy", "S3COPY", "/s3/read?prefix=S3COPY_"],
      ] as const) {
        const dump = join(dir, `${from}.dump`);
        const exported = cliWithFiles(["addons:export", from], { output: dump });
        assert.equal(exported.code, 0, exported.stderr);
        await ok(["addons:create", type, copy]);
        const junk = join(dir, "junk");
        writeFileSync(junk, "DROP TABLE kv; this is not a dump\n");
        const refused = cliWithFiles(["addons:import", copy], { input: junk });
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, new RegExp(`nothing was (changed|imported) into the addon "${copy}"|could not be imported into the addon "${copy}"; nothing was changed`));
        const imported = cliWithFiles(["addons:import", copy], { input: dump });
        assert.equal(imported.code, 0, imported.stderr);
        // Attaching restarts app-b, which reads the copy through its own variables.
        await ok(["addons:attach", copy, "app-b", "--as", prefix]);
        const seen = await hop3.viaProxy("app-b", read);
        assert.equal(seen.body, { postgres: "kept-row", mysql: "kept-mysql", s3: "kept-object" }[type]);
      }
      // An s3 export is a tar of the objects: tar lists the object the app wrote.
      const listed = spawnSync("tar", ["-tf", join(dir, "s3-a.dump")], { encoding: "utf8" });
      assert.equal(listed.stdout.trim(), "kept.txt", listed.stderr);
      // Redis: its keys (ADR 50), read by app-b through the copy's own prefixed variables.
      const keys = join(dir, "cache-a.dump");
      assert.equal(cliWithFiles(["addons:export", "cache-a"], { output: keys }).code, 0);
      await ok(["addons:create", "redis", "cache-copy"]);
      writeFileSync(join(dir, "junk"), "SET k junk\n");
      const refused = cliWithFiles(["addons:import", "cache-copy"], { input: join(dir, "junk") });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /not a Hop3 Redis dump .*nothing was imported into the addon "cache-copy"/);
      const imported = cliWithFiles(["addons:import", "cache-copy"], { input: keys });
      assert.equal(imported.code, 0, imported.stderr);
      await ok(["addons:attach", "cache-copy", "app-b", "--as", "RCOPY"]);
      const read = await ok(["run", "app-b", "--", "sh", "-c", 'REDISCLI_AUTH="$RCOPY_REDIS_PASSWORD" redis-cli --no-auth-warning -s "$RCOPY_REDIS_SOCKET" --user "$RCOPY_REDIS_USER" GET k']);
      assert.equal(read.stdout.trim(), "kept-key");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("addons declared in hop3.toml ([[addons]], and the older [[provider]]) are made and attached at the first deploy, before the build", async () => {
    const dir = copySample("addons-app");
    appendFileSync(join(dir, "hop3.toml"), '\n[[addons]]\ntype = "redis"\n\n[[provider]]\nname = "postgres"\n');
    const deployed = await ok(["deploy", "--app", "app-c", dir]);
    assert.match(deployed.stdout, /Created the redis addon app-c-redis \(hop3\.toml\)/);
    assert.match(deployed.stdout, /Attached app-c-postgres: DATABASE_URL/);
    assert.equal((await hop3.viaProxy("app-c", "/build")).body, "build saw app-c-postgres");
    assert.equal((await hop3.viaProxy("app-c", "/redis/write?v=declared")).status, 200);
    assert.equal((await hop3.viaProxy("app-c", "/redis/read")).body, "declared");
    // A redeploy finds them made and attached: nothing new.
    const again = await ok(["deploy", "--app", "app-c", dir]);
    assert.doesNotMatch(again.stdout, /Created the|Attached app-c/);
    assert.equal((await hop3.viaProxy("app-c", "/redis/read")).body, "declared");
    await ok(["apps:destroy", "app-c", "--yes"]);
    await ok(["addons:destroy", "app-c-redis", "--yes"]);
    await ok(["addons:destroy", "app-c-postgres", "--yes"]);
  });

  test("detach removes the variables and the access; destroy --force deletes the addon", async () => {
    const detached = JSON.parse((await ok(["addons:detach", "cache-b", "app-b", "--json"])).stdout) as { restarted: boolean; variables: string[] };
    assert.equal(detached.restarted, true);
    assert.ok(detached.variables.includes("REDIS_URL"));
    const env = await hop3.cli(["run", "app-b", "--", "printenv", "REDIS_URL"]);
    assert.equal(env.stdout.trim(), "");
    await ok(["addons:destroy", "cache-b", "--yes"]);
    const destroyed = await ok(["addons:destroy", "db-b", "--yes", "--force"]);
    assert.match(destroyed.stdout, /detached from app-b/);
    await ok(["addons:destroy", "s3-b", "--yes", "--force"]);
    assert.deepEqual((await list()).addons.map((a) => a.name), ["cache-a", "cache-copy", "db-a", "db-copy", "my-a", "my-b", "my-copy", "s3-a", "s3-copy"]);
    const s3Gone = await hop3.cli(["run", "app-b", "--", "printenv", "AWS_ACCESS_KEY_ID"]);
    assert.equal(s3Gone.stdout.trim(), "");
    const gone = await hop3.cli(["run", "app-b", "--", "printenv", "DATABASE_URL"]);
    assert.equal(gone.stdout.trim(), "");
  });

  test("a destroyed app's roles go with it: a new app of the same name (same account name) cannot reach the old database", async () => {
    const role = (await info("db-a")).connections[0]?.env.PGUSER ?? "";
    const socketDir = (await info("db-a")).connections[0]?.env.PGHOST ?? "";
    await ok(["apps:destroy", "app-a", "--yes"]);
    assert.deepEqual((await list()).addons.find((a) => a.name === "db-a")?.attachments, []);
    await ok(["apps:create", "app-a"]);
    await ok(["deploy", "--app", "app-a", copySample("addons-app")]);
    const tried = await hop3.cli(["run", "app-a", "--", "psql", "-X", "-h", socketDir, "-U", role, "-d", "db-a", "-c", "SELECT v FROM kv"]);
    assert.notEqual(tried.code, 0);
    assert.doesNotMatch(tried.stdout, /kept-row/);
    assert.match(tried.stdout + tried.stderr, /Peer authentication failed|does not exist|no pg_ident/i);
    // Attached again, the new app gets a new role on the kept data.
    await ok(["addons:attach", "db-a", "app-a"]);
    assert.equal((await hop3.viaProxy("app-a", "/pg/read")).body, "kept-row");
  });
});
