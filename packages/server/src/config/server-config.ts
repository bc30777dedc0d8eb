import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { parse as parseToml } from "smol-toml";
import { Hop3Error } from "@hop3/contract";
import { parseByteSize } from "../core/byte-size.ts";

/** The smallest output cap: a few lines of an error must still get through. */
const minOutputBytes = 1024;

/** A size as users write it (`2G`, `512MiB`, bytes); see core/byte-size.ts. */
const size = "[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt](i?[Bb])?)?";
const sizePattern = `^${size}$`;

/** The server's settings: defaults, then the config file, then `HOP3_*` environment variables. */
export const ServerConfigSchema = Type.Object(
  {
    home: Type.String({ minLength: 1, description: "State root: database, apps, logs, caches (HOP3_HOME)" }),
    domain: Type.String({ pattern: "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", description: "Apps are served at <app>.<domain> (HOP3_DOMAIN)" }),
    "http-port": Type.Integer({ minimum: 1, maximum: 65535, description: "Port where the proxy serves apps (HOP3_HTTP_PORT)" }),
    "api-port": Type.Integer({ minimum: 0, maximum: 65535, description: "Loopback TCP port of the API; 0 disables it (HOP3_API_PORT)" }),
    "app-path": Type.String({ description: "PATH given to builds and app processes (HOP3_APP_PATH)" }),
    "start-timeout": Type.Number({ minimum: 1, maximum: 600, description: "Seconds a web process has to accept connections (HOP3_START_TIMEOUT)" }),
    "stop-timeout": Type.Number({ minimum: 1, maximum: 3600, description: "Seconds an instance has to exit after SIGTERM before SIGKILL (HOP3_STOP_TIMEOUT)" }),
    "crash-limit": Type.Integer({ minimum: 1, maximum: 1000, description: "Quick crashes in a row after which an instance is marked failed and no longer restarted (HOP3_CRASH_LIMIT)" }),
    "drain-timeout": Type.Number({ minimum: 0, maximum: 600, description: "Seconds old instances keep running after the switch, for requests in flight (HOP3_DRAIN_TIMEOUT)" }),
    "keep-releases": Type.Integer({ minimum: 1, maximum: 100, description: "Releases kept per app (HOP3_KEEP_RELEASES)" }),
    "log-level": Type.Union(["fatal", "error", "warn", "info", "debug"].map((level) => Type.Literal(level)), { description: "HOP3_LOG_LEVEL" }),
    "ssh-user": Type.String({ pattern: "^[a-z_][a-z0-9_-]{0,30}$", description: "Unix account that `git push` and SSH commands log in as (HOP3_SSH_USER)" }),
    "proxy-user": Type.String({ pattern: "^[a-z_][a-z0-9_-]{0,30}$", description: "Unix account the proxy (Caddy) runs as when the server runs as root; created if missing (HOP3_PROXY_USER)" }),
    "git-auto-create": Type.Boolean({ description: "A git push to an unknown app creates it; false requires `hop3 apps:create` first (HOP3_GIT_AUTO_CREATE)" }),
    "deploy-lock-wait": Type.Integer({ minimum: 0, maximum: 3600, description: "Seconds a push waits for another deploy of the same app before giving up (HOP3_DEPLOY_LOCK_WAIT)" }),
    "firewall-confirm-timeout": Type.Integer({ minimum: 5, maximum: 3600, description: "Seconds a firewall change that closes something has to be confirmed before it is undone (HOP3_FIREWALL_CONFIRM_TIMEOUT)" }),
    "network-isolation": Type.Boolean({ description: "Confine apps' network with nftables: no connection to other apps' ports, the API or the cloud metadata address, and instance ports closed to the outside (HOP3_NETWORK_ISOLATION)" }),
    sandbox: Type.Union(["auto", "required", "off"].map((mode) => Type.Literal(mode)), { description: "Run builds and app processes in bubblewrap: auto (when the host allows it), required (refuse to start otherwise), off (HOP3_SANDBOX)" }),
    "build-memory": Type.String({ pattern: sizeOrWord("auto"), description: 'Memory limit of each build, e.g. "2G"; auto = three quarters of the RAM; none (HOP3_BUILD_MEMORY)' }),
    "app-memory": Type.String({ pattern: sizeOrWord("none"), description: 'Memory limit of each app process when its hop3.toml has no [limits] memory, e.g. "512M"; none (HOP3_APP_MEMORY)' }),
    "max-processes": Type.Integer({ minimum: 0, maximum: 4194304, description: "Processes and threads one build or app process may have at once; 0 = no limit (HOP3_MAX_PROCESSES)" }),
    "open-files": Type.Integer({ minimum: 0, maximum: 1048576, description: "Open files per process of builds and apps; 0 = the server's own limit (HOP3_OPEN_FILES)" }),
    "build-timeout": Type.Integer({ minimum: 1, maximum: 86400, description: "Seconds a build (builder and build hooks) may run before it is stopped; hop3.toml [build] timeout can only lower it (HOP3_BUILD_TIMEOUT)" }),
    "build-slots": Type.Integer({ minimum: 1, maximum: 256, description: "Builds that run at once; further deploys wait in a queue (HOP3_BUILD_SLOTS)" }),
    "deploy-output-max": Type.String({ pattern: sizePattern, description: 'Output of one deploy streamed and kept in its release log, e.g. "10M"; past it, lines are dropped with a notice (HOP3_DEPLOY_OUTPUT_MAX)' }),
    "upload-max-unpacked": Type.String({ pattern: sizePattern, description: 'Size a deploy upload may unpack to, e.g. "2G" (HOP3_UPLOAD_MAX_UNPACKED)' }),
    "upload-max-files": Type.Integer({ minimum: 1, maximum: 100_000_000, description: "Files, directories and links a deploy upload may hold (HOP3_UPLOAD_MAX_FILES)" }),
  },
  { additionalProperties: false },
);
function sizeOrWord(word: string): string {
  return `^(${word}|none|${size})$`;
}

