import { join } from "node:path";
import { freeTestPort } from "./test-ports.ts";
import { redisCommand } from "../../../packages/server/src/addon-drivers/redis/resp-client.ts";
import { DatabaseServerProcess } from "./database-server-process.ts";

/**
 * A redis-server 7.0 of its own on a loopback TCP port, as Debian's `redis` account: an
 * "external" Redis whose default user is off and whose admin is the ACL user `hop3admin`. Its
 * slow log records every command with its arguments (`slowlog-log-slower-than 0`), so a test
 * can look for secrets in what the server keeps.
 */
export class RedisServerFixture {
  readonly adminPassword = "ext-redis-admin-Pa55word-kept-secret";
  /** The value of `addons-redis-url`. */
  readonly url: string;
  readonly #server: DatabaseServerProcess;

  private constructor(port: number, server: DatabaseServerProcess) {
    [this.port, this.#server] = [port, server];
    this.url = `redis://hop3admin:${this.adminPassword}@127.0.0.1:${this.port}/`;
  }

  readonly port: number;

  static async start(): Promise<RedisServerFixture> {
    const server = new DatabaseServerProcess("redis", "hop3-ext-redis-");
    const fixture = new RedisServerFixture(await freeTestPort(), server);
    const config = [`port ${fixture.port}`, "bind 127.0.0.1", `dir ${server.dir}`, `logfile ${join(server.dir, "redis.log")}`, "loglevel verbose", 'save ""'];
    const users = ["user default off", `user hop3admin on >${fixture.adminPassword} ~* &* +@all`];
    await server.start(["/usr/bin/redis-server", "-"], {
      env: { PATH: "/usr/bin:/bin" },
      input: [...config, "slowlog-log-slower-than 0", "slowlog-max-len 10000", ...users, ""].join("\n"),
      ready: () => fixture.command("PING").then(() => true, () => false),
      log: () => server.read("redis.log"),
    });
    return fixture;
  }

  /** A command as the admin: its reply. */
  command(...args: string[]): Promise<unknown> {
    return redisCommand({ host: "127.0.0.1", port: this.port }, ["hop3admin", this.adminPassword], args);
  }

  /** What the server keeps: its log file and its slow log (every command, with its arguments). */
  async kept(): Promise<string> {
    return this.#server.read("redis.log") + JSON.stringify(await this.command("SLOWLOG", "GET", "10000"));
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }
}
