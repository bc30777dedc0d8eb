import { createHash, randomBytes } from "node:crypto";
import { Hop3Error } from "@hop3/contract";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Addon, AddonEngine, AddonShell, AttachingApp, Attachment, EngineRebuild } from "../../core/addon.ts";
import { redisCli, redisServer } from "../engine-binaries.ts";
import { DataLayout, dataDirectoryRebuild } from "../data-directory-switch.ts";
import type { EngineHost } from "../engine-host.ts";
import { EngineProcess } from "../engine-process.ts";
import { checkAddonsOn } from "../external/external-server.ts";
import { redisCommand } from "./resp-client.ts";
import { dumpScript, keysOfReply, loadScript, readKeysDump, writeKeysDump } from "./redis-keys-dump.ts";

/** A whole addon's keys go through one reply (bounded by its maxmemory): more time than a user change. */
const dumpTimeoutMs = 120_000;

const admin = "hop3";

/**
 * Redis 7.0 from Debian: one small redis-server per addon (ADR 42), on a Unix socket only
 * (`port 0`), its data in the engine account's directory. Isolation is real (ADR 43): the
 * default user is off, each attachment is an ACL user of its own with a random password the
 * app alone is given; another app's socket is reachable but refuses it. The configuration
 * goes in on stdin (no file to read or swap) and names the users by password hash only.
 */
export class RedisEngine implements AddonEngine {
  readonly type = "redis";
  readonly secretVariables: readonly string[] = ["REDIS_URL", "REDIS_PASSWORD"];
  readonly #host: EngineHost;
  readonly #processes = new Map<string, EngineProcess>();
  #version: string | undefined;

  constructor(host: EngineHost) {
    this.#host = host;
  }

  async version(): Promise<string> {
    if (this.#version === undefined) {
      const lines = await this.#host.client([redisServer, "--version"], "", "redis-server --version").catch(() => ["7.0"]);
      this.#version = /v=(\d+\.\d+(\.\d+)?)/.exec(lines[0] ?? "")?.[1] ?? "7.0";
    }
    return this.#version;
  }

  async ensureRunning(addons: readonly Addon[], attachments: readonly Attachment[]): Promise<void> {
    // Made on an external server (addons-redis-url, since unset): no redis-server of Hop3's holds it (ADR 77).
    checkAddonsOn(undefined, this.type, addons);
    await this.#host.runAsEngine(["/usr/bin/mkdir", "-p", "-m", "0755", this.#host.dirs.socketsDir], "Making the addons' socket directory");
    for (const addon of addons.filter((a) => a.type === this.type)) await this.#start(addon, attachments.filter((a) => a.addon === addon.name));
  }

  /** A minor upgrade (ADR 68): this addon's own redis-server restarts on the binary installed now. */
  async restart(addon: Addon, _addons: readonly Addon[], attachments: readonly Attachment[]): Promise<string[]> {
    await this.#process(addon.name).stop();
    this.#version = undefined;
    await this.#start(addon, attachments.filter((a) => a.addon === addon.name));
    return [addon.name];
  }

  /** A major upgrade (ADR 68, 78): one redis-server per addon, so the addon alone moves to a new data directory; its socket and users stay. */
  readonly rebuild: EngineRebuild = dataDirectoryRebuild("addon", {
    layout: (addon) => this.#layout(addon.name),
    newDir: (addon) => this.#layout(addon.name).next(addon.name),
    stop: (addon) => this.#process(addon.name).stop(),
    start: (addon, { attachments }) => this.#start(addon, attachments.filter((a) => a.addon === addon.name)),
    remove: (dir) => this.#host.runAsEngine(["/usr/bin/rm", "-rf", dir], `Removing the data directory ${dir}`),
  });

  async create(name: string): Promise<Record<string, string>> {
    const secret = { password: randomBytes(24).toString("hex") };
    await this.#start({ id: 0, name, type: this.type, secret }, []);
    return secret;
  }

