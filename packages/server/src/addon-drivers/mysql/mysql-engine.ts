import { existsSync } from "node:fs";
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Addon, AddonEngine, AddonShell, AttachingApp, Attachment, EngineRebuild } from "../../core/addon.ts";
import { Hop3Error } from "@hop3/contract";
import { mariadbBinaries, mariadbClient, mariadbDump } from "../engine-binaries.ts";
import { DataLayout, dataDirectoryRebuild } from "../data-directory-switch.ts";
import type { EngineHost } from "../engine-host.ts";
import { EngineProcess } from "../engine-process.ts";
import { checkAddonsOn } from "../external/external-server.ts";
import { isMariadbDump, quoteName, quoteString } from "./mysql-sql.ts";

/**
 * MariaDB 10.11 from Debian: one server for every mysql addon, in the engine account's
 * directory, on a Unix socket only (`skip-networking`; ADR 42). Every account authenticates
 * with the `unix_socket` plugin (ADR 43): a MariaDB user is the Unix account of the process
 * that connects, so an app is its own user (named after its account, granted its attached
 * addons' databases) and another app cannot pass for it. The daemon's own account is made
 * the admin by an init file (names only) read at each start.
 */
export class MysqlEngine implements AddonEngine {
  readonly type = "mysql";
  /** MariaDB's major is two parts: 10.11. */
  readonly majorParts = 2;
  readonly secretVariables: readonly string[] = [];
  readonly #host: EngineHost;
  readonly #process: EngineProcess;
  /** Where the server's data is: `mariadb/10.11`, or `mariadb/MAJOR.TIME` after a major upgrade (ADR 78). */
  readonly #layout: DataLayout;
  #version: string | undefined;

  constructor(host: EngineHost) {
    this.#host = host;
    this.#process = new EngineProcess(host, "mariadb");
    this.#layout = new DataLayout(join(host.dirs.configDir, "mariadb.layout.json"), join(host.dirs.addonsDir, "mariadb", "10.11"), /^\d+\.\d+(\.[a-z0-9]+)?$/);
  }

