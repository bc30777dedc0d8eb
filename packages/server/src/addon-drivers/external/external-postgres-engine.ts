import { randomBytes } from "node:crypto";
import type { Addon, AddonEngine, AttachingApp, Attachment } from "../../core/addon.ts";
import { Hop3Error } from "@hop3/contract";
import { pgDump, pgRestore, psql } from "../engine-binaries.ts";
import { ExternalEngine } from "./external-engine.ts";
import { scramVerifier } from "./scram-verifier.ts";

/**
 * postgres addons on an external PostgreSQL server (`addons-postgres-url`, ADR 69): Hop3 starts
 * nothing; it connects over TCP as the URL's admin (password in the clients' environment only)
 * and makes there what its own cluster has: a database owned by a NOLOGIN role per addon, a
 * LOGIN role per attachment acting as it. Peer authentication is not possible over the network,
 * so each attachment's role has its own random password (sent as a SCRAM verifier, never in
 * clear) that only its app is given; TLS is the URL's `sslmode`.
 */
export class ExternalPostgresEngine extends ExternalEngine implements AddonEngine {
  readonly type = "postgres";
  readonly secretVariables: readonly string[] = ["DATABASE_URL", "PGPASSWORD"];
  protected readonly about = { product: "PostgreSQL", hint: "Check the URL's host, port, admin and password, its pg_hba.conf (this host must be let in with a password) and `sslmode`." };

  protected async serverVersion(): Promise<string> {
    return (await this.#sql(this.#adminDb, "SHOW server_version;", "Reading the server's version"))[0] ?? "";
  }

  async create(name: string): Promise<Record<string, string>> {
    // A name made by Hop3 (checked: [a-z0-9-]) and quoted. GRANT … TO CURRENT_USER: an admin
    // with CREATEROLE (not a superuser) may then make the database owned by the new role.
    const owner = ownerRole(name);
    await this.#sql(this.#adminDb, `CREATE ROLE "${owner}" NOLOGIN; GRANT "${owner}" TO CURRENT_USER;`, `Creating the role of addon ${name}`);
    try {
      await this.#sql(this.#adminDb, `CREATE DATABASE "${name}" OWNER "${owner}";`, `Creating the database of addon ${name}`);
      await this.#sql(this.#adminDb, `REVOKE ALL ON DATABASE "${name}" FROM PUBLIC;`, `Closing the database of addon ${name}`);
    } catch (error) {
      await this.#sql(this.#adminDb, `DROP DATABASE IF EXISTS "${name}"; DROP ROLE IF EXISTS "${owner}";`, "Undoing").catch(() => undefined);
      throw error;
    }
    return { server: this.server.id };
  }

  async destroy(addon: Addon): Promise<void> {
    await this.#sql(this.#adminDb, `DROP DATABASE IF EXISTS "${addon.name}" WITH (FORCE);`, `Dropping addon ${addon.name}`);
    await this.#sql(this.#adminDb, `DROP ROLE IF EXISTS "${ownerRole(addon.name)}";`, `Dropping the role of addon ${addon.name}`);
  }

  async attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>> {
    const role = `${addon.name}_${app.unixUser}`.slice(0, 63);
    const password = randomBytes(24).toString("hex");
    const owner = ownerRole(addon.name);
    await this.#sql(this.#adminDb, `CREATE ROLE "${role}" LOGIN PASSWORD '${scramVerifier(password)}' IN ROLE "${owner}"; ALTER ROLE "${role}" SET role = '${owner}';`, `Creating the role of ${app.name} in addon ${addon.name}`);
    return { role, password };
  }

  async detach(addon: Addon, attachment: Attachment): Promise<void> {
    const role = attachment.credentials.role ?? "";
    await this.#sql(this.#adminDb, `ALTER ROLE "${role}" NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'; DROP ROLE IF EXISTS "${role}";`, `Removing the role of ${attachment.app} in addon ${addon.name}`);
  }

  async exportTo(addon: Addon, file: string): Promise<void> {
    await this.host.clientFiles([pgDump, "-Fc", "--no-owner", "--no-acl", "-f", file, addon.name], {}, `pg_dump of addon ${addon.name}`, this.#clientEnv());
  }

  async importFrom(addon: Addon, file: string): Promise<void> {
    const argv = [pgRestore, "--no-owner", "--no-acl", `--role=${ownerRole(addon.name)}`, "--single-transaction", "--exit-on-error", "-d", addon.name, file] as const;
    await this.host.clientFiles(argv, {}, `pg_restore into addon ${addon.name}`, this.#clientEnv()).catch((error: unknown) => {
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The dump could not be imported into the addon "${addon.name}"; nothing was changed. ${(error as Error).message}`);
    });
  }

  async empty(addon: Addon): Promise<void> {
    await this.#sql(addon.name, `DROP OWNED BY "${ownerRole(addon.name)}";`, `Emptying addon ${addon.name}`);
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const { host, port, query } = this.server;
    const role = attachment.credentials.role ?? "";
    const password = attachment.credentials.password ?? "";
    const sslmode = query.get("sslmode");
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return {
      DATABASE_URL: `postgresql://${role}:${password}@${urlHost}:${port}/${addon.name}${sslmode === null ? "" : `?sslmode=${encodeURIComponent(sslmode)}`}`,
      PGHOST: host,
      PGPORT: String(port),
      PGUSER: role,
      PGPASSWORD: password,
      PGDATABASE: addon.name,
      ...(sslmode === null ? {} : { PGSSLMODE: sslmode }),
    };
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    const lines = await this.#sql(this.#adminDb, `SELECT pg_database_size('${addon.name}');`, "Measuring").catch(() => []);
    const size = Number(lines[0]);
    return Number.isFinite(size) && lines.length > 0 ? size : null;
  }

  get #adminDb(): string {
    return this.server.database === "" ? "postgres" : this.server.database;
  }

  /** The admin's connection, in libpq's variables: the password never in argv (every account reads /proc/PID/cmdline). */
  #clientEnv(): Record<string, string> {
    const { host, port, user, password, query } = this.server;
    const env: Record<string, string> = { PGHOST: host, PGPORT: String(port), PGUSER: user, PGPASSWORD: password, PGCONNECT_TIMEOUT: "10" };
    for (const [key, name] of [["sslmode", "PGSSLMODE"], ["sslrootcert", "PGSSLROOTCERT"]] as const) {
      const value = query.get(key);
      if (value !== null) env[name] = value;
    }
    return env;
  }

  #sql(database: string, sql: string, what: string): Promise<string[]> {
    return this.host.client([psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", "-"], sql, what, this.#clientEnv());
  }
}

function ownerRole(addon: string): string {
  return `addon_${addon}`;
}