export type ServerConfig = Readonly<Static<typeof ServerConfigSchema>>;

/** A setting as messages name it: its file key and its environment variable, `build-slots (HOP3_BUILD_SLOTS)`. */
export function settingName(key: keyof typeof envNames): string {
  return `${key} (${envNames[key]})`;
}

const defaults: Static<typeof ServerConfigSchema> = {
  home: "/var/lib/hop3",
  domain: "localhost",
  "http-port": 80,
  "api-port": 8000,
  "app-path": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/go/bin",
  "start-timeout": 30,
  "stop-timeout": 10,
  "crash-limit": 10,
  "drain-timeout": 1,
  "keep-releases": 5,
  "log-level": "info",
  "ssh-user": "hop3",
  "proxy-user": "hop3-proxy",
  "git-auto-create": true,
  "deploy-lock-wait": 600,
  "firewall-confirm-timeout": 60,
  "network-isolation": true,
  sandbox: "auto",
  "build-memory": "auto",
  "app-memory": "none",
  "max-processes": 4096,
  "open-files": 65536,
  "build-timeout": 1800,
  // Half the cores: a build uses one or more itself, and the apps already running need the rest.
  "build-slots": Math.max(1, Math.floor(availableParallelism() / 2)),
  "deploy-output-max": "10M",
  "upload-max-unpacked": "2G",
  "upload-max-files": 100_000,
};

