import { createHash, randomBytes } from "node:crypto";
import { Hop3Error } from "@hop3/contract";
import type { Addon, AddonEngine, AddonShell, AttachingApp, Attachment } from "../../core/addon.ts";
import { redisCli } from "../engine-binaries.ts";
import { dumpScript, keysOfReply, loadScript, readKeysDump, writeKeysDump } from "../redis/redis-keys-dump.ts";
import { redisCommand, type RedisTcpTarget } from "../redis/resp-client.ts";
import { ExternalEngine, attachmentUser } from "./external-engine.ts";

const dumpTimeoutMs = 120_000;

/** What an app's user may not do on a shared server: the categories Redis marks, and what reads or touches other addons' keys, channels or databases. */
const deniedToApps = ["-@admin", "-@dangerous", "+info", "-scan", "-randomkey", "-select", "-move", "-function", "-script|flush", "-script|kill", "-pubsub", "-client|tracking"] as const;

/** Its keys, a script that deletes them (UNLINK), and one that sums their memory. */
const unlinkScript = `local n = 0
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('UNLINK', key) n = n + 1 end
return n`;
const sizeScript = `local size = 0
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do size = size + (redis.call('MEMORY', 'USAGE', key) or 0) end
return size`;

/**
 * redis addons on an external Redis (`addons-redis-url`, ADR 77): one server for every addon,
 * so an addon is a key prefix (`<addon>:`) and isolation is by ACL, not by process: each
 * attachment is an ACL user of its own (random password, sent as its SHA-256) allowed the keys
 * `<addon>:*` and channels `<addon>:*` only, and denied every command that reaches past key
 * patterns (KEYS, SCAN, FLUSHALL, SELECT, FUNCTION...: `deniedToApps`). Hop3 connects over TCP
 * (TLS with `rediss://`) as the URL's ACL user, and sets the users again at each start (an
 * external server without an ACL file forgets them when it restarts).
 */
export class ExternalRedisEngine extends ExternalEngine implements AddonEngine {
  readonly type = "redis";
  readonly secretVariables: readonly string[] = ["REDIS_URL", "REDIS_PASSWORD"];
  protected readonly about = { product: "Redis", hint: "Check the URL's host, port, ACL user and password (it needs the ACL command and every key: `~* &* +@all`), and rediss:// for TLS." };

