import { join } from "node:path";
import { freeTestPort } from "./test-ports.ts";
import { DatabaseServerProcess } from "./database-server-process.ts";
import { run } from "./sshd-fixture.ts";

const env = { PATH: "/usr/sbin:/usr/bin:/bin", LANG: "C.UTF-8" };

/**
 * A MariaDB 10.11 server of its own (mariadb-install-db in a temp directory, no service) on a
 * loopback TCP port, every statement in its general log: an "external" server. It runs as
 * Debian's `mysql` account; Hop3's admin is `hop3admin'@'%'` with a password; `sql` runs as
 * MariaDB's root over the server's own socket (unix_socket: the test runs as root).
 */
export class MariadbServerFixture {
  readonly adminPassword = "ext-my-admin-Pa55word-kept-secret";
  readonly port: number;
  readonly #server: DatabaseServerProcess;
  #logFrom = 0;

  private constructor(port: number, server: DatabaseServerProcess) {
    this.port = port;
    this.#server = server;
  }

  /** The value of `addons-mysql-url`. */
  get url(): string {
    return `mysql://hop3admin:${this.adminPassword}@127.0.0.1:${this.port}/`;
  }

  static async start(): Promise<MariadbServerFixture> {
    const server = new DatabaseServerProcess("mysql", "hop3-ext-my-");
    const data = join(server.dir, "data");
    const init = await run(...server.as(["/usr/bin/mariadb-install-db", "--no-defaults", `--datadir=${data}`, "--auth-root-authentication-method=socket", "--skip-test-db"]), { env, cwd: "/" });
    if (init.code !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
    const fixture = new MariadbServerFixture(await freeTestPort(), server);
    const logs = [`--general-log=1`, `--general-log-file=${join(server.dir, "general.log")}`, `--log-error=${join(server.dir, "error.log")}`];
    await server.start(["/usr/sbin/mariadbd", "--no-defaults", `--datadir=${data}`, `--socket=${join(server.dir, "sock")}`, `--port=${fixture.port}`, "--bind-address=127.0.0.1", ...logs, "--innodb-buffer-pool-size=16M", "--skip-log-bin"], {
      env,
      ready: async () => (await fixture.#client("SELECT 1")).code === 0,
      log: () => server.read("error.log"),
    });
    await fixture.sql(`DROP USER IF EXISTS ''@'localhost'; CREATE USER hop3admin@'%' IDENTIFIED BY '${fixture.adminPassword}'; GRANT ALL PRIVILEGES ON *.* TO hop3admin@'%' WITH GRANT OPTION;`);
    // From here on: the admin's own CREATE USER (with its password) is the fixture's, not Hop3's.
    fixture.#logFrom = server.read("general.log").length;
    return fixture;
  }

  /** Every statement the server received since the fixture made Hop3's admin, and its error log. */
  log(): string {
    return this.#server.read("general.log").slice(this.#logFrom) + this.#server.read("error.log");
  }

  /** Runs SQL as MariaDB's root; resolves to its rows (tab-separated). */
  async sql(sql: string): Promise<string> {
    const result = await this.#client(sql);
    if (result.code !== 0) throw new Error(`mariadb failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  #client(sql: string) {
    return run("/usr/bin/mariadb", ["--no-defaults", "--batch", "--skip-column-names", "-S", join(this.#server.dir, "sock"), "-u", "root", "-e", sql], { env, cwd: "/" });
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }
}
