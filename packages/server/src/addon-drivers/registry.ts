import type { AddonEngine } from "../core/addon.ts";
import type { EngineHost } from "./engine-host.ts";
import { PostgresEngine } from "./postgres/postgres-engine.ts";
import { RedisEngine } from "./redis/redis-engine.ts";
import { MysqlEngine } from "./mysql/mysql-engine.ts";
import { S3Engine } from "./s3/s3-engine.ts";

/** The engines, by addon type: adding one is a folder and a line here. */
export function addonEngines(host: EngineHost): ReadonlyMap<string, AddonEngine> {
  return new Map<string, AddonEngine>([
    ["postgres", new PostgresEngine(host)],
    ["redis", new RedisEngine(host)],
    ["mysql", new MysqlEngine(host)],
    ["s3", new S3Engine(host)],
  ]);
}
