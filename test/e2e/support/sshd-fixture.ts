import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freeTestPort } from "./test-ports.ts";
import type { CliResult } from "./hop3-fixture.ts";

/**
 * A real OpenSSH `sshd` on a free loopback port, with its own host key and config in a
 * temporary directory, letting in only `user` and only with keys; plus client keys and the
 * `ssh`/`git` command lines that use them.
 */
export class SshdFixture {
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  #sshd: ChildProcess | null = null;
  #log = "";

  private constructor(port: number, user: string, dir: string) {
    this.port = port;
    this.user = user;
    this.dir = dir;
  }

  /** `sftp`: OpenSSH's SFTP server as the `sftp` subsystem (an sftp: backup repository over it). */
  static async start(user: string, options: { sftp?: boolean } = {}): Promise<SshdFixture> {
    const dir = mkdtempSync(join(tmpdir(), "hop3-sshd-"));
    const port = await freeTestPort();
    const fixture = new SshdFixture(port, user, dir);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "hop3-test-host", "-f", join(dir, "host_ed25519")]);
    // sshd's privilege separation directory; Debian creates it only when its service starts.
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const config = join(dir, "sshd_config");
    writeFileSync(
      config,
      [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${join(dir, "host_ed25519")}`,
        `PidFile ${join(dir, "sshd.pid")}`,
        "AuthorizedKeysFile .ssh/authorized_keys",
        `AllowUsers ${user}`,
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "PermitRootLogin no",
        "UsePAM no",
        "StrictModes yes",
        "PrintMotd no",
        "PrintLastLog no",
        "LogLevel VERBOSE",
        ...(options.sftp ? ["Subsystem sftp /usr/lib/openssh/sftp-server"] : []),
        "",
      ].join("\n"),
    );
    const sshd = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
    sshd.stdout?.on("data", (chunk: Buffer) => (fixture.#log += chunk.toString()));
    sshd.stderr?.on("data", (chunk: Buffer) => (fixture.#log += chunk.toString()));
    fixture.#sshd = sshd;
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (sshd.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start:\n${fixture.#log}`);
      await sleep(50);
    }
    return fixture;
  }

  /** Makes a client key pair; returns the private key's path (the public key is `<path>.pub`). */
  newClientKey(name: string): string {
    const path = join(this.dir, name);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path]);
    return path;
  }

  /** `ssh` and its options for a client key: no user config, no known_hosts, no agent, no prompt. */
  sshCommand(key: string): string[] {
    return ["ssh", "-F", "/dev/null", "-i", key, "-p", String(this.port), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"];
  }

  /** `ssh <user>@127.0.0.1 -- <command>` with a client key. */
  ssh(key: string, command: string, options: { input?: string } = {}): Promise<CliResult> {
    const [program, ...args] = this.sshCommand(key);
    return run(program ?? "ssh", [...args, `${this.user}@127.0.0.1`, "--", command], { env: baseEnv(this.dir), input: options.input });
  }

  /** Runs git with GIT_SSH_COMMAND set to the client key's ssh. */
  git(key: string, args: readonly string[], options: { cwd: string }): Promise<CliResult> {
    return run("git", args, { cwd: options.cwd, env: { ...baseEnv(options.cwd), GIT_SSH_COMMAND: this.sshCommand(key).join(" ") } });
  }

  /** The git remote URL of an app: `ssh://<user>@127.0.0.1:<port>/<app>`. */
  remote(app: string): string {
    return `ssh://${this.user}@127.0.0.1:${this.port}/${app}`;
  }

  get log(): string {
    return this.#log;
  }

  async stop(): Promise<void> {
    const sshd = this.#sshd;
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd.once("exit", resolve));
      sshd.kill("SIGTERM");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What git commits and pushes need, and nothing from the test runner's own setup. */
export function baseEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.org",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.org",
  };
}

export function run(program: string, args: readonly string[], options: { cwd?: string; env: Record<string, string>; input?: string | undefined }): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The fingerprint `ssh-keygen -l` prints for a public key file. */
export function fingerprintOf(publicKeyFile: string): string {
  return execFileSync("ssh-keygen", ["-l", "-f", publicKeyFile], { encoding: "utf8" }).split(" ")[1] ?? "";
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}
