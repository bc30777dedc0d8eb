import type { AddonEngine } from "../core/addon.ts";
import type { EngineHost } from "./engine-host.ts";
import { PostgresEngine } from "./postgres/postgres-engine.ts";
import { RedisEngine } from "./redis/redis-engine.ts";
import { MysqlEngine } from "./mysql/mysql-engine.ts";
import { S3Engine } from "./s3/s3-engine.ts";
import { ExternalPostgresEngine } from "./external/external-postgres-engine.ts";
import { parseExternalServer } from "./external/external-server.ts";

/** The external servers of the server config (ADR 69): a type with one is served there, not by Hop3. */
export interface ExternalServerUrls {
  readonly postgres: string;
}

/** The engines, by addon type: adding one is a folder and a line here. */
export function addonEngines(host: EngineHost, external: ExternalServerUrls = { postgres: "" }): ReadonlyMap<string, AddonEngine> {
  const postgres = external.postgres === "" ? new PostgresEngine(host) : new ExternalPostgresEngine(host, parseExternalServer("addons-postgres-url", external.postgres, 5432));
  return new Map<string, AddonEngine>([
    ["postgres", postgres],
    ["redis", new RedisEngine(host)],
    ["mysql", new MysqlEngine(host)],
    ["s3", new S3Engine(host)],
  ]);
}