const envNames: Record<keyof typeof defaults, string> = {
  home: "HOP3_HOME",
  domain: "HOP3_DOMAIN",
  "http-port": "HOP3_HTTP_PORT",
  "api-port": "HOP3_API_PORT",
  "app-path": "HOP3_APP_PATH",
  "start-timeout": "HOP3_START_TIMEOUT",
  "stop-timeout": "HOP3_STOP_TIMEOUT",
  "crash-limit": "HOP3_CRASH_LIMIT",
  "drain-timeout": "HOP3_DRAIN_TIMEOUT",
  "keep-releases": "HOP3_KEEP_RELEASES",
  "log-level": "HOP3_LOG_LEVEL",
  "ssh-user": "HOP3_SSH_USER",
  "proxy-user": "HOP3_PROXY_USER",
  "git-auto-create": "HOP3_GIT_AUTO_CREATE",
  "deploy-lock-wait": "HOP3_DEPLOY_LOCK_WAIT",
  "firewall-confirm-timeout": "HOP3_FIREWALL_CONFIRM_TIMEOUT",
  "network-isolation": "HOP3_NETWORK_ISOLATION",
  sandbox: "HOP3_SANDBOX",
  "build-memory": "HOP3_BUILD_MEMORY",
  "app-memory": "HOP3_APP_MEMORY",
  "max-processes": "HOP3_MAX_PROCESSES",
  "open-files": "HOP3_OPEN_FILES",
  "build-timeout": "HOP3_BUILD_TIMEOUT",
  "build-slots": "HOP3_BUILD_SLOTS",
  "deploy-output-max": "HOP3_DEPLOY_OUTPUT_MAX",
  "upload-max-unpacked": "HOP3_UPLOAD_MAX_UNPACKED",
  "upload-max-files": "HOP3_UPLOAD_MAX_FILES",
};

const numericKeys = new Set(["http-port", "api-port", "start-timeout", "stop-timeout", "crash-limit", "drain-timeout", "keep-releases", "deploy-lock-wait", "max-processes", "open-files", "build-timeout", "build-slots", "upload-max-files", "firewall-confirm-timeout"]);
const booleanKeys = new Set(["git-auto-create", "network-isolation"]);
const booleanWords: Record<string, boolean> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };

/**
 * Reads the server configuration once, at start: `HOP3_CONFIG` (or `<home>/server.toml`
 * when it exists) overlaid by environment variables. Unknown keys and bad values are
 * errors naming the key and where it came from. The result is frozen.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(envNames)) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    // A word that is not a boolean stays text, so that validation names the variable.
    fromEnv[key] = numericKeys.has(key) ? Number(raw) : booleanKeys.has(key) ? (booleanWords[raw.toLowerCase()] ?? raw) : raw;
  }
  const home = resolve(String(fromEnv.home ?? defaults.home));
  const file = env.HOP3_CONFIG ?? join(home, "server.toml");
  const fromFile = env.HOP3_CONFIG !== undefined || existsSync(file) ? readConfigFile(file) : {};
  const merged = { ...defaults, ...fromFile, ...fromEnv, home };
  const errors = [...Value.Errors(ServerConfigSchema, merged)];
  const first = errors[0];
  if (first) {
    const key = first.path.replace(/^\//, "");
    const source = key in fromEnv ? `environment variable ${envNames[key as keyof typeof envNames] ?? key}` : key in fromFile ? `${file} key "${key}"` : `"${key}"`;
    const problem = key === "" || !(key in defaults) ? `unknown setting` : first.message.toLowerCase();
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${source}: ${problem}${key in merged ? ` (got ${JSON.stringify(key in fromEnv ? env[envNames[key as keyof typeof envNames]] : (merged as Record<string, unknown>)[key])})` : ""}.`);
  }
  const outputMax = parseByteSize(merged["deploy-output-max"]);
  if (outputMax === null || outputMax < minOutputBytes) {
    const source = "deploy-output-max" in fromEnv ? "environment variable HOP3_DEPLOY_OUTPUT_MAX" : "deploy-output-max" in fromFile ? `${file} key "deploy-output-max"` : '"deploy-output-max"';
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${source}: must be at least 1K (got ${JSON.stringify(merged["deploy-output-max"])}).`);
  }
  return Object.freeze(merged);
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config file ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    const parsed = parseToml(text) as Record<string, unknown>;
    for (const key of Object.keys(parsed)) {
      if (!(key in defaults)) {
        throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${file} has an unknown key "${key}"; known keys: ${Object.keys(defaults).join(", ")}.`);
      }
    }
    return parsed;
  } catch (error) {
    if (error instanceof Hop3Error) throw error;
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config file ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
}
