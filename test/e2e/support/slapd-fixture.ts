import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freeTestPort } from "./test-ports.ts";
import { run } from "./sshd-fixture.ts";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

/**
 * Debian's slapd on a loopback port with its own slapd.conf and database in a temp directory
 * (no system service): `dc=example,dc=org`, people under ou=people, groups (groupOfNames) under ou=groups.
 */
export class SlapdFixture {
  readonly url: string;
  readonly baseDn = "dc=example,dc=org";
  readonly adminDn = "cn=admin,dc=example,dc=org";
  readonly adminPassword = "slapd-admin-password";
  readonly #dir: string;
  readonly #process: ChildProcess;

  private constructor(url: string, dir: string, child: ChildProcess) {
    this.url = url;
    this.#dir = dir;
    this.#process = child;
  }

  static async start(): Promise<SlapdFixture> {
    const dir = mkdtempSync(join(tmpdir(), "hop3-slapd-"));
    mkdirSync(join(dir, "data"));
    const port = await freeTestPort();
    const conf = join(dir, "slapd.conf");
    writeFileSync(
      conf,
      [
        ...["core", "cosine", "inetorgperson", "nis"].map((schema) => `include /etc/ldap/schema/${schema}.schema`),
        `pidfile ${join(dir, "slapd.pid")}`,
        "modulepath /usr/lib/ldap",
        "moduleload back_mdb",
        "database mdb",
        "maxsize 10485760",
        'suffix "dc=example,dc=org"',
        'rootdn "cn=admin,dc=example,dc=org"',
        "rootpw slapd-admin-password",
        `directory ${join(dir, "data")}`,
        "access to attrs=userPassword by self read by anonymous auth by * none",
        "access to * by * read",
        "",
      ].join("\n"),
    );
    // -d keeps slapd in the foreground, so the test owns it and stops it by its pid.
    const child = spawn("/usr/sbin/slapd", ["-h", `ldap://127.0.0.1:${port}/`, "-f", conf, "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const fixture = new SlapdFixture(`ldap://127.0.0.1:${port}`, dir, child);
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`slapd exited at start:\n${log}`);
      const probe = await run("ldapsearch", ["-x", "-H", fixture.url, "-b", "", "-s", "base", "namingContexts"], { env });
      if (probe.code === 0) break;
      if (tries > 200) throw new Error(`slapd did not answer:\n${log}`);
      await sleep(50);
    }
    return fixture;
  }

  /** Adds entries (LDIF) as the directory's admin. */
  async add(ldif: string): Promise<void> {
    const added = await run("ldapadd", ["-x", "-H", this.url, "-D", this.adminDn, "-w", this.adminPassword], { env, input: ldif });
    if (added.code !== 0) throw new Error(`ldapadd failed: ${added.stderr}`);
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode === null) {
      const exited = new Promise((resolve) => this.#process.once("exit", resolve));
      this.#process.kill("SIGTERM");
      await exited;
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
