import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Addon, AddonEngine, AddonShell, AttachingApp, Attachment, EngineRebuild } from "../../core/addon.ts";
import { Hop3Error } from "@hop3/contract";
import { DataLayout, dataDirectoryRebuild } from "../data-directory-switch.ts";
import { pgDump, pgRestore, postgresBinariesOf, psql } from "../engine-binaries.ts";
import type { EngineHost } from "../engine-host.ts";
import { EngineProcess } from "../engine-process.ts";
import { checkAddonsOn } from "../external/external-server.ts";

const admin = "hop3_admin";
/** Names only the socket file (`.s.PGSQL.5432`): the cluster listens on no TCP port. */
const port = 5432;

/**
 * PostgreSQL 15 from Debian: one cluster for every postgres addon, in the engine account's
 * directory, listening on a Unix socket only (ADR 42). Authentication is `peer` through one
 * ident map (ADR 43): the daemon's user is the admin role, each attached app's Unix account is
 * its attachment's role and nothing else, so what an app can see (a URL, the socket) is useless
 * to another app. An addon is a database owned by a NOLOGIN role; an attachment is a LOGIN
 * role that is a member of it and acts as it (`SET role`), so its tables belong to the addon.
 */
export class PostgresEngine implements AddonEngine {
  readonly type = "postgres";
  readonly secretVariables: readonly string[] = [];
  readonly #host: EngineHost;
  readonly #process: EngineProcess;
  /** Where the cluster's data is: `postgres/15`, or `postgres/MAJOR.TIME` after a major upgrade (ADR 78). */
  readonly #layout: DataLayout;
  #version: string | undefined;
  #accessQueue: Promise<void> = Promise.resolve();

  constructor(host: EngineHost) {
    this.#host = host;
    this.#process = new EngineProcess(host, "postgres");
    this.#layout = new DataLayout(join(host.dirs.configDir, "postgres.layout.json"), join(host.dirs.addonsDir, "postgres", "15"), /^\d+(\.[a-z0-9]+)?$/);
  }

