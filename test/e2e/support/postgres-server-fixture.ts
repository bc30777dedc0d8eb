import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freeTestPort } from "./test-ports.ts";
import { run } from "./sshd-fixture.ts";

const bin = "/usr/lib/postgresql/15/bin";
const env = { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" };

/**
 * A PostgreSQL 15 cluster of its own (initdb in a temp directory, no service) on a loopback TCP
 * port with password (SCRAM) authentication: an "external" server as a managed database is.
 * It runs as Debian's `postgres` account (PostgreSQL refuses root). Hop3's admin is a role with
 * CREATEROLE and CREATEDB, not a superuser, as managed databases give; `sql` runs as the
 * superuser over the cluster's own socket, to look at what Hop3 made.
 */
export class PostgresServerFixture {
  readonly port: number;
  readonly adminPassword = "ext-admin-Pa55word-kept-secret";
  readonly #dir: string;
  readonly #process: ChildProcess;
  readonly #uid: { uid: number; gid: number };

  private constructor(port: number, dir: string, child: ChildProcess, uid: { uid: number; gid: number }) {
    this.port = port;
    this.#dir = dir;
    this.#process = child;
    this.#uid = uid;
  }

  /** The URL of Hop3's admin: the value of `addons-postgres-url`. */
  get url(): string {
    return `postgres://hop3admin:${this.adminPassword}@127.0.0.1:${this.port}/`;
  }

  static async start(): Promise<PostgresServerFixture> {
    const account = readFileSync("/etc/passwd", "utf8").split("\n").map((line) => line.split(":")).find((fields) => fields[0] === "postgres");
    if (!account) throw new Error("no postgres account: install postgresql-15 (scripts/bootstrap.sh)");
    const ids = { uid: Number(account[2]), gid: Number(account[3]) };
    const dir = mkdtempSync(join(tmpdir(), "hop3-ext-pg-"));
    chownSync(dir, ids.uid, ids.gid);
    chmodSync(dir, 0o700);
    const as = ["/usr/bin/setpriv", `--reuid=${ids.uid}`, `--regid=${ids.gid}`, "--clear-groups", "--"];
    const init = await run(as[0] as string, [...as.slice(1), `${bin}/initdb`, "-D", join(dir, "data"), "-U", "super", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], { env, cwd: "/" });
    if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const port = await freeTestPort();
    const child = spawn(as[0] as string, [...as.slice(1), `${bin}/postgres`, "-D", join(dir, "data"), "-c", "listen_addresses=127.0.0.1", "-p", String(port), "-k", dir, "-c", "shared_buffers=16MB", "-c", "log_statement=all"], { env, cwd: "/", stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const fixture = new PostgresServerFixture(port, dir, child, ids);
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`postgres exited at start:\n${log}`);
      if ((await fixture.#psql("SELECT 1")).code === 0) break;
      if (tries > 300) throw new Error(`postgres did not answer:\n${log}`);
      await sleep(100);
    }
    await fixture.sql(`CREATE ROLE hop3admin LOGIN CREATEROLE CREATEDB PASSWORD '${fixture.adminPassword}'`);
    // From here on: the admin's own CREATE ROLE (with its password) is the fixture's, not Hop3's.
    const from = log.length;
    fixture.log = () => log.slice(from);
    return fixture;
  }

  /** What the server logged (every statement: `log_statement=all`) since the fixture made Hop3's admin. */
  log: () => string = () => "";

  /** Runs SQL as the superuser; resolves to its rows (unaligned, tuples only). */
  async sql(sql: string, database = "postgres"): Promise<string> {
    const result = await this.#psql(sql, database);
    if (result.code !== 0) throw new Error(`psql failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  #psql(sql: string, database = "postgres") {
    const { uid, gid } = this.#uid;
    return run("/usr/bin/setpriv", [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--", "/usr/bin/psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", this.#dir, "-p", String(this.port), "-U", "super", "-d", database, "-c", sql], { env, cwd: "/" });
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