  async destroy(addon: Addon): Promise<void> {
    await this.#process(addon.name).stop();
    this.#processes.delete(addon.name);
    const { dir, kept } = this.#layout(addon.name).read();
    for (const gone of kept === null ? [dir] : [dir, kept]) await this.#host.runAsEngine(["/usr/bin/rm", "-rf", gone], `Removing the data of addon ${addon.name}`);
    await rm(this.#layoutFile(addon.name), { force: true });
  }

  async attach(addon: Addon, app: AttachingApp): Promise<Record<string, string>> {
    const user = `${app.unixUser}`;
    const password = randomBytes(24).toString("hex");
    await this.#admin(addon, ["ACL", "SETUSER", user, "reset", "on", ...userRules(password)]);
    return { user, password };
  }

  async detach(addon: Addon, attachment: Attachment): Promise<void> {
    // DELUSER also closes the user's connections.
    await this.#admin(addon, ["ACL", "DELUSER", attachment.credentials.user ?? ""]);
  }

  /** Every key with its payload and time to live, read at one point in time (ADR 50). */
  async exportTo(addon: Addon, file: string): Promise<void> {
    const reply = await redisCommand(this.#socket(addon.name), [admin, addon.secret.password ?? ""], ["EVAL", dumpScript, "0"], dumpTimeoutMs, "buffer");
    await writeKeysDump(file, keysOfReply(reply));
  }

  /** Loads a dump made by `exportTo` in one script: keys of the same name are replaced; a bad payload changes nothing. */
  async importFrom(addon: Addon, file: string): Promise<void> {
    const keys = await readKeysDump(file, addon.name);
    const args = keys.flatMap((k) => [k.key, String(k.ttl), k.payload]);
    await redisCommand(this.#socket(addon.name), [admin, addon.secret.password ?? ""], ["EVAL", loadScript, "0", ...args], dumpTimeoutMs).catch((error: unknown) => {
      throw new Hop3Error("ADDON_IMPORT_INVALID", `The dump could not be loaded into the addon "${addon.name}"; nothing was changed. ${(error as Error).message}`);
    });
  }

  async empty(addon: Addon): Promise<void> {
    await this.#admin(addon, ["FLUSHALL"]);
  }

  /** redis-cli as the attachment's ACL user; its password in REDISCLI_AUTH, never in argv (any account reads /proc/PID/cmdline). */
  shell(addon: Addon, attachment: Attachment): AddonShell {
    const { user = "", password = "" } = attachment.credentials;
    return { argv: [redisCli, "--no-auth-warning", "-s", this.#socket(addon.name), "--user", user], env: { REDISCLI_AUTH: password } };
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const socket = this.#socket(addon.name);
    const { user = "", password = "" } = attachment.credentials;
    return { REDIS_URL: `unix://${user}:${password}@${socket}`, REDIS_SOCKET: socket, REDIS_USER: user, REDIS_PASSWORD: password };
  }

  async status(addon: Addon): Promise<"running" | "stopped"> {
    return this.#process(addon.name).running() ? "running" : "stopped";
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    const info = await this.#admin(addon, ["INFO", "memory"]).catch(() => "");
    const used = /used_memory:(\d+)/.exec(String(info))?.[1];
    return used === undefined ? null : Number(used);
  }

  detachProcesses(): void {
    for (const process of this.#processes.values()) process.detach();
  }

  async #start(addon: Addon, attachments: readonly Attachment[]): Promise<void> {
    const dir = this.#dataDir(addon.name);
    await this.#host.runAsEngine(["/usr/bin/mkdir", "-p", "-m", "0700", dir], `Making the data directory of addon ${addon.name}`);
    const users = attachments.map((a) => `user ${a.credentials.user ?? ""} on ${userRules(a.credentials.password ?? "").join(" ")}`);
    const config = [
      "port 0",
      `unixsocket ${this.#socket(addon.name)}`,
      "unixsocketperm 777",
      `dir ${dir}`,
      "daemonize no",
      "appendonly yes",
      "maxmemory 64mb",
      "user default off",
      `user ${admin} on #${sha256(addon.secret.password ?? "")} ~* &* +@all`,
      ...users,
      "",
    ].join("\n");
    await this.#process(addon.name).ensure([redisServer, "-"], { input: config, ready: () => this.#admin(addon, ["PING"]).then(() => true, () => false) });
  }

  #admin(addon: Addon, command: readonly string[]): Promise<unknown> {
    return redisCommand(this.#socket(addon.name), [admin, addon.secret.password ?? ""], command);
  }

  #process(name: string): EngineProcess {
    let process = this.#processes.get(name);
    if (process === undefined) {
      process = new EngineProcess(this.#host, `redis-${name}`);
      this.#processes.set(name, process);
    }
    return process;
  }

  #socket(name: string): string {
    return join(this.#host.dirs.socketsDir, `redis-${name}.sock`);
  }

  #dataDir(name: string): string {
    return this.#layout(name).read().dir;
  }

  /** Where the addon's data is, and the data directory a major upgrade keeps (ADR 68): `redis/NAME` or `redis/NAME.TIME`. */
  #layout(name: string): DataLayout {
    return new DataLayout(this.#layoutFile(name), join(this.#host.dirs.addonsDir, "redis", name), new RegExp(`^${name}(\\.[a-z0-9]+)?$`));
  }

  #layoutFile(name: string): string {
    return join(this.#host.dirs.configDir, `redis-${name}.layout.json`);
  }
}

/** An attachment's rights: every key and command of its own Redis but the admin ones (ACL, CONFIG, SHUTDOWN...). */
function userRules(password: string): string[] {
  return [`#${sha256(password)}`, "~*", "&*", "+@all", "-@admin"];
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
