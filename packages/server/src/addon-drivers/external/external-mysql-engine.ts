import { createHash, randomBytes } from "node:crypto";
import type { Addon, AddonEngine, AddonShell, AttachingApp, Attachment } from "../../core/addon.ts";
import { Hop3Error } from "@hop3/contract";
import { mariadbClient, mariadbDump } from "../engine-binaries.ts";
import { quoteName, quoteString, isMariadbDump } from "../mysql/mysql-sql.ts";
import { ExternalEngine, attachmentUser } from "./external-engine.ts";

/** MariaDB user names: 80 characters since 10.6, 32 in MySQL; the shorter keeps both. */
const maxUser = 32;

/**
 * mysql addons on an external MariaDB/MySQL server (`addons-mysql-url`, ADR 77): a database per
 * addon, a user per attachment (`'<addon>_<account>'@'%'`) with its own random password,
 * granted that one database only. Hop3 connects over TCP as the URL's admin, its password in
 * the clients' environment (`MYSQL_PWD`), never in argv; users' passwords are sent as their
 * `mysql_native_password` hash, so no statement the server logs holds them.
 */
export class ExternalMysqlEngine extends ExternalEngine implements AddonEngine {
  readonly type = "mysql";
  readonly majorParts = 2;
  readonly secretVariables: readonly string[] = ["DATABASE_URL", "MYSQL_URL", "MYSQL_PWD"];
  protected readonly about = { product: "MariaDB", hint: "Check the URL's host, port, admin and password, that the admin may connect from this host, and `ssl`/`ssl-ca`." };

  protected async serverVersion(): Promise<string> {
    return (await this.#sql("SELECT VERSION();", "Reading the server's version"))[0] ?? "";
  }

  async create(name: string): Promise<Record<string, string>> {
    await this.#sql(`CREATE DATABASE ${quoteName(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`, `Creating the database of addon ${name}`);
    return { server: this.server.id };
  }

  async destroy(addon: Addon): Promise<void> {
    await this.#sql(`DROP DATABASE IF EXISTS ${quoteName(addon.name)};`, `Dropping addon ${addon.name}`);
  }

  async attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>> {
    const user = attachmentUser(addon.name, app.unixUser, maxUser, sha256);
    const password = randomBytes(24).toString("hex");
    const account = `${quoteString(user)}@'%'`;
    await this.#sql(`CREATE USER ${account} IDENTIFIED BY PASSWORD ${quoteString(nativePasswordHash(password))}; GRANT ALL PRIVILEGES ON ${quoteName(addon.name)}.* TO ${account};`, `Creating the user of ${app.name} in addon ${addon.name}`);
    return { user, password };
  }

  async detach(addon: Addon, attachment: Attachment): Promise<void> {
    const user = attachment.credentials.user ?? "";
    const kills = await this.#sql(`SELECT CONCAT('KILL ', id, ';') FROM information_schema.processlist WHERE user = ${quoteString(user)};`, "Listing the user's sessions").catch(() => []);
    await this.#sql(`DROP USER IF EXISTS ${quoteString(user)}@'%';`, `Removing the user of ${attachment.app} in addon ${addon.name}`);
    if (kills.length > 0) await this.#sql(kills.join("\n"), "Ending the user's sessions").catch(() => []);
  }

  async exportTo(addon: Addon, file: string): Promise<void> {
    await this.host.clientFiles([mariadbDump, ...this.#connection(), "--single-transaction", "--routines", "--triggers", addon.name], { output: file }, `mariadb-dump of addon ${addon.name}`, this.#clientEnv());
  }

  async importFrom(addon: Addon, file: string): Promise<void> {
    if (!(await isMariadbDump(file))) throw new Hop3Error("ADDON_IMPORT_INVALID", `The file is not a mariadb-dump of a database; nothing was imported into the addon "${addon.name}".`);
    await this.host.clientFiles([mariadbClient, ...this.#connection(), addon.name], { input: file }, `Loading the dump into addon ${addon.name}`, this.#clientEnv()).catch((error: unknown) => {
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The dump failed to load into the addon "${addon.name}" (what ran before the failing statement stays). ${(error as Error).message}`);
    });
  }

  /** The database made again, empty: grants on it (mysql.db) outlive it. */
  async empty(addon: Addon): Promise<void> {
    await this.#sql(`DROP DATABASE IF EXISTS ${quoteName(addon.name)}; CREATE DATABASE ${quoteName(addon.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`, `Emptying addon ${addon.name}`);
  }

  /** The mariadb client as the attachment's user: its password in MYSQL_PWD, never in argv. */
  shell(addon: Addon, attachment: Attachment): AddonShell {
    const { user = "", password = "" } = attachment.credentials;
    return { argv: [mariadbClient, "--no-defaults", "-h", this.server.host, "-P", String(this.server.port), ...this.#tlsArgs(), `--user=${user}`, addon.name], env: { MYSQL_PWD: password } };
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const { host, port, query } = this.server;
    const { user = "", password = "" } = attachment.credentials;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    const search = query.toString();
    const url = `mysql://${encodeURIComponent(user)}:${password}@${urlHost}:${port}/${addon.name}${search === "" ? "" : `?${search}`}`;
    // MYSQL_PWD and MYSQL_TCP_PORT are read by MariaDB's and MySQL's clients themselves.
    return { DATABASE_URL: url, MYSQL_URL: url, MYSQL_HOST: host, MYSQL_TCP_PORT: String(port), MYSQL_USER: user, MYSQL_PWD: password, MYSQL_DATABASE: addon.name };
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    const lines = await this.#sql(`SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = ${quoteString(addon.name)};`, "Measuring").catch(() => []);
    const size = Number(lines[0]);
    return lines.length > 0 && Number.isFinite(size) ? size : null;
  }

  /** The admin's connection in argv: host, port, user, TLS; never the password (MYSQL_PWD). */
  #connection(): string[] {
    return ["--no-defaults", "-h", this.server.host, "-P", String(this.server.port), "-u", this.server.user, ...this.#tlsArgs()];
  }

  /** TLS from the URL's query: `ssl=true` encrypts; `ssl-ca=FILE` also checks the server's certificate and name. */
  #tlsArgs(): string[] {
    return mysqlTlsArgs(this.server.query);
  }

  #clientEnv(): Record<string, string> {
    return { MYSQL_PWD: this.server.password };
  }

  #sql(sql: string, what: string): Promise<string[]> {
    return this.host.client([mariadbClient, ...this.#connection(), "--batch", "--skip-column-names", "--connect-timeout=10"], sql, what, this.#clientEnv());
  }
}

export function mysqlTlsArgs(query: URLSearchParams): string[] {
  const ca = query.get("ssl-ca");
  if (ca !== null) return ["--ssl", `--ssl-ca=${ca}`, "--ssl-verify-server-cert"];
  return query.get("ssl") === "true" ? ["--ssl"] : [];
}

/** MariaDB's `mysql_native_password` hash of `password` (`PASSWORD()`): `*` and SHA1(SHA1(password)) in capitals. */
export function nativePasswordHash(password: string): string {
  const once = createHash("sha1").update(password, "utf8").digest();
  return `*${createHash("sha1").update(once).digest("hex").toUpperCase()}`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
