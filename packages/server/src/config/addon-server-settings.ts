import { statSync } from "node:fs";
import { Type, type TSchema } from "@sinclair/typebox";
import { Hop3Error } from "@hop3/contract";
import type { Setting } from "./setting.ts";

function setting<S extends TSchema>(declaration: Setting<S>): Setting<S> {
  return declaration;
}

/** The addon types that may be served by an external server (ADR 69), and their URL schemes. */
export const externalAddonSchemes = { postgres: ["postgres", "postgresql"], mysql: ["mysql", "mariadb"], redis: ["redis", "rediss"] } as const;

/** The settings of external addon servers (ADR 69): part of `serverSettings`. */
export const addonServerSettings = {
  "addons-postgres-url": setting({
    env: "HOP3_ADDONS_POSTGRES_URL",
    schema: Type.String({ pattern: "^$|^postgres(ql)?://[^@/]+@[^/]+/?(\\?.*)?$", maxLength: 2000 }),
    default: "",
    help: "an external PostgreSQL server for postgres addons: postgres://ADMIN:PASSWORD@HOST:PORT/; empty runs Hop3's own",
    doc: "an external PostgreSQL server postgres addons are created on (`postgres://ADMIN:PASSWORD@HOST:PORT/?sslmode=verify-full`), instead of the one Hop3 runs; in server.toml also `[addons.postgres] url = …`, in a file only its owner reads ([addons](addons.md#external-servers), [ADR 69](adr/0069-external-addon-servers-clone-install.md)). Empty: Hop3's own",
  }),
  "addons-mysql-url": setting({
    env: "HOP3_ADDONS_MYSQL_URL",
    schema: Type.String({ pattern: "^$|^(mysql|mariadb)://[^@/]+@[^/]+/?(\\?.*)?$", maxLength: 2000 }),
    default: "",
    help: "an external MariaDB/MySQL server for mysql addons: mysql://ADMIN:PASSWORD@HOST:3306/; empty runs Hop3's own",
    doc: "an external MariaDB (or MySQL) server mysql addons are created on (`mysql://ADMIN:PASSWORD@HOST:3306/?ssl-ca=/path/ca.pem`), instead of the one Hop3 runs; in server.toml also `[addons.mysql] url = …`, in a file only its owner reads ([addons](addons.md#external-servers), [ADR 77](adr/0077-external-mariadb-and-redis.md)). Empty: Hop3's own",
  }),
  "addons-redis-url": setting({
    env: "HOP3_ADDONS_REDIS_URL",
    schema: Type.String({ pattern: "^$|^rediss?://[^@/]+@[^/]+/?(\\?.*)?$", maxLength: 2000 }),
    default: "",
    help: "an external Redis (ACL) server for redis addons: redis://ADMIN:PASSWORD@HOST:6379/; empty runs Hop3's own (one per addon)",
    doc: "an external Redis >= 6 server redis addons are created on (`redis://ADMIN:PASSWORD@HOST:6379/`, `rediss://` for TLS), isolated by ACL key patterns (`<addon>:*`), not by process; in server.toml also `[addons.redis] url = …`, in a file only its owner reads ([addons](addons.md#external-servers), [ADR 77](adr/0077-external-mariadb-and-redis.md)). Empty: Hop3's own, one Redis per addon",
  }),
};

type AddonServerKey = keyof typeof addonServerSettings;

/** Settings whose values hold a password: never shown in a message. */
export function isSecretSetting(key: string): boolean {
  return key in addonServerSettings;
}

/** A URL with its password replaced, for messages and logs. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/, "$1:********@");
}

/**
 * server.toml's `[addons.postgres] url = …` tables as the flat keys the settings have
 * (`addons-postgres-url`); anything else under `[addons]` is an unknown key.
 */
export function flattenAddonTables(parsed: Record<string, unknown>, file: string): Record<string, unknown> {
  const tables = parsed.addons;
  if (tables === undefined) return parsed;
  const rest = { ...parsed };
  delete rest.addons;
  const known = Object.keys(externalAddonSchemes).map((type) => `[addons.${type}] url`).join(", ");
  const unknown = (what: string) => new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${file} has an unknown key "${what}"; under [addons] Hop3 knows: ${known}.`);
  if (typeof tables !== "object" || tables === null || Array.isArray(tables)) throw unknown("addons");
  for (const [type, table] of Object.entries(tables)) {
    if (!(type in externalAddonSchemes) || typeof table !== "object" || table === null) throw unknown(`addons.${type}`);
    for (const [key, value] of Object.entries(table)) {
      if (key !== "url") throw unknown(`addons.${type}.${key}`);
      rest[`addons-${type}-url`] = value;
    }
  }
  return rest;
}

/**
 * An admin password in the config file: the file must be readable by its owner only (the
 * daemon reads it, ADR 69), else the server refuses to start and says how to fix it.
 */
export function checkSecretsFileMode(file: string, fromFile: Readonly<Record<string, unknown>>): void {
  const secret = (Object.keys(addonServerSettings) as AddonServerKey[]).find((key) => typeof fromFile[key] === "string" && /^[a-z]+:\/\/[^:@/]*:[^@/]+@/.test(fromFile[key]));
  if (secret === undefined) return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${file} holds the password of ${secret} but its mode is ${mode.toString(8).padStart(4, "0")}: others can read it.`, {
      hint: `Run \`chmod 600 ${file}\` (and chown it to the daemon's account, hop3-daemon by default).`,
    });
}
