import { mariadbBinaries, mariadbClient, pgDump, postgresBinaries, psql, redisServer, versitygw, versitygwVersion } from "../engine-binaries.ts";

/** A Debian package an addon type needs, and the file that shows it is installed. */
export interface DebianPackage {
  readonly name: string;
  readonly provides: string;
}

/** What an addon type needs on the host: Debian packages, and a program built from source (versitygw). */
export interface AddonPackages {
  readonly type: string;
  readonly debian: readonly DebianPackage[];
  readonly goModule?: { readonly module: string; readonly version: string; readonly installAs: string };
}

/**
 * The one list of what the addon engines need (ADR 42, 51, 69): `hop3-server addons:install`
 * installs from it, and scripts/bootstrap.sh runs that command. Servers and their clients
 * (the daemon runs psql, mariadb, pg_dump… itself).
 */
export const addonPackages: readonly AddonPackages[] = [
  { type: "postgres", debian: [{ name: "postgresql-15", provides: postgresBinaries.postgres }, { name: "postgresql-client-15", provides: psql }, { name: "postgresql-client-15", provides: pgDump }] },
  { type: "mysql", debian: [{ name: "mariadb-server", provides: mariadbBinaries.server }, { name: "mariadb-client", provides: mariadbClient }] },
  { type: "redis", debian: [{ name: "redis-server", provides: redisServer }, { name: "redis-tools", provides: "/usr/bin/redis-cli" }] },
  // versitygw is not packaged by Debian: built from the Go module proxy (Go >= 1.25), into root's /usr/local/bin.
  { type: "s3", debian: [], goModule: { module: "github.com/versity/versitygw/cmd/versitygw", version: `v${versitygwVersion}`, installAs: versitygw } },
];