  protected async serverVersion(): Promise<string> {
    return /redis_version:\S+/.exec(String(await this.#admin(["INFO", "server"])))?.[0] ?? "";
  }

  override async ensureRunning(addons: readonly Addon[], attachments: readonly Attachment[] = []): Promise<void> {
    await super.ensureRunning(addons, attachments);
    const flags = await this.#admin(["ACL", "GETUSER", "default"]).then((reply) => JSON.stringify(reply), () => "");
    if (flags.includes('"on"') && flags.includes('"nopass"'))
      throw new Hop3Error("ADDON_ENGINE_FAILED", `The external Redis server ${this.server.shown} lets anyone in as its default user, with every key: addons there would not be isolated.`, {
        hint: "Turn the default user off (`ACL SETUSER default off`, or `user default off` in its ACL file) or give it a password.",
      });
    // Only the users the server lost (restarted without an ACL file): setting one again would drop its clients' connections.
    const mine = new Set(addons.map((a) => a.name));
    for (const attachment of attachments) {
      const { user = "", password = "" } = attachment.credentials;
      if (mine.has(attachment.addon) && !(await this.#hasUser(user))) await this.#setUser(attachment.addon, user, password);
    }
  }

  async #hasUser(user: string): Promise<boolean> {
    const reply = await this.#admin(["ACL", "GETUSER", user]);
    return reply !== null && !(Array.isArray(reply) && reply.length === 0);
  }

  async create(name: string): Promise<Record<string, string>> {
    // Keys left under the prefix (made by hand) would be the new addon's: refused, nothing changed.
    const left = await this.#admin(["EVAL", "return #redis.call('KEYS', ARGV[1])", "0", pattern(name)]);
    if (typeof left === "number" && left > 0)
      throw new Hop3Error("ADDON_EXISTS", `The external Redis server ${this.server.shown} already has ${left} keys under "${name}:", the prefix of the addon "${name}"; nothing was created.`, { hint: "Pick another name, or delete those keys on that server." });
    return { server: this.server.id };
  }

  async destroy(addon: Addon): Promise<void> {
    await this.#admin(["EVAL", unlinkScript, "0", pattern(addon.name)], dumpTimeoutMs);
  }

  async attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>> {
    const user = attachmentUser(addon.name, app.unixUser, 128, sha256);
    const password = randomBytes(24).toString("hex");
    await this.#setUser(addon.name, user, password);
    return { user, password };
  }

  async detach(_addon: Addon, attachment: Attachment): Promise<void> {
    // DELUSER also closes the user's connections.
    await this.#admin(["ACL", "DELUSER", attachment.credentials.user ?? ""]);
    await this.#saveAcl();
  }

  /** The addon's keys, without their prefix: the dump loads into any redis addon, Hop3's own or external. */
  async exportTo(addon: Addon, file: string): Promise<void> {
    const prefix = Buffer.from(`${addon.name}:`);
    const reply = await redisCommand(this.#target(), this.#auth(), ["EVAL", dumpScript, "0", pattern(addon.name)], dumpTimeoutMs, "buffer");
    await writeKeysDump(file, keysOfReply(reply).map((k) => ({ ...k, key: k.key.subarray(prefix.length) })));
  }

  async importFrom(addon: Addon, file: string): Promise<void> {
    const keys = await readKeysDump(file, addon.name);
    const args = keys.flatMap((k) => [Buffer.concat([Buffer.from(`${addon.name}:`), k.key]), String(k.ttl), k.payload]);
    await redisCommand(this.#target(), this.#auth(), ["EVAL", loadScript, "1", `${addon.name}:{hop3-restore-check}`, ...args], dumpTimeoutMs).catch((error: unknown) => {
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The dump could not be loaded into the addon "${addon.name}"; nothing was changed. ${(error as Error).message}`);
    });
  }

  async empty(addon: Addon): Promise<void> {
    await this.destroy(addon);
  }

  /** redis-cli as the attachment's ACL user; its password in REDISCLI_AUTH, never in argv. */
  shell(_addon: Addon, attachment: Attachment): AddonShell {
    const { user = "", password = "" } = attachment.credentials;
    const tls = this.#target().tls;
    const tlsArgs = tls === undefined ? [] : ["--tls", ...(tls.ca === undefined ? [] : ["--cacert", tls.ca])];
    return { argv: [redisCli, "--no-auth-warning", "-h", this.server.host, "-p", String(this.server.port), ...tlsArgs, "--user", user], env: { REDISCLI_AUTH: password } };
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const { host, port } = this.server;
    const { user = "", password = "" } = attachment.credentials;
    const scheme = this.#target().tls === undefined ? "redis" : "rediss";
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return {
      REDIS_URL: `${scheme}://${encodeURIComponent(user)}:${password}@${urlHost}:${port}`,
      REDIS_HOST: host,
      REDIS_PORT: String(port),
      REDIS_USER: user,
      REDIS_PASSWORD: password,
      // Every key and channel the app uses must start with it: the others are refused (NOPERM).
      REDIS_KEY_PREFIX: `${addon.name}:`,
    };
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    const size = await this.#admin(["EVAL", sizeScript, "0", pattern(addon.name)]).catch(() => null);
    return typeof size === "number" ? size : null;
  }

  async #setUser(addon: string, user: string, password: string): Promise<void> {
    await this.#admin(["ACL", "SETUSER", user, ...redisAppRules(addon, password)]);
    await this.#saveAcl();
  }

  /** Kept across the server's restarts when it has an ACL file; without one, `ensureRunning` sets the users again. */
  async #saveAcl(): Promise<void> {
    await this.#admin(["ACL", "SAVE"]).catch(() => undefined);
  }

  #admin(command: readonly string[], timeoutMs?: number): Promise<unknown> {
    return redisCommand(this.#target(), this.#auth(), command, timeoutMs);
  }

  #auth(): [string, string] {
    return [this.server.user, this.server.password];
  }

  #target(): RedisTcpTarget {
    const { host, port, query, scheme } = this.server;
    if (scheme !== "rediss") return { host, port };
    const ca = query.get("cacert");
    return { host, port, tls: ca === null ? {} : { ca } };
  }
}

/** An app's ACL rules on a shared Redis: its own keys and channels, no command that reaches past them. */
export function redisAppRules(addon: string, password: string): string[] {
  return ["reset", "on", `#${sha256(password)}`, `~${pattern(addon)}`, `&${pattern(addon)}`, "+@all", ...deniedToApps];
}

/** Addon names are [a-z0-9-]: no glob character, and no ':' so one prefix never holds another's. */
function pattern(addon: string): string {
  return `${addon}:*`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
