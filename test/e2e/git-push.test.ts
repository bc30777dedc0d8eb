import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { AppCertificates, AppList, SshKeyList } from "@hop3/contract";
import { TestCertificates } from "../support/test-certificates.ts";
import { Hop3Fixture, repoRoot, type CliResult } from "./support/hop3-fixture.ts";
import { copySample } from "./support/sample-apps.ts";
import { baseEnv, fingerprintOf, run, SshdFixture } from "./support/sshd-fixture.ts";

const lockWaitSeconds = 8;

describe("git push over OpenSSH, and Hop3 commands over SSH", () => {
  let hop3: Hop3Fixture;
  let sshd: SshdFixture;
  let key: string;

  before(async () => {
    hop3 = await Hop3Fixture.start({ env: { HOP3_DEPLOY_LOCK_WAIT: String(lockWaitSeconds) } });
    sshd = await SshdFixture.start(hop3.sshUser);
    key = sshd.newClientKey("laptop");
    const added = await hop3.cli(["keys:add", "laptop", `${key}.pub`]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    await sshd?.stop();
    await hop3?.close();
  });

  const git = (args: readonly string[], cwd: string, withKey = key) => sshd.git(withKey, args, { cwd });
  const push = (dir: string, app: string, ...args: string[]) => git(["push", sshd.remote(app), ...args], dir);
  const commit = async (dir: string, files: Record<string, string>, message: string) => {
    for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
    assert.equal((await run("git", ["add", "-A"], { cwd: dir, env: baseEnv(dir) })).code, 0);
    const done = await run("git", ["commit", "-q", "-m", message], { cwd: dir, env: baseEnv(dir) });
    assert.equal(done.code, 0, done.stderr);
    return (await run("git", ["rev-parse", "HEAD"], { cwd: dir, env: baseEnv(dir) })).stdout.trim();
  };
  /** The commit of a branch in the server's repository, as a client sees it. */
  const serverRef = async (app: string, branch = "main") => {
    const listed = await git(["ls-remote", sshd.remote(app), `refs/heads/${branch}`], sshd.dir);
    assert.equal(listed.code, 0, listed.stderr);
    return listed.stdout.split(/\s/)[0] ?? "";
  };
  const body = async (app: string) => (await hop3.viaProxy(app)).body;
  const appNames = async () => (JSON.parse((await hop3.cli(["apps", "--json"])).stdout) as AppList).apps.map((app) => app.name).sort();
  const pushed = (result: CliResult) => `${result.stdout}\n${result.stderr}`;

  test("keys:add refuses invalid and duplicate keys; keys:list shows the fingerprint ssh-keygen prints", async () => {
    const listed = await hop3.cli(["keys:list", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const keys = (JSON.parse(listed.stdout) as SshKeyList).keys;
    assert.deepEqual(keys.map((k) => [k.name, k.type, k.fingerprint]), [["laptop", "ssh-ed25519", fingerprintOf(`${key}.pub`)]]);
    assert.match((await hop3.cli(["keys:list"])).stdout, new RegExp(`laptop\\s+ssh-ed25519 \\(256\\)\\s+${fingerprintOf(`${key}.pub`).replace(/[+/]/g, "\\$&")}`));

    const duplicate = await hop3.cli(["keys:add", "laptop-again", `${key}.pub`]);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /^error: This key \(SHA256:.*\) is already added, as "laptop" \(id 1\)\.$/m);
    const privateKey = await hop3.cli(["keys:add", "oops", key]);
    assert.match(privateKey.stderr, /^error: This is a private key; never share it\./m);
    const garbage = await hop3.cli(["keys:add", "junk", "-"], { env: {} });
    assert.equal(garbage.code, 1);
    assert.match(garbage.stderr, /^error: The key is empty\.$/m);

    const openapi = JSON.parse((await hop3.api("/openapi.json")).body) as { paths: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(openapi.paths["/v1/keys"] ?? {}).sort(), ["get", "post"]);
    assert.deepEqual(Object.keys(openapi.paths["/v1/apps/{app}/git"] ?? {}).sort(), ["get", "put"]);

    const file = join(hop3.home, "ssh", ".ssh", "authorized_keys");
    const stats = statSync(file);
    assert.equal(stats.mode & 0o777, 0o600);
    const lines = readFileSync(file, "utf8").split("\n").filter((line) => line.startsWith("restrict"));
    assert.deepEqual(lines, [`restrict,pty,command="'${repoRoot}/packages/server/bin/hop3-server' ssh-command --home '${hop3.home}' 1" ${readFileSync(`${key}.pub`, "utf8").split(" ").slice(0, 2).join(" ")} hop3-key-1`]);
  });

  test("ssh <user>@host apps lists the apps, with the key's owner as the caller", async () => {
    const empty = await sshd.ssh(key, "apps");
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /^No apps yet/);
    const help = await sshd.ssh(key, "help");
    assert.match(help.stdout, /git push hop3 main/);
  });

  test("a first push creates the app, deploys it with the output in the push, and it is served", async () => {
    const dir = copySample("static-site", { git: true });
    const result = await push(dir, "site", "main");
    assert.equal(result.code, 0, pushed(result));
    assert.match(result.stderr, /remote: -----> Deploying main \([0-9a-f]{7}\) to site/);
    assert.match(result.stderr, /remote: -----> Detected a static app/);
    assert.match(result.stderr, new RegExp(`remote: =====> site is live at http://site\\.localhost:${hop3.httpPort}/`));
    assert.match(result.stderr, /\* \[new branch\]\s+main -> main/);
    assert.match(await body("site"), /Hello from static-site/);
    const apps = await sshd.ssh(key, "apps");
    assert.match(apps.stdout, /^site\s+static\s+v1\b/m);
    const ps = await sshd.ssh(key, "ps site");
    assert.equal(ps.code, 0, ps.stderr);
  });

  test("pushes the Flask sample, then a change (new body served), then no change (nothing deployed)", async () => {
    const dir = copySample("flask-app", { git: true });
    const first = await git(["push", `${sshd.user}@127.0.0.1:flask`, "main"], dir);
    assert.equal(first.code, 0, pushed(first));
    assert.match(first.stderr, /remote: .*Detected a python app/);
    assert.equal(await body("flask"), "Hello from flask-app\n");

    const app = readFileSync(join(dir, "app.py"), "utf8").replace("Hello from flask-app", "Hello again from flask-app");
    const sha = await commit(dir, { "app.py": app }, "change the greeting");
    const second = await push(dir, "flask", "main");
    assert.equal(second.code, 0, pushed(second));
    assert.match(second.stderr, /remote: =====> flask is live at/);
    assert.equal(await body("flask"), "Hello again from flask-app\n");
    assert.equal(await serverRef("flask"), sha);

    const unchanged = await push(dir, "flask", "main");
    assert.equal(unchanged.code, 0, pushed(unchanged));
    assert.match(unchanged.stderr, /Everything up-to-date/);
    assert.doesNotMatch(unchanged.stderr, /Deploying/);
    const info = JSON.parse((await hop3.cli(["apps:info", "flask", "--json"])).stdout) as { release: number };
    assert.equal(info.release, 2, "the push without change made no release");
  });

  test("a push whose build fails is rejected: the branch keeps its commit and the old body is served", async () => {
    const dir = join(sshd.dir, "flask-clone");
    const clone = await git(["clone", "-q", sshd.remote("flask"), dir], sshd.dir);
    assert.equal(clone.code, 0, clone.stderr);
    const before = await serverRef("flask");
    await commit(dir, { "requirements.txt": "hop3-no-such-package-xyz==1.0\n" }, "break the build");
    const result = await push(dir, "flask", "main");
    assert.notEqual(result.code, 0, "the push must fail");
    assert.match(result.stderr, /remote: error: /);
    assert.match(result.stderr, /remote: hint: Read the build output above; the previous release keeps serving\./);
    assert.match(result.stderr, /remote: -----> Push rejected: main keeps its previous commit\./);
    assert.match(result.stderr, /\[remote rejected\]\s+main -> main \(pre-receive hook declined\)/);
    assert.equal(await serverRef("flask"), before);
    assert.equal(await body("flask"), "Hello again from flask-app\n");
  });

  test("two clones pushing to the same app at once deploy one after the other; the served body is the branch's", async () => {
    const clones = ["alice", "bob"].map((name) => join(sshd.dir, `flask-${name}`));
    const shas: Record<string, string> = {};
    for (const dir of clones) {
      assert.equal((await git(["clone", "-q", sshd.remote("flask"), dir], sshd.dir)).code, 0);
      const name = dir.endsWith("alice") ? "alice" : "bob";
      const app = readFileSync(join(dir, "app.py"), "utf8").replace(/return ".*"/, `return "Hello from ${name}\\n"`);
      shas[await commit(dir, { "app.py": app }, `${name}'s change`)] = `Hello from ${name}\n`;
    }
    // Forced, so that both are accepted: they must still run one at a time.
    const results = await Promise.all(clones.map((dir) => push(dir, "flask", "--force", "main")));
    for (const result of results) assert.equal(result.code, 0, pushed(result));
    assert.equal(results.filter((result) => /Another push to flask is in progress; waiting up to 8s/.test(result.stderr)).length, 1, results.map(pushed).join("\n----\n"));
    const ref = await serverRef("flask");
    assert.ok(shas[ref], "the branch is one of the two commits");
    assert.equal(await body("flask"), shas[ref]);
  });

  test("a push waiting for another one longer than the deploy-lock-wait is refused, changing nothing", async () => {
    const repo = join(hop3.home, "git", "site.git");
    // --no-fork: flock becomes `sleep`, so killing it releases the lock.
    const holder = spawn("flock", ["--no-fork", join(repo, "hop3-push.lock"), "sleep", "30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const dir = join(sshd.dir, "site-clone");
      assert.equal((await git(["clone", "-q", sshd.remote("site"), dir], sshd.dir)).code, 0);
      const before = await serverRef("site");
      await commit(dir, { "index.html": "<p>late</p>\n" }, "too late");
      const started = Date.now();
      const result = await push(dir, "site", "main");
      assert.notEqual(result.code, 0);
      assert.ok(Date.now() - started >= lockWaitSeconds * 1000);
      assert.match(result.stderr, /Another push to site is in progress; waiting up to 8s/);
      assert.match(result.stderr, /error: Another push to site was still running after 8s\./);
      holder.kill();
      assert.equal(await serverRef("site"), before);
    } finally {
      holder.kill();
    }
  });

  test("other branches are stored and not deployed; deleting the deploy branch is refused; git:set-branch moves it", async () => {
    const dir = join(sshd.dir, "site-branches");
    assert.equal((await git(["clone", "-q", sshd.remote("site"), dir], sshd.dir)).code, 0);
    const served = await body("site");
    await run("git", ["checkout", "-q", "-b", "preview"], { cwd: dir, env: baseEnv(dir) });
    const previewSha = await commit(dir, { "index.html": "<p>Hello from preview</p>\n" }, "preview");
    const other = await push(dir, "site", "preview");
    assert.equal(other.code, 0, pushed(other));
    assert.match(other.stderr, /remote: -----> Stored branch preview; not deployed \(site deploys main\)\./);
    assert.equal(await serverRef("site", "preview"), previewSha);
    assert.equal(await body("site"), served);

    const deleted = await push(dir, "site", ":main");
    assert.notEqual(deleted.code, 0);
    assert.match(deleted.stderr, /remote: error: Deleting main, the deploy branch of site, is refused\./);
    assert.notEqual(await serverRef("site", "main"), "");

    const set = await sshd.ssh(key, "git:set-branch site preview");
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /Pushes to preview deploy site/);
    const next = await commit(dir, { "index.html": "<p>Hello from preview, deployed</p>\n" }, "preview 2");
    const deployed = await push(dir, "site", "preview");
    assert.equal(deployed.code, 0, pushed(deployed));
    assert.equal(await body("site"), "<p>Hello from preview, deployed</p>\n");
    assert.equal(await serverRef("site", "preview"), next);
    const removedMain = await push(dir, "site", ":main");
    assert.equal(removedMain.code, 0, "main is an ordinary branch now");
  });

  for (const sample of ["go-app", "express-app"]) {
    test(`pushes ${sample} and serves it`, async () => {
      const dir = copySample(sample, { git: true });
      const result = await push(dir, sample, "main");
      assert.equal(result.code, 0, pushed(result));
      assert.match(await body(sample), new RegExp(`Hello from ${sample}`));
    });
  }

  test("the hop3 CLI runs commands over SSH with HOP3_URL=ssh://, deploy included", async () => {
    const env = { HOP3_URL: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, HOP3_TOKEN: "", HOP3_SSH_COMMAND: sshd.sshCommand(key).join(" ") };
    const apps = await hop3.cli(["apps"], { env });
    assert.equal(apps.code, 0, apps.stderr);
    assert.match(apps.stdout, /^flask\s+running/m);
    const json = await hop3.cli(["ps", "flask", "--json"], { env });
    assert.equal((JSON.parse(json.stdout) as { app: string }).app, "flask");
    const deployed = await hop3.cli(["deploy", "--app", "over-ssh", copySample("static-site")], { env });
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.match(deployed.stdout, new RegExp(`=====> over-ssh is live at http://over-ssh\\.localhost:${hop3.httpPort}/`));
    assert.match(await body("over-ssh"), /Hello from static-site/);
    // certs:add reads both files on the client and sends them on stdin; over SSH by hand, a file name would be read on the server: refused.
    const certs = new TestCertificates();
    try {
      const ca = certs.root("SSH Test CA");
      const leaf = certs.issue(ca, { name: "over-ssh.localhost", hosts: ["over-ssh.localhost"] });
      const added = await hop3.cli(["certs:add", "over-ssh", certs.file("chain.pem", leaf.cert + ca.cert), certs.file("leaf.key", leaf.key)], { env });
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /Serving the certificate for over-ssh\.localhost \(issuer SSH Test CA/);
      const listed = JSON.parse((await hop3.cli(["certs", "over-ssh", "--json"], { env })).stdout) as AppCertificates;
      assert.deepEqual(listed.custom?.map((cert) => cert.hosts), [["over-ssh.localhost"]]);
      const byName = await sshd.ssh(key, "certs:add over-ssh /etc/ssl/private/server.key /etc/ssl/private/server.key");
      assert.notEqual(byName.code, 0);
      assert.match(byName.stderr, /Over SSH, certs:add reads the certificate chain and its key from stdin only/);
    } finally {
      certs.remove();
    }
    const destroy = await hop3.cli(["apps:destroy", "over-ssh"], { env });
    assert.equal(destroy.code, 2);
    assert.match(destroy.stderr, /^error: Refusing to destroy over-ssh without confirmation: stdin is not a terminal\.$/m);
    const destroyed = await hop3.cli(["apps:destroy", "over-ssh", "--yes"], { env });
    assert.equal(destroyed.code, 0, destroyed.stderr);
    const login = await hop3.cli(["login", "--url", env.HOP3_URL], { env: { HOP3_SSH_COMMAND: env.HOP3_SSH_COMMAND } });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /^Logged in to ssh:\/\/.* \(Hop3 /);
    const saved = await hop3.cli(["status"], { env: { HOP3_URL: "", HOP3_TOKEN: "", HOP3_SSH_COMMAND: env.HOP3_SSH_COMMAND } });
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /^Apps:\s+\d+$/m);
    const unknownKey = await hop3.cli(["apps"], { env: { ...env, HOP3_SSH_COMMAND: sshd.sshCommand(sshd.newClientKey("stranger")).join(" ") } });
    assert.equal(unknownKey.code, 1);
    assert.match(unknownKey.stderr, /Permission denied \(publickey\)/);
    assert.match(unknownKey.stderr, /^error: Cannot reach the Hop3 server at ssh:\/\//m);
  });

  test("hostile SSH commands are refused without side effects, through sshd and run directly", async () => {
    const marker = `/tmp/hop3-pwned-${randomBytes(4).toString("hex")}`;
    const hostile = [
      `'; rm -rf /'`,
      `git-receive-pack '; touch ${marker}'`,
      `git-receive-pack '../../etc/passwd'`,
      `git-upload-pack '../../etc/passwd'`,
      `git-receive-pack '/tmp/evil.git'`,
      `git-receive-pack '${"a".repeat(300)}'`,
      `git-receive-pack 'api'`,
      `apps ${"x ".repeat(3000)}`,
      `apps; touch ${marker}`,
      `apps && touch ${marker}`,
      `apps | touch ${marker}`,
      `apps $(touch ${marker})`,
      `apps \`touch ${marker}\``,
      `apps\ntouch ${marker}`,
      `git-receive-pack 'site\u0001'`,
      `sh -c 'touch ${marker}'`,
      "bash",
      "scp -t /tmp",
      "rsync --server . /tmp",
      "git-upload-archive 'site'",
      "deploy --app x",
      "deploy-upload --app ../x",
      "internal-sftp",
    ];
    const repos = readdirSync(join(hop3.home, "git")).sort();
    const apps = await appNames();
    for (const command of hostile) {
      const result = await sshd.ssh(key, command);
      assert.equal(result.code, 1, `${JSON.stringify(command)}: ${pushed(result)}`);
      assert.match(result.stderr, /^error: .+\n$/, JSON.stringify(command));
      assert.equal(result.stdout, "");
    }
    // The forced command itself, as sshd would start it (as the SSH account), without sshd in between.
    const account = readFileSync("/etc/passwd", "utf8").split("\n").find((line) => line.startsWith(`${sshd.user}:`))?.split(":") ?? [];
    // (A NUL byte cannot reach the command at all: neither the SSH protocol's command string as
    // sshd passes it nor an environment variable can hold one; the parser's unit test covers it.)
    for (const command of hostile) {
      const env = { PATH: "/usr/bin:/bin", SSH_ORIGINAL_COMMAND: command };
      const result = await new Promise<CliResult>((resolve, reject) => {
        const child = spawn(join(repoRoot, "packages/server/bin/hop3-server"), ["ssh-command", "--home", hop3.home, "1"], { env, uid: Number(account[2]), gid: Number(account[3]), stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout: "", stderr }));
      });
      assert.equal(result.code, 1, `${JSON.stringify(command)}: ${result.stderr}`);
      assert.match(result.stderr, /^error: /);
    }
    const otherKeyId = await new Promise<number | null>((resolve) => {
      const child = spawn(join(repoRoot, "packages/server/bin/hop3-server"), ["ssh-command", "--home", hop3.home, "../1"], { env: { PATH: "/usr/bin:/bin", SSH_ORIGINAL_COMMAND: "apps" }, stdio: "ignore" });
      child.once("close", resolve);
    });
    assert.equal(otherKeyId, 1, "a key id that is not a number is refused");
    assert.equal(existsSync(marker), false, "no command ran");
    assert.deepEqual(readdirSync(join(hop3.home, "git")).sort(), repos, "no repository was created");
    assert.deepEqual(await appNames(), apps, "no app was created");

    // No port forwarding. A pty is allowed since `ssh -t … run APP -- bash` needs one (ADR 15),
    // but it only ever reaches the forced command: the command still answers as it would without.
    const [ssh, ...options] = sshd.sshCommand(key);
    const forward = await run(ssh ?? "ssh", [...options, "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9", `${sshd.user}@127.0.0.1`, "--", "apps"], { env: baseEnv(sshd.dir) });
    assert.notEqual(forward.code, 0);
    assert.match(forward.stderr, /remote port forwarding failed/);
    const pty = await run(ssh ?? "ssh", [...options, "-tt", `${sshd.user}@127.0.0.1`, "--", "apps"], { env: baseEnv(sshd.dir) });
    assert.doesNotMatch(pty.stderr, /PTY allocation request failed/);
    assert.match(pty.stdout, /^NAME\s+STATUS|^No apps yet/m, "with a pty, the forced command still runs (and only it)");
  });

  test("destroying an app over SSH removes its repository; the next push starts afresh", async () => {
    const destroyed = await sshd.ssh(key, "apps:destroy site --yes");
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.equal(existsSync(join(hop3.home, "git", "site.git")), false);
    const dir = copySample("static-site", { git: true });
    const result = await push(dir, "site", "main");
    assert.equal(result.code, 0, pushed(result));
    assert.match(result.stderr, /\* \[new branch\]\s+main -> main/);
    assert.match(result.stderr, /main is the deploy branch of site from now on/);
    assert.match(await body("site"), /Hello from static-site/);
  });

  test("a removed key can no longer push or run commands; the other keys still can", async () => {
    const other = sshd.newClientKey("ci");
    const added = await sshd.ssh(key, "keys:add ci -", { input: readFileSync(`${other}.pub`, "utf8") });
    assert.equal(added.code, 0, added.stderr);
    const id = /^Added ci \(id (\d+)\)/.exec(added.stdout)?.[1];
    assert.ok(id, added.stdout);
    const dir = join(sshd.dir, "site-ci");
    assert.equal((await git(["clone", "-q", sshd.remote("site"), dir], sshd.dir, other)).code, 0);
    await commit(dir, { "index.html": "<p>Hello from ci</p>\n" }, "ci");
    assert.equal((await git(["push", sshd.remote("site"), "main"], dir, other)).code, 0);
    assert.equal(await body("site"), "<p>Hello from ci</p>\n");

    const removed = await hop3.cli(["keys:remove", "ci"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /^Removed ci \(id \d+, SHA256:/);
    assert.equal(existsSync(join(hop3.home, "ssh", "keys", `${id}.token`)), false, "its token is gone");
    await commit(dir, { "index.html": "<p>Hello from a removed key</p>\n" }, "after removal");
    const refused = await git(["push", sshd.remote("site"), "main"], dir, other);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Permission denied \(publickey\)/);
    assert.equal((await sshd.ssh(other, "apps")).code, 255);
    assert.equal(await body("site"), "<p>Hello from ci</p>\n");
    assert.equal((await sshd.ssh(key, "apps")).code, 0, "the first key still works");
    const missing = await hop3.cli(["keys:remove", "ci"]);
    assert.match(missing.stderr, /^error: No SSH key has the id or name "ci"\.$/m);
  });
});