  /** The data directory served now; its name starts with the major whose binaries serve it. */
  get #dataDir(): string {
    return this.#layout.read().dir;
  }

  async version(): Promise<string> {
    if (this.#version === undefined) {
      const lines = await this.#host.client([postgresBinariesOf(this.#dataDir).postgres, "--version"], "", "postgres --version").catch(() => ["15"]);
      this.#version = /(\d+(\.\d+)?)/.exec(lines[0] ?? "")?.[1] ?? "15";
    }
    return this.#version;
  }

  /** One version per major installed under /usr/lib/postgresql (Debian ships 15 only in bookworm). */
  async installedVersions(): Promise<string[]> {
    const root = "/usr/lib/postgresql";
    const majors = (await readdir(root).catch(() => [] as string[])).filter((dir) => /^\d+$/.test(dir) && existsSync(join(root, dir, "bin", "postgres"))).sort();
    const versions: string[] = [];
    for (const major of majors) {
      const lines = await this.#host.client([join(root, major, "bin", "postgres"), "--version"], "", "postgres --version").catch(() => [major]);
      versions.push(/(\d+(\.\d+)?)/.exec(lines[0] ?? "")?.[1] ?? major);
    }
    return versions;
  }

  async ensureRunning(addons: readonly Addon[], attachments: readonly Attachment[]): Promise<void> {
    // Made on an external server (addons-postgres-url, since unset): not in this cluster (ADR 69).
    checkAddonsOn(undefined, this.type, addons);
    // Queued before any await: the access files are written in the order callers read the attachments.
    const access = this.#queueAccess(attachments, false);
    const { dirs } = this.#host;
    const dataDir = this.#dataDir;
    const binaries = postgresBinariesOf(dataDir);
    const initialised = this.#initialisedMarker(dataDir);
    await access;
    await this.#host.runAsEngine(["/usr/bin/mkdir", "-p", "-m", "0755", dirs.socketsDir], "Making the addons' socket directory");
    if (!existsSync(initialised)) {
      await this.#host.runAsEngine(["/usr/bin/rm", "-rf", dataDir], "Clearing a half-made PostgreSQL cluster");
      await this.#host.runAsEngine([binaries.initdb, "-D", dataDir, "-U", admin, "--auth=peer", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], "initdb (PostgreSQL)");
      await writeFile(initialised, "", { mode: 0o644 });
    }
    // The daemon's own postgresql.conf, not initdb's: what a reload reads is what Hop3 wrote.
    const settings = {
      listen_addresses: "",
      unix_socket_directories: dirs.socketsDir,
      unix_socket_permissions: "0777",
      port: String(port),
      hba_file: join(dirs.configDir, "pg_hba.conf"),
      ident_file: join(dirs.configDir, "pg_ident.conf"),
      shared_buffers: "16MB",
      max_connections: "100",
      logging_collector: "off",
      lc_messages: "C.UTF-8",
      timezone: "UTC",
    };
    const confFile = join(dirs.configDir, "postgresql.conf");
    await writeFile(confFile, `# Written by Hop3 at each start (ADR 42).\n${Object.entries(settings).map(([key, value]) => `${key} = '${value}'`).join("\n")}\n`);
    await chmod(confFile, 0o644);
    const argv = [binaries.postgres, "-D", dataDir, "-c", `config_file=${confFile}`] as const;
    await this.#process.ensure(argv, { ready: () => this.#answers() });
    await this.#sql("postgres", "REVOKE CONNECT ON DATABASE postgres, template1 FROM PUBLIC;", "Closing the default databases");
  }

  /** A minor upgrade (ADR 68): the one cluster serves every postgres addon, so all of them restart on the binaries installed now. */
  async restart(_addon: Addon, addons: readonly Addon[], attachments: readonly Attachment[]): Promise<string[]> {
    await this.#process.stop();
    this.#version = undefined;
    await this.ensureRunning(addons, attachments);
    return addons.filter((a) => a.type === this.type).map((a) => a.name);
  }

  /**
   * A major upgrade (ADR 78): the one cluster serves every postgres addon, so all of them move
   * to a new data directory initialised by the target major's binaries, on the same socket;
   * their databases and roles are made again from Hop3's records before the dumps load.
   */
  readonly rebuild: EngineRebuild = dataDirectoryRebuild(
    "engine",
    {
      layout: () => this.#layout,
      newDir: (_addon, target) => this.#layout.next(target.split(".")[0] ?? target),
      stop: () => this.#process.stop(),
      start: async (_addon, { addons, attachments }, fresh) => {
        this.#version = undefined;
        const mine = addons.filter((a) => a.type === this.type);
        await this.ensureRunning(mine, attachments);
        if (fresh) await this.#remake(mine, attachments);
      },
      remove: async (dir) => {
        await this.#host.runAsEngine(["/usr/bin/rm", "-rf", dir], `Removing the PostgreSQL data directory ${dir}`);
        await rm(this.#initialisedMarker(dir), { force: true });
      },
    },
    async (addon) => {
      const sql =
        "SELECT format('%I.%I', table_schema, table_name) || ' ' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text " +
        "FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1;";
      return (await this.#sql(addon.name, sql, `Counting the rows of addon ${addon.name}`)).join("\n");
    },
  );

  /** The addons' databases and roles in a new cluster, as `create` and `attach` made them (the roles are Hop3's alone: apps cannot make any). */
  async #remake(addons: readonly Addon[], attachments: readonly Attachment[]): Promise<void> {
    for (const addon of addons) {
      await this.create(addon.name);
      for (const attachment of attachments.filter((a) => a.addon === addon.name)) await this.#loginRole(addon.name, attachment.credentials.role ?? "", attachment.app);
    }
  }

  #initialisedMarker(dataDir: string): string {
    const name = basename(dataDir);
    return join(this.#host.dirs.configDir, name === "15" ? "postgres.initialised" : `postgres.${name}.initialised`);
  }

  async create(name: string): Promise<Record<string, string>> {
    // A name made by Hop3 (checked: [a-z0-9-]) and quoted; the owner role is per addon id, set below.
    const owner = ownerRole(name);
    await this.#sql("postgres", `CREATE ROLE "${owner}" NOLOGIN;`, `Creating the role of addon ${name}`);
    try {
      await this.#sql("postgres", `CREATE DATABASE "${name}" OWNER "${owner}"; REVOKE ALL ON DATABASE "${name}" FROM PUBLIC;`, `Creating the database of addon ${name}`);
    } catch (error) {
      await this.#sql("postgres", `DROP ROLE IF EXISTS "${owner}";`, "Undoing").catch(() => undefined);
      throw error;
    }
    return {};
  }

  async destroy(addon: Addon): Promise<void> {
    await this.#sql("postgres", `DROP DATABASE IF EXISTS "${addon.name}" WITH (FORCE); DROP ROLE IF EXISTS "${ownerRole(addon.name)}";`, `Dropping addon ${addon.name}`);
  }

  async attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>> {
    const role = attachmentRole(addon.name, app.unixUser);
    await this.#loginRole(addon.name, role, app.name);
    return { role, user: app.unixUser };
  }

  #loginRole(addon: string, role: string, app: string): Promise<string[]> {
    return this.#sql("postgres", `CREATE ROLE "${role}" LOGIN IN ROLE "${ownerRole(addon)}"; ALTER ROLE "${role}" SET role = '${ownerRole(addon)}';`, `Creating the role of ${app} in addon ${addon}`);
  }

  async detach(addon: Addon, attachment: Attachment): Promise<void> {
    const role = attachment.credentials.role ?? "";
    await this.#sql("postgres", `ALTER ROLE "${role}" NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'; DROP ROLE IF EXISTS "${role}";`, `Removing the role of ${attachment.app} in addon ${addon.name}`);
  }

  /** Rewrites the ident map from the attachments (the daemon's file) and has PostgreSQL read it again. */
  accessChanged(attachments: readonly Attachment[]): Promise<void> {
    return this.#queueAccess(attachments, true);
  }

  /**
   * Writes the access files from `attachments` (then, with `reload`, has PostgreSQL read them),
   * one caller at a time and in the order of the calls: two writers interleaving on the same
   * files, or an older list written after a newer one and reloaded, left an attached app out of
   * the ident map ("Peer authentication failed").
   */
  #queueAccess(attachments: readonly Attachment[], reload: boolean): Promise<void> {
    const run = this.#accessQueue.then(async () => {
      await this.#writeAccess(attachments);
      if (reload) await this.#reload();
    });
    this.#accessQueue = run.catch(() => undefined);
    return run;
  }

  async #reload(): Promise<void> {
    // Asked of PostgreSQL itself, not of the pid record: a reload skipped while it runs leaves
    // a new attachment refused (no map line).
    if (!(await this.#answers())) return;
    // A reload is asynchronous: wait until new sessions (forked after it) carry the new load
    // time, so the app restarted next is let in (and a detached one is not).
    const loaded = async () => (await this.#sql("postgres", "SELECT pg_conf_load_time();", "Reading PostgreSQL's load time"))[0];
    const before = await loaded();
    await this.#sql("postgres", "SELECT pg_reload_conf();", "Reloading PostgreSQL's access rules");
    for (let i = 0; i < 100 && (await loaded()) === before; i++) await sleep(100);
  }

  /** pg_dump's custom format, without owners or grants: it loads into any postgres addon. */
  async exportTo(addon: Addon, file: string): Promise<void> {
    const { socketsDir } = this.#host.dirs;
    await this.#host.clientFiles([pgDump, "-Fc", "--no-owner", "--no-acl", "-h", socketsDir, "-p", String(port), "-U", admin, "-f", file, addon.name], {}, `pg_dump of addon ${addon.name}`);
  }

  /** pg_restore in one transaction, as the addon's owner role: a file that is not a dump, or fails half-way, changes nothing. */
  async importFrom(addon: Addon, file: string): Promise<void> {
    const { socketsDir } = this.#host.dirs;
    const argv = [pgRestore, "--no-owner", "--no-acl", `--role=${ownerRole(addon.name)}`, "--single-transaction", "--exit-on-error", "-h", socketsDir, "-p", String(port), "-U", admin, "-d", addon.name, file] as const;
    await this.#host.clientFiles(argv, {}, `pg_restore into addon ${addon.name}`).catch((error: unknown) => {
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The dump could not be imported into the addon "${addon.name}"; nothing was changed. ${(error as Error).message}`);
    });
  }

  /** Drops what the addon's owner role owns in its database (the app's tables: attachments act as that role); the database and roles stay. */
  async empty(addon: Addon): Promise<void> {
    await this.#sql(addon.name, `DROP OWNED BY "${ownerRole(addon.name)}";`, `Emptying addon ${addon.name}`);
  }

  /** psql as the attachment's role: peer authentication knows the app's account, no password. */
  shell(addon: Addon, attachment: Attachment): AddonShell {
    const { PGHOST, PGPORT, PGUSER, PGDATABASE } = this.env(addon, attachment);
    return { argv: [psql], env: { PGHOST: PGHOST ?? "", PGPORT: PGPORT ?? "", PGUSER: PGUSER ?? "", PGDATABASE: PGDATABASE ?? "" } };
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const role = attachment.credentials.role ?? "";
    const socket = this.#host.dirs.socketsDir;
    return {
      DATABASE_URL: `postgresql://${role}@/${addon.name}?host=${encodeURIComponent(socket)}&port=${port}`,
      PGHOST: socket,
      PGPORT: String(port),
      PGUSER: role,
      PGDATABASE: addon.name,
    };
  }

  async status(): Promise<"running" | "stopped"> {
    return this.#process.running() ? "running" : "stopped";
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    const lines = await this.#sql("postgres", `SELECT pg_database_size('${addon.name}');`, "Measuring").catch(() => []);
    const size = Number(lines[0]);
    return Number.isFinite(size) && lines.length > 0 ? size : null;
  }

  detachProcesses(): void {
    this.#process.detach();
  }

  async #answers(): Promise<boolean> {
    return this.#sql("postgres", "SELECT 1;", "probe").then(() => true, () => false);
  }

  #sql(database: string, sql: string, what: string): Promise<string[]> {
    const { socketsDir } = this.#host.dirs;
    return this.#host.client([psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketsDir, "-p", String(port), "-U", admin, "-d", database, "-f", "-"], sql, what);
  }

  /** The access files: peer authentication through the `hop3` map only, no TCP, no password. */
  async #writeAccess(attachments: readonly Attachment[]): Promise<void> {
    const { configDir } = this.#host.dirs;
    await mkdir(configDir, { recursive: true, mode: 0o711 });
    // The daemon's umask is 077: PostgreSQL (the engine account) must read the access files.
    await chmod(configDir, 0o711);
    const ident = [`hop3 ${this.#host.selfUser} ${admin}`, ...attachments.filter((a) => a.type === this.type).map((a) => `hop3 ${a.credentials.user ?? ""} ${a.credentials.role ?? ""}`)];
    const files: [string, string][] = [
      ["pg_hba.conf", "# Written by Hop3 (ADR 43): Unix socket, peer authentication through the hop3 map only.\nlocal all all peer map=hop3\n"],
      ["pg_ident.conf", `# Written by Hop3 from its attachments (ADR 43).\n${ident.join("\n")}\n`],
    ];
    for (const [name, text] of files) {
      // Replaced whole: PostgreSQL never reads half a file. Not secret (names only), readable by the engine.
      await writeFile(join(configDir, `${name}.new`), text);
      await chmod(join(configDir, `${name}.new`), 0o644);
      await rename(join(configDir, `${name}.new`), join(configDir, name));
    }
  }
}

function ownerRole(addon: string): string {
  return `addon_${addon}`;
}

function attachmentRole(addon: string, unixUser: string): string {
  return `${addon}_${unixUser}`.slice(0, 63);
}
