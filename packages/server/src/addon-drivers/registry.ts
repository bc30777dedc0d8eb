import type { AddonEngine } from "../core/addon.ts";
import type { EngineHost } from "./engine-host.ts";
import { PostgresEngine } from "./postgres/postgres-engine.ts";
import { RedisEngine } from "./redis/redis-engine.ts";
import { MysqlEngine } from "./mysql/mysql-engine.ts";
import { S3Engine } from "./s3/s3-engine.ts";
import { ExternalPostgresEngine } from "./external/external-postgres-engine.ts";
import { ExternalMysqlEngine } from "./external/external-mysql-engine.ts";
import { ExternalRedisEngine } from "./external/external-redis-engine.ts";
import { parseExternalServer } from "./external/external-server.ts";

/** The external servers of the server config (ADR 69): a type with one is served there, not by Hop3. */
export interface ExternalServerUrls {
  readonly postgres: string;
  readonly mysql?: string;
  readonly redis?: string;
}

/** The engines, by addon type: adding one is a folder and a line here. */
export function addonEngines(host: EngineHost, external: ExternalServerUrls = { postgres: "" }): ReadonlyMap<string, AddonEngine> {
  const on = (type: keyof ExternalServerUrls, port: number) => parseExternalServer(`addons-${type}-url`, external[type] ?? "", port);
  return new Map<string, AddonEngine>([
    ["postgres", external.postgres === "" ? new PostgresEngine(host) : new ExternalPostgresEngine(host, on("postgres", 5432))],
    ["redis", (external.redis ?? "") === "" ? new RedisEngine(host) : new ExternalRedisEngine(host, on("redis", 6379))],
    ["mysql", (external.mysql ?? "") === "" ? new MysqlEngine(host) : new ExternalMysqlEngine(host, on("mysql", 3306))],
    ["s3", new S3Engine(host)],
  ]);
}
