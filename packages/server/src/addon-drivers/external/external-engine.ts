import { Hop3Error } from "@hop3/contract";
import type { Addon, Attachment } from "../../core/addon.ts";
import type { EngineHost } from "../engine-host.ts";
import { checkAddonsOn, type ExternalServer } from "./external-server.ts";

/**
 * What every engine on an external server shares (ADR 69, ADR 77): Hop3 starts nothing and
 * stops nothing; the server "runs" when it answers its admin, the version is asked once, and
 * addons made on another server than the configured one are refused.
 */
export abstract class ExternalEngine {
  abstract readonly type: string;
  protected readonly host: EngineHost;
  protected readonly server: ExternalServer;
  #version: string | undefined;

  constructor(host: EngineHost, server: ExternalServer) {
    this.host = host;
    this.server = server;
  }

  /** The engine's name in messages ("PostgreSQL"), and what to check when it does not answer. */
  protected abstract readonly about: { readonly product: string; readonly hint: string };
  /**
   * The server's version as it words it ("15.14 (Debian…)", "10.11.6-MariaDB", INFO's
   * "redis_version:7.0.15"), asked as the admin: also the probe, rejecting when the server
   * does not answer or refuses the admin.
   */
  protected abstract serverVersion(): Promise<string>;

  async version(): Promise<string> {
    if (this.#version === undefined) {
      const found = /(\d+\.\d+(\.\d+)?)/.exec(await this.serverVersion().catch(() => ""))?.[1];
      if (found === undefined) return "unknown";
      this.#version = found;
    }
    return this.#version;
  }

  async ensureRunning(addons: readonly Addon[], _attachments: readonly Attachment[] = []): Promise<void> {
    checkAddonsOn(this.server.id, this.type, addons);
    if (!(await this.answers()))
      throw new Hop3Error("ADDON_ENGINE_FAILED", `The external ${this.about.product} server ${this.server.shown} (addons-${this.type}-url) does not answer, or refuses its admin.`, { hint: this.about.hint });
  }

  async status(): Promise<"running" | "stopped"> {
    return (await this.answers()) ? "running" : "stopped";
  }

  detachProcesses(): void {
    // Nothing runs here: the server is someone else's.
  }

  protected answers(): Promise<boolean> {
    return this.serverVersion().then(() => true, () => false);
  }
}

/**
 * The name of an attachment's user on an external server: `<addon>_<app account>`, cut to
 * `max` characters with a hash of the whole so two long names stay apart.
 */
export function attachmentUser(addon: string, unixUser: string, max: number, hash: (text: string) => string): string {
  const name = `${addon}_${unixUser}`;
  return name.length <= max ? name : `${name.slice(0, max - 11)}_${hash(name).slice(0, 10)}`;
}
