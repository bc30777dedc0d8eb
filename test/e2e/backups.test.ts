import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddonList, BackupList } from "@hop3/contract";
import { Hop3Fixture, type CliResult } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { daemonAccount } from "./support/daemon-account.ts";
import { SshdFixture } from "./support/sshd-fixture.ts";

const output = (result: CliResult) => `${result.stdout}\n${result.stderr}`;

/** Writes the app's data as the app itself (`hop3 run`): a random blob, a nested file, a link out of the tree. */
const writeData =
  'head -c 3000000 /dev/urandom > "$HOP3_DATA_DIR/blob" && mkdir -p "$HOP3_DATA_DIR/sub/deeper" && printf "caf\\303\\251\\n" > "$HOP3_DATA_DIR/sub/deeper/note" && ln -s /etc/shadow "$HOP3_DATA_DIR/shadow-link"';

describe("backups: create, restore in place and into a new app, loud failures", () => {
  let hop3: Hop3Fixture;
  const dataOf = (app: string, ...path: string[]) => join(hop3.home, "apps", app, "data", ...path);
  const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
  const body = async (app: string, path = "/") => (await hop3.viaProxy(app, path)).body;
  const ok = async (args: readonly string[]): Promise<CliResult> => {
    const result = await hop3.cli(args);
    assert.equal(result.code, 0, output(result));
    return result;
  };
  const list = async (app: string) => JSON.parse((await ok(["backups", app, "--json"])).stdout) as BackupList;
  let blob = "";

  before(async () => {
    hop3 = await Hop3Fixture.start();
    await ok(["deploy", "--app", "shop", copySample("release-app")]);
    await ok(["config:set", "shop", "GREETING=bonjour"]);
    assert.equal(await body("shop", "/visits"), "1");
    assert.equal(await body("shop", "/visits"), "2");
    await ok(["run", "shop", "--", "sh", "-c", writeData]);
    blob = sha(dataOf("shop", "blob"));
  });
  after(async () => {
    await hop3?.close();
  });

  test("the first backup creates the repository and shows its password once; each backup holds data, release and config", async () => {
    const first = await ok(["backups:create", "shop"]);
    const password = readFileSync(join(hop3.home, "secrets", "backup-repository.password"), "utf8").trim();
    assert.ok(password.length >= 40);
    assert.equal(statSync(join(hop3.home, "secrets", "backup-repository.password")).mode & 0o777, 0o600);
    assert.match(first.stderr, /Created the backup repository/);
    assert.match(first.stderr, /warning: its password is shown this once/);
    assert.ok(first.stderr.includes(password), "the password is shown with the warning");
    assert.match(first.stdout, /Backup 1 of shop succeeded: .*holds data .*release .*config/);
    assert.ok(!hop3.serverLog.includes(password), "the password never reaches the server's log");

    const second = await ok(["backups:create", "shop", "--json"]);
    assert.ok(!output(second).includes(password), "shown only by the backup that created the repository");
    const listed = await list("shop");
    assert.deepEqual(listed.backups.map((backup) => [backup.id, backup.status]), [[2, "succeeded"], [1, "succeeded"]]);
    const [latest] = listed.backups;
    assert.deepEqual(latest?.parts.map((part) => part.name), ["data", "release", "config"]);
    assert.ok((latest?.parts[0]?.bytes ?? 0) > 3_000_000, "the data part holds the blob");
    assert.ok((latest?.added ?? Infinity) < 1_000_000, `the second backup of unchanged data adds little (${latest?.added})`);
    assert.match((await ok(["backups", "shop"])).stdout, /ID +STARTED +SIZE +ADDED +CONTENTS +BY +STATUS/);
  });

  test("restore in place: the data comes back byte for byte (links as links), and the config var; the app serves on it", async () => {
    await ok(["run", "shop", "--", "sh", "-c", 'rm -rf "$HOP3_DATA_DIR"/* && echo junk > "$HOP3_DATA_DIR/junk"']);
    await ok(["config:set", "shop", "GREETING=changed", "EXTRA=1"]);
    assert.equal(await body("shop"), "changed from release-app v1");

    const restored = await ok(["backups:restore", "shop", "2"]);
    assert.match(restored.stdout, /Restored backup 2 \(data, release, config\) into shop/);
    assert.equal(sha(dataOf("shop", "blob")), blob);
    assert.equal(readFileSync(dataOf("shop", "sub", "deeper", "note"), "utf8"), "café\n");
    assert.ok(lstatSync(dataOf("shop", "shadow-link")).isSymbolicLink());
    assert.equal(readlinkSync(dataOf("shop", "shadow-link")), "/etc/shadow");
    assert.throws(() => lstatSync(dataOf("shop", "junk")), /ENOENT/, "what the backup did not hold is gone");
    assert.throws(() => lstatSync(`${dataOf("shop")}.before-restore`), /ENOENT/, "the previous data is dropped once the restore stands");
    assert.equal(statSync(dataOf("shop", "blob")).uid, statSync(join(hop3.home, "apps", "shop")).uid, "restored files are the app's");
    assert.equal(await body("shop"), "bonjour from release-app v1");
    assert.equal(await body("shop", "/visits"), "3", "the visit counter came back from the backup");
    const vars = JSON.parse((await ok(["config", "shop", "--json"])).stdout) as { vars: Record<string, string> };
    assert.deepEqual(Object.keys(vars.vars).sort(), ["GREETING"]);
  });

  test("restore --to a new app: built from the backup alone, it serves with the data and config vars", async () => {
    const restored = await ok(["backups:restore", "shop", "1", "--to", "shop-copy"]);
    assert.match(restored.stdout, /into shop-copy: release 1 serves at/);
    assert.equal(await body("shop-copy"), "bonjour from release-app v1");
    assert.equal(sha(dataOf("shop-copy", "blob")), blob);
    assert.equal(await body("shop-copy", "/visits"), "3");
    const taken = await hop3.cli(["backups:restore", "shop", "1", "--to", "shop-copy"]);
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, /already exists/);
    // An app destroyed since: its backups stay listed, and it comes back from them alone.
    const copied = JSON.parse((await ok(["backups:create", "shop-copy", "--json"])).stdout) as { id: number };
    await ok(["apps:destroy", "shop-copy", "--yes"]);
    assert.deepEqual((await list("shop-copy")).backups.map((backup) => [backup.id, backup.status]), [[copied.id, "succeeded"]]);
    await ok(["backups:restore", "shop-copy", String(copied.id), "--to", "shop-revived"]);
    assert.equal(await body("shop-revived"), "bonjour from release-app v1");
    assert.equal(sha(dataOf("shop-revived", "blob")), blob);
    await ok(["apps:destroy", "shop-revived", "--yes"]);
    const missing = await hop3.cli(["backups:restore", "shop", "99"]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /has no succeeded backup 99/);
  });

  test("backups:verify checks the repository and restores the latest backup into a throwaway app, removed after", async () => {
    const verified = await ok(["backups:verify", "shop"]);
    assert.match(verified.stdout, /Verified backup 2 of shop: the repository has no errors, and it restored as shop-drill-[0-9a-f]{6} \(release 1, healthy after/);
    const apps = JSON.parse((await ok(["apps", "--json"])).stdout) as { apps: { name: string }[] };
    assert.deepEqual(apps.apps.map((app) => app.name).filter((name) => name.includes("drill")), []);
  });

  test("a wrong password or an unreachable repository: non-zero exit, failed with the reason, earlier backups intact", async () => {
    const passwordFile = join(hop3.home, "secrets", "backup-repository.password");
    const password = readFileSync(passwordFile);
    writeFileSync(passwordFile, "not-the-password\n");
    const wrong = await hop3.cli(["backups:create", "shop"]);
    writeFileSync(passwordFile, password);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /error: Backup \d+ of "shop" failed: .*wrong password/);

    const repository = join(hop3.home, "backups", "repository");
    renameSync(repository, `${repository}.away`);
    const unreachable = await hop3.cli(["backups:create", "shop"]);
    renameSync(`${repository}.away`, repository);
    assert.notEqual(unreachable.code, 0);
    assert.match(unreachable.stderr, /error: Backup \d+ of "shop" failed: .*(unable to open config file|repository)/);

    const listed = await list("shop");
    assert.deepEqual(listed.backups.map((backup) => backup.status), ["failed", "failed", "succeeded", "succeeded"]);
    assert.match(listed.backups[1]?.reason ?? "", /wrong password/);
    assert.match(listed.backups[0]?.reason ?? "", /unable to open config file|repository/);
    const failedId = listed.backups[1]?.id ?? 0;
    assert.match((await ok(["backups", "shop"])).stdout, /failed: .*wrong password/);
    const refused = await hop3.cli(["backups:restore", "shop", String(failedId)]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /it is failed/);
    // The repository still holds the earlier backups: one restores.
    await ok(["backups:restore", "shop", "1", "--to", "shop-again"]);
    assert.equal(sha(dataOf("shop-again", "blob")), blob);
  });

  test("a full disk under the repository: the backup fails naming it, non-zero exit; the earlier backups are intact (restic check)", async () => {
    const repository = join(hop3.home, "backups", "repository");
    const owner = statSync(repository);
    const used = Number(execFileSync("du", ["-sb", repository], { encoding: "utf8" }).split("\t")[0]);
    renameSync(repository, `${repository}.away`);
    mkdirSync(repository);
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${used + 2_000_000},uid=${owner.uid},gid=${owner.gid},mode=0700`, "hop3-e2e-full", repository]);
    try {
      execFileSync("cp", ["-a", `${repository}.away/.`, repository]);
      await ok(["run", "shop", "--", "sh", "-c", 'head -c 8000000 /dev/urandom > "$HOP3_DATA_DIR/big"']);
      const full = await hop3.cli(["backups:create", "shop"]);
      assert.notEqual(full.code, 0, output(full));
      assert.match(full.stderr, /error: Backup \d+ of "shop" failed: .*no space left on device/);
      const [latest] = (await list("shop")).backups;
      assert.equal(latest?.status, "failed");
      assert.match(latest?.reason ?? "", /no space left on device/);
      const cache = mkdtempSync(join(tmpdir(), "hop3-restic-cache-"));
      try {
        execFileSync("restic", ["--repo", repository, "--password-file", join(hop3.home, "secrets", "backup-repository.password"), "--cache-dir", cache, "--no-lock", "check"], { encoding: "utf8" });
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    } finally {
      await ok(["run", "shop", "--", "sh", "-c", 'rm -f "$HOP3_DATA_DIR/big"']);
      execFileSync("umount", [repository]);
      rmSync(repository, { recursive: true, force: true });
      renameSync(`${repository}.away`, repository);
    }
  });

  test("a restore whose app fails its health check puts the previous data and config back; the app serves as before", async () => {
    // A backup whose config makes Python unable to start (saved without a restart).
    await ok(["config:set", "shop", "PYTHONHOME=/nonexistent", "--no-restart"]);
    const broken = JSON.parse((await ok(["backups:create", "shop", "--json"])).stdout) as { id: number };
    await ok(["config:unset", "shop", "PYTHONHOME", "--no-restart"]);
    await ok(["run", "shop", "--", "sh", "-c", 'echo written-after > "$HOP3_DATA_DIR/after-backup"']);
    const visits = await body("shop", "/visits");

    const failed = await hop3.cli(["backups:restore", "shop", String(broken.id)]);
    assert.notEqual(failed.code, 0, output(failed));
    assert.match(failed.stderr, new RegExp(`error: Restoring backup ${broken.id} of "shop" failed: `));
    assert.match(failed.stderr, /hint: The app keeps the data, config and release it had before the restore/);
    assert.equal(readFileSync(dataOf("shop", "after-backup"), "utf8"), "written-after\n", "the data written after the backup is back");
    assert.throws(() => lstatSync(`${dataOf("shop")}.before-restore`), /ENOENT/);
    const vars = JSON.parse((await ok(["config", "shop", "--json"])).stdout) as { vars: Record<string, string> };
    assert.deepEqual(Object.keys(vars.vars).sort(), ["GREETING"]);
    assert.equal(await body("shop"), "bonjour from release-app v1");
    assert.equal(await body("shop", "/visits"), String(Number(visits) + 1));

    // The restore drill finds the same: the latest backup does not start.
    const drill = await hop3.cli(["backups:verify", "shop"]);
    assert.notEqual(drill.code, 0, output(drill));
    assert.match(drill.stderr, new RegExp(`error: The restore drill of backup ${broken.id} of "shop" failed`));
    const apps = JSON.parse((await ok(["apps", "--json"])).stdout) as { apps: { name: string }[] };
    assert.deepEqual(apps.apps.map((app) => app.name).filter((name) => name.includes("drill")), [], "the drill's app is removed");
    assert.equal(await body("shop"), "bonjour from release-app v1", "the app itself is untouched");
  });

  test("backups:schedule and backups:drill-schedule set their schedules, refuse bad ones", async () => {
    const bad = await hop3.cli(["backups:schedule", "shop", "0 25 * * *", "--keep-daily", "7"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /not valid/);
    const none = await hop3.cli(["backups:schedule", "shop", "0 3 * * *"]);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /keeps no backup/);
    await ok(["backups:schedule", "shop", "0 3 * * *", "--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "6"]);
    const scheduled = await list("shop");
    assert.deepEqual(scheduled.schedule, { cron: "0 3 * * *", keepDaily: 7, keepWeekly: 4, keepMonthly: 6 });
    assert.equal(scheduled.overdue, false, "a schedule just set is not overdue");
    await ok(["backups:schedule", "shop", "--off"]);
    assert.equal((await list("shop")).schedule, null);

    const badDrill = await hop3.cli(["backups:drill-schedule", "shop", "0 4 * * 9"]);
    assert.notEqual(badDrill.code, 0);
    assert.match(badDrill.stderr, /The drill schedule "0 4 \* \* 9" is not valid/);
    await ok(["backups:drill-schedule", "shop", "0 4 * * 0"]);
    assert.deepEqual((await list("shop")).drill, { cron: "0 4 * * 0", last: null });
    assert.match((await ok(["backups", "shop"])).stdout, /Restore drills: 0 4 \* \* 0/);
    await ok(["backups:drill-schedule", "shop", "--off"]);
    assert.equal((await list("shop")).drill, null);
  });

  test("backups:recover brings back, from the repository's snapshots, every app this server no longer has", async () => {
    await ok(["backups:create", "shop"]);
    await ok(["apps:destroy", "shop", "--yes"]);
    const recovered = await ok(["backups:recover", "--json"]);
    const result = JSON.parse(recovered.stdout) as { apps: { app: string; status: string; reason: string | null }[] };
    assert.deepEqual(result.apps.map((app) => [app.app, app.status]), [["shop", "restored"], ["shop-copy", "restored"]], recovered.stdout);
    assert.equal(await body("shop"), "bonjour from release-app v1");
    assert.equal(sha(dataOf("shop", "blob")), blob);
    assert.equal(await body("shop-copy"), "bonjour from release-app v1");
    const again = JSON.parse((await ok(["backups:recover", "--json"])).stdout) as { apps: { app: string; status: string }[] };
    assert.deepEqual(again.apps.map((app) => app.status), ["skipped", "skipped"], "apps the server has are left alone");
  });

  test("an app's addons are in its backup: the row, the key and the data file come back in place, and --to a new app with addons of its own", async () => {
    const read = async (app: string, path: string) => {
      const answer = await hop3.viaProxy(app, path);
      assert.equal(answer.status, 200, `${app} ${path}: ${answer.body}`);
      return answer.body;
    };
    await ok(["apps:create", "stock"]);
    await ok(["addons:create", "postgres", "stock-db"]);
    await ok(["addons:create", "redis", "stock-cache"]);
    await ok(["addons:create", "mysql", "stock-my"]);
    await ok(["addons:create", "s3", "stock-files"]);
    await ok(["addons:attach", "stock-db", "stock"]);
    await ok(["addons:attach", "stock-cache", "stock"]);
    await ok(["addons:attach", "stock-my", "stock", "--as", "MY"]);
    await ok(["addons:attach", "stock-files", "stock"]);
    const deployed = await hop3.cli(["deploy", "--app", "stock", copySample("addons-app")]);
    const engineLog = (name: string) => (existsSync(join(hop3.home, "logs", "addons", name)) ? readFileSync(join(hop3.home, "logs", "addons", name), "utf8").split("\n").slice(-15).join("\n") : "(none)");
    assert.equal(deployed.code, 0, `${output(deployed)}\n${engineLog("postgres.log")}\n${readFileSync(join(hop3.home, "addon-config", "pg_ident.conf"), "utf8")}`);
    await read("stock", "/pg/write?v=row-1");
    await read("stock", "/redis/write?v=key-1");
    await read("stock", "/mysql/write?v=my-1");
    await read("stock", "/s3/write?v=object-1");
    await ok(["run", "stock", "--", "sh", "-c", 'echo file-1 > "$HOP3_DATA_DIR/file"']);

    const made = JSON.parse((await ok(["backups:create", "stock", "--json"])).stdout) as { id: number };
    const [backup] = (await list("stock")).backups;
    assert.equal(backup?.status, "succeeded", backup?.reason ?? "");
    assert.deepEqual(backup?.parts.map((part) => part.name), ["data", "release", "config", "addons"]);

    // Deleted after the backup: the row, the key, the MariaDB table and the data file; a table the backup never had; the object overwritten.
    await read("stock", "/s3/write?v=object-2");
    await ok(["run", "stock", "--", "sh", "-c", 'psql "$DATABASE_URL" -X -q -c "DELETE FROM kv; CREATE TABLE newer (x int);" && rm "$HOP3_DATA_DIR/file"']);
    await ok(["run", "stock", "--", "sh", "-c", 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -s "$REDIS_SOCKET" --user "$REDIS_USER" DEL k']);
    await ok(["run", "stock", "--", "sh", "-c", 'echo "DROP TABLE kv;" | mariadb --no-defaults -S "$MY_MYSQL_UNIX_PORT" -u "$MY_MYSQL_USER" "$MY_MYSQL_DATABASE"']);
    assert.equal(await read("stock", "/pg/read"), "");
    assert.equal(await read("stock", "/redis/read"), "");
    assert.equal((await hop3.viaProxy("stock", "/mysql/read")).status, 500);

    const restored = await ok(["backups:restore", "stock", String(made.id)]);
    assert.match(restored.stdout, /\(data, release, config, addons\) into stock/);
    assert.equal(await read("stock", "/pg/read"), "row-1");
    assert.equal(await read("stock", "/redis/read"), "key-1");
    assert.equal(await read("stock", "/mysql/read"), "my-1");
    assert.equal(await read("stock", "/s3/read"), "object-1", "the bucket's object came back from the backup");
    assert.equal(readFileSync(dataOf("stock", "file"), "utf8"), "file-1\n");
    const newer = await ok(["run", "stock", "--", "sh", "-c", 'psql "$DATABASE_URL" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE tablename = \'newer\'"']);
    assert.equal(newer.stdout.trim(), "0", "the database is the backup's, not the backup's merged into the newer one");

    await ok(["backups:restore", "stock", String(made.id), "--to", "stock-copy"]);
    assert.equal(await read("stock-copy", "/pg/read"), "row-1");
    assert.equal(await read("stock-copy", "/redis/read"), "key-1");
    assert.equal(await read("stock-copy", "/mysql/read"), "my-1");
    assert.equal(await read("stock-copy", "/s3/read"), "object-1");
    const { addons } = JSON.parse((await ok(["addons", "--json"])).stdout) as AddonList;
    const attached = (app: string) => addons.filter((addon) => addon.attachments.some((a) => a.app === app)).map((addon) => [addon.name, addon.type, addon.attachments.find((a) => a.app === app)?.prefix]);
    assert.deepEqual(attached("stock-copy"), [["stock-copy-stock-cache", "redis", ""], ["stock-copy-stock-db", "postgres", ""], ["stock-copy-stock-files", "s3", ""], ["stock-copy-stock-my", "mysql", "MY"]]);
    assert.deepEqual(attached("stock").map(([name]) => name), ["stock-cache", "stock-db", "stock-files", "stock-my"], "the backed-up app keeps its own addons");
    await read("stock-copy", "/pg/write?v=copy-only");
    assert.equal(await read("stock", "/pg/read"), "row-1", "the new app's addons are its own");
    await read("stock-copy", "/s3/write?v=copy-object");
    assert.equal(await read("stock", "/s3/read"), "object-1", "the new app's bucket is its own");

    // A dump that fails fails the backup, naming the addon: its engine is gone.
    const verify = await ok(["backups:verify", "stock"]);
    assert.match(verify.stdout, /Verified backup/);
    assert.deepEqual(JSON.parse((await ok(["addons", "--json"])).stdout).addons.length, addons.length, "the drill's addons are removed with it");
    const record = join(hop3.home, "run", "addons", "redis-stock-cache.pid.json");
    assert.ok(existsSync(record), record);
    process.kill((JSON.parse(readFileSync(record, "utf8")) as { pid: number }).pid, "SIGKILL");
    const failed = await hop3.cli(["backups:create", "stock"]);
    assert.notEqual(failed.code, 0, output(failed));
    assert.match(failed.stderr, /failed: Dumping the redis addon "stock-cache" of "stock" failed/);
    const [last] = (await list("stock")).backups;
    assert.equal(last?.status, "failed");
    assert.match(last?.reason ?? "", /stock-cache/);
  });

  test("hop3-server restore --repo s3:… on a fresh server brings back every app of the lost one, built and served with its data and config vars; it backs up into S3 and restores from it", async () => {
    const local = join(hop3.home, "backups", "repository");
    const passwordFile = join(hop3.home, "secrets", "backup-repository.password");
    const notFresh = await hop3.serverCommand(["restore", "--repo", local, "--password-file", passwordFile]);
    assert.notEqual(notFresh.code, 0, output(notFresh));
    assert.match(notFresh.stderr, /error: This server is not fresh: it has app "shop"/);

    const started = Date.now();
    // A domain of the lost server's: it follows the app to the new server.
    await ok(["domains:add", "shop", "shop.example.test"]);
    const scratch = mkdtempSync(join(tmpdir(), "hop3-restore-"));
    // Who may do what on the lost server (ADR 83): a developer of shop with a password, an SSH key and a CI token.
    const danaPassword = "dana's password, long enough";
    await ok(["users:add", "dana", "--email", "dana@example.org"]);
    assert.equal((await hop3.cli(["users:passwd", "dana"], { input: `${danaPassword}\n` })).code, 0);
    await ok(["access:grant", "shop", "dana", "developer"]);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "dana@laptop", "-f", join(scratch, "dana")]);
    await ok(["keys:add", "dana-laptop", join(scratch, "dana.pub"), "--user", "dana"]);
    const danaToken = (JSON.parse((await ok(["tokens:create", "dana-ci", "--user", "dana", "--json"])).stdout) as { token: string }).token;
    const accessAdded = Date.now();
    await ok(["backups:create", "shop"]);
    // The lost server's repository, copied into a bucket of this server's S3 (the versitygw of its s3 addons, ADR 51) with restic itself.
    const s3 = JSON.parse(readFileSync(join(hop3.home, "addon-config", "s3-root.json"), "utf8")) as { port: number; accessKeyId: string; secretAccessKey: string };
    const endpoint = `http://127.0.0.1:${s3.port}`;
    const repository = `s3:${endpoint}/hop3-vault`;
    const key = { AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey };
    const copy = (args: string[]) => execFileSync("restic", ["--repo", repository, "--password-file", passwordFile, "--cache-dir", join(scratch, "cache"), ...args, "--from-repo", local, "--from-password-file", passwordFile], { encoding: "utf8", env: { ...process.env, ...key } });
    copy(["init", "--copy-chunker-params"]);
    copy(["copy"]);
    writeFileSync(join(scratch, "s3-key"), `AWS_ACCESS_KEY_ID=${s3.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${s3.secretAccessKey}\n`, { mode: 0o600 });
    const fresh = await Hop3Fixture.start();
    try {
      writeFileSync(join(scratch, "wrong"), "not-the-password\n");
      const wrong = await fresh.serverCommand(["restore", "--repo", local, "--password-file", join(scratch, "wrong")]);
      assert.notEqual(wrong.code, 0, output(wrong));
      assert.match(wrong.stderr, /error: The repository .* could not be read: .*wrong password/);
      assert.ok(!existsSync(join(fresh.home, "secrets", "backup-repository.password")), "a password that does not open the repository is not kept");
      const unreachable = await fresh.serverCommand(["restore", "--repo", join(scratch, "nowhere"), "--password-file", passwordFile]);
      assert.notEqual(unreachable.code, 0, output(unreachable));
      assert.match(unreachable.stderr, /error: The repository .*nowhere could not be read/);
      // S3: a refused key, a missing bucket, an endpoint nobody answers on — each named, nothing kept.
      const refused = await fresh.serverCommand(["restore", "--repo", repository, "--password-file", passwordFile], { env: { AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: "not-the-secret" } });
      assert.notEqual(refused.code, 0, output(refused));
      assert.match(refused.stderr, /could not be read: .*the S3 endpoint http:\/\/127\.0\.0\.1:\d+ refused the key in the credentials file \(server setting backup-s3-credentials-file\)/);
      assert.ok(!existsSync(join(fresh.home, "secrets", "backup-s3-credentials")), "a key that does not open the repository is not kept");
      const noBucket = await fresh.serverCommand(["restore", "--repo", `s3:${endpoint}/no-such-bucket`, "--password-file", passwordFile, "--s3-credentials-file", join(scratch, "s3-key")]);
      assert.notEqual(noBucket.code, 0, output(noBucket));
      assert.match(noBucket.stderr, /the bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(server setting backup-repository\)/);
      const closed = await fresh.serverCommand(["restore", "--repo", "s3:http://127.0.0.1:1/hop3-vault", "--password-file", passwordFile, "--s3-credentials-file", join(scratch, "s3-key")]);
      assert.notEqual(closed.code, 0, output(closed));
      assert.match(closed.stderr, /the S3 endpoint http:\/\/127\.0\.0\.1:\d+ could not be reached \(server setting backup-repository\)/);

      const restored = await fresh.serverCommand(["restore", "--repo", repository, "--password-file", passwordFile, "--s3-credentials-file", join(scratch, "s3-key"), "--json"]);
      assert.equal(restored.code, 0, output(restored));
      assert.ok(!output(restored).includes(readFileSync(passwordFile, "utf8").trim()), "the password is never printed");
      assert.ok(!output(restored).includes(s3.secretAccessKey) && !fresh.serverLog.includes(s3.secretAccessKey), "the S3 secret is never printed nor logged");
      assert.equal(statSync(join(fresh.home, "secrets", "backup-s3-credentials")).mode & 0o777, 0o600, "the key is kept 0600 for the next backups");
      assert.match(restored.stderr, /the lost server's config key is kept/);
      assert.match(restored.stderr, /\[1\/3\] Restoring shop/);
      const result = JSON.parse(restored.stdout) as { repository: string; server: { configKey: boolean; snapshot: string } | null; apps: { app: string; status: string }[]; access: unknown };
      assert.equal(result.repository, repository);
      assert.equal(result.server?.configKey, true);
      assert.deepEqual(result.apps.map((app) => [app.app, app.status]), [["shop", "restored"], ["shop-copy", "restored"], ["stock", "restored"]]);
      assert.notDeepEqual(readFileSync(join(fresh.home, "secrets", "config.key")), readFileSync(join(hop3.home, "secrets", "config.key")), "the new server keeps its own key");

      // Who may do what came back (ADR 83): dana signs in with her password, her CI token works, as a developer of shop, and her key logs in.
      const accessChecked = Date.now();
      assert.deepEqual(result.access, { repository, snapshot: result.server?.snapshot, users: 1, merged: ["admin"], grants: 1, sshKeys: 1, tokens: 2, skipped: [] });
      assert.match(restored.stderr, /Access: 1 user\(s\) added \(admin merged with this server's.*\), 1 app role\(s\), 1 SSH key\(s\), 2 API token\(s\)\./);
      const signIn = await fresh.api("/v1/sessions", "POST", { user: "dana", password: danaPassword });
      assert.equal(signIn.status, 201, signIn.body);
      const asDana = (args: string[]) => fresh.cli(args, { env: { HOP3_TOKEN: danaToken } });
      const danaApps = await asDana(["apps", "--json"]);
      assert.equal(danaApps.code, 0, output(danaApps));
      assert.deepEqual((JSON.parse(danaApps.stdout) as { apps: { name: string }[] }).apps.map((app) => app.name), ["shop"], "her old token works on the new server, with her role");
      const config = await asDana(["config", "shop", "--json"]);
      assert.equal(config.code, 0, `a developer reads config values: ${output(config)}`);
      const domain = await asDana(["domains:add", "shop", "dana.example.test"]);
      assert.notEqual(domain.code, 0, "an owner's action is refused");
      assert.match(domain.stderr, /dana is a developer of "shop"; this needs owner or more/, output(domain));
      const danaKey = readFileSync(join(scratch, "dana.pub"), "utf8").split(" ")[1] ?? "";
      assert.ok(readFileSync(join(fresh.home, "ssh", ".ssh", "authorized_keys"), "utf8").includes(danaKey), "her SSH key is in the new server's authorized_keys");
      const audit = JSON.parse((await fresh.cli(["audit", "--json"])).stdout) as { entries: { action: string; detail: string | null }[] };
      assert.ok(audit.entries.some((entry) => entry.action === "server.restore.access" && entry.detail?.includes(`1 user(s) (1 merged), 1 role(s), 1 SSH key(s), 2 token(s) from ${repository}`)), "the restore is in the new server's audit log");
      console.error(`disaster recovery of access: ${Math.round((accessAdded - started + Date.now() - accessChecked) / 1000)} s of set-up and checks`);

      const freshBody = async (app: string, path = "/") => {
        const answer = await fresh.viaProxy(app, path);
        assert.equal(answer.status, 200, `${app} ${path}: ${answer.body}`);
        return answer.body;
      };
      assert.equal(await freshBody("shop"), "bonjour from release-app v1", "the config var, sealed with the lost server's key, came back");
      assert.equal(sha(join(fresh.home, "apps", "shop", "data", "blob")), blob);
      const domains = JSON.parse((await fresh.cli(["domains", "shop", "--json"])).stdout) as { domains: string[] };
      assert.deepEqual(domains.domains, ["shop.example.test"], "the lost server's domain follows its app");
      assert.equal(await freshBody("stock", "/pg/read"), "row-1");
      assert.equal(await freshBody("stock", "/s3/read"), "object-1", "the bucket's object came back on the new server");
      assert.equal(readFileSync(join(fresh.home, "apps", "stock", "data", "file"), "utf8"), "file-1\n");
      // It backs up into the repository it adopted, with its own key for what it seals from now on.
      await fresh.cli(["config:set", "shop", "GREETING=hallo"]);
      const next = await fresh.cli(["backups:create", "shop", "--json"]);
      assert.equal(next.code, 0, output(next));
      assert.equal((JSON.parse((await fresh.cli(["backups", "shop", "--json"])).stdout) as BackupList).repository, repository);
      // …and restores from it: the data deleted after that backup in S3 comes back.
      const blobOnFresh = join(fresh.home, "apps", "shop", "data", "blob");
      assert.equal((await fresh.cli(["run", "shop", "--", "sh", "-c", 'rm "$HOP3_DATA_DIR/blob"'])).code, 0);
      const fromS3 = await fresh.cli(["backups:restore", "shop", String((JSON.parse(next.stdout) as { id: number }).id)]);
      assert.equal(fromS3.code, 0, output(fromS3));
      assert.equal(sha(blobOnFresh), blob);
      assert.equal(await freshBody("shop"), "hallo from release-app v1");
      console.error(`disaster recovery onto a second server: ${Math.round((Date.now() - started) / 1000)} s`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      await fresh.close();
    }
  });

  test("an sftp: repository through a real sshd: a host key not in known_hosts fails the backup; with it, a backup and a restore in place", async () => {
    // An account of its own on this host, reached over SSH on loopback with a key of the daemon's (docs/backups.md).
    const user = `h3sftp${randomBytes(4).toString("hex")}`;
    const base = mkdtempSync(join(tmpdir(), "hop3-sftp-"));
    chmodSync(base, 0o755);
    const home = join(base, "home");
    // Password "*": no password, yet not locked ("!"), which sshd without PAM refuses.
    execFileSync("useradd", ["--home-dir", home, "--create-home", "--shell", "/bin/sh", "--password", "*", user]);
    const sshd = await SshdFixture.start(user, { sftp: true });
    try {
      const daemon = daemonAccount();
      const key = join(base, "daemon-key");
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "hop3-backups", "-f", key]);
      chownSync(key, daemon.uid, daemon.gid);
      mkdirSync(join(home, ".ssh"), { mode: 0o700 });
      writeFileSync(join(home, ".ssh", "authorized_keys"), readFileSync(`${key}.pub`), { mode: 0o600 });
      execFileSync("chown", ["-R", `${user}:`, join(home, ".ssh")]);
      const knownHosts = join(base, "known_hosts");
      const hostLine = (publicKey: string) => `[127.0.0.1]:${sshd.port} ${readFileSync(publicKey, "utf8")}`;
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(base, "impostor")]);
      writeFileSync(knownHosts, hostLine(join(base, "impostor.pub")));
      const command = `ssh -F /dev/null -i ${key} -p ${sshd.port} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${knownHosts} ${user}@127.0.0.1 -s sftp`;
      const repository = `sftp:${user}@127.0.0.1:${join(home, "repository")}`;
      // The server's password opens the new repository too (made by restic as root, the host trusted for that).
      const passwordFile = join(hop3.home, "secrets", "backup-repository.password");
      const rootCommand = command.replace(`UserKnownHostsFile=${knownHosts}`, "UserKnownHostsFile=/dev/null").replace("StrictHostKeyChecking=yes", "StrictHostKeyChecking=no");
      execFileSync("restic", ["--repo", repository, "-o", `sftp.command=${rootCommand}`, "--password-file", passwordFile, "--cache-dir", join(base, "cache"), "init", "--copy-chunker-params", "--from-repo", join(hop3.home, "backups", "repository"), "--from-password-file", passwordFile], { stdio: "pipe" });

      await hop3.stopServer();
      await hop3.startServer({ HOP3_BACKUP_REPOSITORY: repository, HOP3_BACKUP_SFTP_COMMAND: command });
      const impostor = await hop3.cli(["backups:create", "shop"]);
      assert.notEqual(impostor.code, 0, output(impostor));
      // restic relays ssh's own words from a goroutine that may lose the race with its exit: either reason is the SSH session's failure.
      assert.match(impostor.stderr, /error: Backup \d+ of "shop" failed: .*(ssh: Host key verification failed\.|unable to start the sftp session)/);
      assert.equal((await list("shop")).backups[0]?.status, "failed");
      writeFileSync(knownHosts, hostLine(join(sshd.dir, "host_ed25519.pub")));
      const made = JSON.parse((await ok(["backups:create", "shop", "--json"])).stdout) as { id: number };
      const listed = await list("shop");
      assert.equal(listed.repository, repository);
      assert.equal(listed.backups[0]?.status, "succeeded", listed.backups[0]?.reason ?? "");
      assert.ok(existsSync(join(home, "repository", "config")), "the repository is in the SSH account's home");
      await ok(["run", "shop", "--", "sh", "-c", 'rm "$HOP3_DATA_DIR/blob"']);
      await ok(["backups:restore", "shop", String(made.id)]);
      assert.equal(sha(dataOf("shop", "blob")), blob, "the data came back through sshd");
      assert.equal(await body("shop"), "bonjour from release-app v1");
    } finally {
      await sshd.stop();
      spawnSync("userdel", ["--remove", user], { stdio: "ignore" });
      rmSync(base, { recursive: true, force: true });
    }
  });
});
