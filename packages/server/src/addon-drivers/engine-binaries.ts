/** PostgreSQL's server programs (Debian's postgresql-15). */
export const postgresBinDir = "/usr/lib/postgresql/15/bin";
export const postgresBinaries = { initdb: `${postgresBinDir}/initdb`, postgres: `${postgresBinDir}/postgres` } as const;
/** Debian's redis-server 7.0. */
export const redisServer = "/usr/bin/redis-server";
/** Debian's mariadb-server 10.11. */
export const mariadbBinaries = { installDb: "/usr/bin/mariadb-install-db", server: "/usr/sbin/mariadbd" } as const;
/** Clients the daemon runs as itself. */
export const psql = "/usr/bin/psql";
export const mariadbClient = "/usr/bin/mariadb";
export const pgDump = "/usr/bin/pg_dump";
export const pgRestore = "/usr/bin/pg_restore";
export const mariadbDump = "/usr/bin/mariadb-dump";

/**
 * Every program the engine account may run (ADR 42): the privileged parent refuses anything
 * else as that account. mkdir and rm prepare and remove the engines' data directories.
 */
export const engineAccountPrograms: readonly string[] = [postgresBinaries.initdb, postgresBinaries.postgres, redisServer, mariadbBinaries.installDb, mariadbBinaries.server, "/usr/bin/mkdir", "/usr/bin/rm"];
