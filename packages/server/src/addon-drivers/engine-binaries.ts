/** PostgreSQL's server programs (Debian's postgresql-15). */
export const postgresBinDir = "/usr/lib/postgresql/15/bin";
export const postgresBinaries = { initdb: `${postgresBinDir}/initdb`, postgres: `${postgresBinDir}/postgres` } as const;
/** The server programs of the major a data directory is named after (`15`, `17.TIME`: ADR 78). */
export function postgresBinariesOf(dataDir: string): { initdb: string; postgres: string } {
  const major = /^(\d+)(\.|$)/.exec(dataDir.split("/").pop() ?? "")?.[1] ?? "15";
  return { initdb: `/usr/lib/postgresql/${major}/bin/initdb`, postgres: `/usr/lib/postgresql/${major}/bin/postgres` };
}
/** Debian's redis-server 7.0. */
export const redisServer = "/usr/bin/redis-server";
/** Debian's mariadb-server 10.11. */
export const mariadbBinaries = { installDb: "/usr/bin/mariadb-install-db", server: "/usr/sbin/mariadbd" } as const;
/** versitygw, the S3 server (ADR 51): built from the Go module proxy by `hop3-server addons:install`. */
export const versitygw = "/usr/local/bin/versitygw";
/** The version `hop3-server addons:install` builds (a `go install` build does not stamp one in). */
export const versitygwVersion = "1.8.0";
/** Clients the daemon runs as itself. */
export const psql = "/usr/bin/psql";
export const mariadbClient = "/usr/bin/mariadb";
export const pgDump = "/usr/bin/pg_dump";
export const pgRestore = "/usr/bin/pg_restore";
export const mariadbDump = "/usr/bin/mariadb-dump";
/** The Redis client `addons:connect` runs (as an app, never as the daemon). */
export const redisCli = "/usr/bin/redis-cli";

/**
 * Every program the engine account may run (ADR 42): the privileged parent refuses anything
 * else as that account. mkdir and rm prepare and remove the engines' data directories.
 */
export const engineAccountPrograms: readonly string[] = [postgresBinaries.initdb, postgresBinaries.postgres, redisServer, mariadbBinaries.installDb, mariadbBinaries.server, versitygw, "/usr/bin/mkdir", "/usr/bin/rm"];

/** The engine programs, and the server programs of every PostgreSQL major Debian installs (a major upgrade starts the target's: ADR 78). */
export function isEngineProgram(path: string): boolean {
  return engineAccountPrograms.includes(path) || /^\/usr\/lib\/postgresql\/\d{1,3}\/bin\/(initdb|postgres)$/.test(path);
}

const engineKey = /^[A-Za-z0-9]{20,64}$/;

/**
 * The variables an engine program gets beyond the fixed PATH/LANG (ADR 51): versitygw's root
 * key only, which must not be in its argv (every host account reads /proc/PID/cmdline), and
 * only in the shape Hop3 makes keys; everything else the daemon sends is dropped.
 */
export function engineSecretEnv(argv: readonly string[], env: Readonly<Record<string, string>>): Record<string, string> {
  if (argv[0] !== versitygw) return {};
  const picked: Record<string, string> = {};
  for (const name of ["ROOT_ACCESS_KEY_ID", "ROOT_SECRET_ACCESS_KEY"]) {
    const value = env[name];
    if (value !== undefined && engineKey.test(value)) picked[name] = value;
  }
  return picked;
}
