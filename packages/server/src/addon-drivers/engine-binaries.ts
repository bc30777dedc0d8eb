/** PostgreSQL's server programs (Debian's postgresql-15). */
export const postgresBinDir = "/usr/lib/postgresql/15/bin";
export const postgresBinaries = { initdb: `${postgresBinDir}/initdb`, postgres: `${postgresBinDir}/postgres` } as const;
/** Debian's redis-server 7.0. */
export const redisServer = "/usr/bin/redis-server";
/** Clients the daemon runs as itself. */
export const psql = "/usr/bin/psql";

/**
 * Every program the engine account may run (ADR 42): the privileged parent refuses anything
 * else as that account. mkdir and rm prepare and remove the engines' data directories.
 */
export const engineAccountPrograms: readonly string[] = [postgresBinaries.initdb, postgresBinaries.postgres, redisServer, "/usr/bin/mkdir", "/usr/bin/rm"];