  get #dataDir(): string {
    return this.#layout.read().dir;
  }

  get #socket(): string {
    return join(this.#host.dirs.socketsDir, "mysql.sock");
  }

  async version(): Promise<string> {
    if (this.#version === undefined) {
      const lines = await this.#host.client([mariadbBinaries.server, "--version"], "", "mariadbd --version").catch(() => ["10.11"]);
      this.#version = /Ver (\d+\.\d+(\.\d+)?)/.exec(lines[0] ?? "")?.[1] ?? "10.11";
    }
    return this.#version;
  }

  async ensureRunning(addons: readonly Addon[] = []): Promise<void> {
    // Made on an external server (addons-mysql-url, since unset): not on this one (ADR 77).
    checkAddonsOn(undefined, this.type, addons);
    const { dirs } = this.#host;
    const dataDir = this.#dataDir;
    const initialised = this.#initialisedMarker(dataDir);
    const initFile = join(dirs.configDir, "mariadb-init.sql");
    await mkdir(dirs.configDir, { recursive: true, mode: 0o711 });
    await chmod(dirs.configDir, 0o711);
    const admin = quoteName(this.#host.selfUser);
    await writeFile(initFile, `CREATE USER IF NOT EXISTS ${admin}@localhost IDENTIFIED VIA unix_socket;\nGRANT ALL PRIVILEGES ON *.* TO ${admin}@localhost WITH GRANT OPTION;\n`);
    await chmod(initFile, 0o644);
    await this.#host.runAsEngine(["/usr/bin/mkdir", "-p", "-m", "0755", dirs.socketsDir], "Making the addons' socket directory");
    if (!existsSync(initialised)) {
      await this.#host.runAsEngine(["/usr/bin/rm", "-rf", dataDir], "Clearing a half-made MariaDB data directory");
      await this.#host.runAsEngine([mariadbBinaries.installDb, "--no-defaults", `--datadir=${dataDir}`, "--auth-root-authentication-method=socket", "--skip-test-db"], "mariadb-install-db");
      await writeFile(initialised, "");
    }
    const argv = [
      mariadbBinaries.server, "--no-defaults", `--datadir=${dataDir}`, `--socket=${this.#socket}`, "--skip-networking",
      `--pid-file=${join(dataDir, "mariadbd.pid")}`, `--init-file=${initFile}`, "--innodb-buffer-pool-size=32M", "--max-connections=100",
    ] as const;
    await this.#process.ensure(argv, { ready: () => this.#sql("SELECT 1;", "probe").then(() => true, () => false), timeoutMs: 60_000 });
  }

  /** A minor upgrade (ADR 68): the one server serves every mysql addon, so all of them restart on the binaries installed now. */
  async restart(_addon: Addon, addons: readonly Addon[], _attachments: readonly Attachment[]): Promise<string[]> {
    await this.#process.stop();
    this.#version = undefined;
    await this.ensureRunning();
    return addons.filter((a) => a.type === this.type).map((a) => a.name);
  }

  /**
   * A major upgrade (ADR 78): the one server serves every mysql addon, so all of them move to a
   * new data directory made by the installed binaries, on the same socket; their databases and
   * users (with their grants) are made again from Hop3's records before the dumps load.
   */
  readonly rebuild: EngineRebuild = dataDirectoryRebuild(
    "engine",
    {
      layout: () => this.#layout,
      newDir: (_addon, target) => this.#layout.next(target.split(".").slice(0, 2).join(".")),
      stop: () => this.#process.stop(),
      start: async (_addon, { addons, attachments }, fresh) => {
        this.#version = undefined;
        await this.ensureRunning();
        if (!fresh) return;
        // The users and grants are Hop3's alone (an attachment has no GRANT OPTION): made as `attach` made them.
        for (const addon of addons.filter((a) => a.type === this.type)) {
          await this.create(addon.name);
          for (const attachment of attachments.filter((a) => a.addon === addon.name)) await this.#grant(addon.name, attachment.credentials.user ?? "", attachment.app);
        }
      },
      remove: async (dir) => {
        await this.#host.runAsEngine(["/usr/bin/rm", "-rf", dir], `Removing the MariaDB data directory ${dir}`);
        await rm(this.#initialisedMarker(dir), { force: true });
      },
    },
    async (addon) => {
      const tables = await this.#sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = ${quoteString(addon.name)} AND table_type = 'BASE TABLE' ORDER BY 1;`, `Listing the tables of addon ${addon.name}`);
      if (tables.length === 0) return "";
      const counts = tables.map((table) => `SELECT ${quoteString(table)}, COUNT(*) FROM ${quoteName(addon.name)}.${quoteName(table)};`).join("\n");
      return (await this.#sql(counts, `Counting the rows of addon ${addon.name}`)).join("\n");
    },
  );

  #initialisedMarker(dataDir: string): string {
    const name = basename(dataDir);
    return join(this.#host.dirs.configDir, name === "10.11" ? "mariadb.initialised" : `mariadb.${name}.initialised`);
  }

  async create(name: string): Promise<Record<string, string>> {
    await this.#sql(`CREATE DATABASE ${quoteName(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`, `Creating the database of addon ${name}`);
    return {};
  }

  async destroy(addon: Addon): Promise<void> {
    await this.#sql(`DROP DATABASE IF EXISTS ${quoteName(addon.name)};`, `Dropping addon ${addon.name}`);
  }

  async attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>> {
    await this.#grant(addon.name, app.unixUser, app.name);
    return { user: app.unixUser };
  }

  #grant(addon: string, unixUser: string, app: string): Promise<string[]> {
    const user = `${quoteName(unixUser)}@localhost`;
    return this.#sql(`CREATE USER IF NOT EXISTS ${user} IDENTIFIED VIA unix_socket; GRANT ALL PRIVILEGES ON ${quoteName(addon)}.* TO ${user};`, `Granting ${app} addon ${addon}`);
  }

  async detach(addon: Addon, attachment: Attachment): Promise<void> {
    const user = `${quoteName(attachment.credentials.user ?? "")}@localhost`;
    // The user goes with its last grant; its sessions on this database end with it.
    await this.#sql(
      `REVOKE ALL PRIVILEGES ON ${quoteName(addon.name)}.* FROM ${user};\n` +
        `SELECT CONCAT('KILL ', id, ';') FROM information_schema.processlist WHERE user = ${quoteString(attachment.credentials.user ?? "")} AND db = ${quoteString(addon.name)};`,
      `Revoking ${attachment.app}'s grants on addon ${addon.name}`,
    ).then((kills) => (kills.length > 0 ? this.#sql(kills.join("\n"), "Ending the sessions").catch(() => []) : []));
    const left = await this.#sql(`SELECT COUNT(*) FROM mysql.db WHERE User = ${quoteString(attachment.credentials.user ?? "")};`, "Counting grants");
    if (left[0] === "0") await this.#sql(`DROP USER IF EXISTS ${user};`, `Dropping ${attachment.app}'s user`);
  }

  /** mariadb-dump of the database's tables, routines and triggers, in one consistent snapshot. */
  async exportTo(addon: Addon, file: string): Promise<void> {
    const argv = [mariadbDump, "--no-defaults", "-S", this.#socket, "-u", this.#host.selfUser, "--single-transaction", "--routines", "--triggers", addon.name] as const;
    await this.#host.clientFiles(argv, { output: file }, `mariadb-dump of addon ${addon.name}`);
  }

  /** Only a mariadb-dump file is loaded (its first line says so); SQL of any other origin is refused unread. */
  async importFrom(addon: Addon, file: string): Promise<void> {
    if (!(await isMariadbDump(file)))
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The file is not a mariadb-dump of a database; nothing was imported into the addon "${addon.name}".`);
    await this.#host.clientFiles([mariadbClient, "--no-defaults", "-S", this.#socket, "-u", this.#host.selfUser, addon.name], { input: file }, `Loading the dump into addon ${addon.name}`).catch((error: unknown) => {
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The dump failed to load into the addon "${addon.name}" (what ran before the failing statement stays). ${(error as Error).message}`);
    });
  }

  /** The database made again, empty: the grants on it (mysql.db) outlive it, so the attachments keep their access. */
  async empty(addon: Addon): Promise<void> {
    await this.#sql(`DROP DATABASE IF EXISTS ${quoteName(addon.name)}; CREATE DATABASE ${quoteName(addon.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`, `Emptying addon ${addon.name}`);
  }

  /** The mariadb client as the attachment's user: the unix_socket plugin knows the app's account, no password. */
  shell(addon: Addon, attachment: Attachment): AddonShell {
    return { argv: [mariadbClient, "--no-defaults", `--socket=${this.#socket}`, `--user=${attachment.credentials.user ?? ""}`, addon.name], env: {} };
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const user = attachment.credentials.user ?? "";
    const url = `mysql://${encodeURIComponent(user)}@localhost/${addon.name}?socket=${encodeURIComponent(this.#socket)}`;
    return { DATABASE_URL: url, MYSQL_URL: url, MYSQL_UNIX_PORT: this.#socket, MYSQL_USER: user, MYSQL_DATABASE: addon.name };
  }

  async status(): Promise<"running" | "stopped"> {
    return this.#process.running() ? "running" : "stopped";
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    const lines = await this.#sql(`SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = ${quoteString(addon.name)};`, "Measuring").catch(() => []);
    const size = Number(lines[0]);
    return lines.length > 0 && Number.isFinite(size) ? size : null;
  }

  detachProcesses(): void {
    this.#process.detach();
  }

  #sql(sql: string, what: string): Promise<string[]> {
    return this.#host.client([mariadbClient, "--no-defaults", "--batch", "--skip-column-names", "-S", this.#socket, "-u", this.#host.selfUser], sql, what);
  }
}
