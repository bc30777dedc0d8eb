import { Hop3Error, type FirewallChangeBody, type FirewallPort, type FirewallStatus } from "@hop3/contract";
import type { FirewallRules, HostFirewall, OpenPort } from "../core/host-firewall.ts";
import type { FirewallSettings, FirewallStore } from "./firewall-store.ts";
import type { HeldPort } from "./fixed-ports.ts";

export interface FirewallServiceOptions {
  readonly store: FirewallStore;
  readonly firewall: HostFirewall;
  /** The proxy's HTTP and HTTPS ports: always open while the firewall is on. */
  readonly httpPort: number;
  /** The `https-port` setting; 443 when absent. */
  readonly httpsPort?: number | undefined;
  /** Seconds a change that closes something has to be confirmed before it is undone. */
  readonly confirmSeconds: number;
  /** Apps' fixed ports (hop3.toml `[[ports]]`): open while the firewall is on, like the proxy's. */
  readonly appPorts?: (() => readonly HeldPort[]) | undefined;
}


/**
 * `hop3 firewall` (ADR 24). SSH, HTTP and HTTPS are always open while it filters. A change
 * that closes something (enable, deny) is applied with a rollback to the last confirmed
 * rules and kept only once confirmed from a new connection (the CLI does it right after):
 * an operator whose own way in was cut gets it back without doing anything.
 */
export class FirewallService {
  readonly #options: FirewallServiceOptions;
  #pending: { readonly id: string; readonly settings: FirewallSettings; readonly rollbackAt: Date; readonly timer: NodeJS.Timeout } | null = null;

  constructor(options: FirewallServiceOptions) {
    this.#options = options;
  }

  async status(): Promise<FirewallStatus> {
    const { firewall } = this.#options;
    const settings = this.#pending?.settings ?? this.#options.store.read();
    return {
      available: firewall.available,
      enabled: settings.enabled,
      open: firewall.available ? await this.#openPorts(settings) : [],
      pending: this.#pending && { token: this.#pending.id, rollbackAt: this.#pending.rollbackAt.toISOString() },
    };
  }

  /** Applies a change; when it closes something, the answer's `pending` must be confirmed in time. */
  async change(body: FirewallChangeBody): Promise<FirewallStatus> {
    const { firewall, store, confirmSeconds } = this.#options;
    if (!firewall.available) throw new Hop3Error("FIREWALL_UNAVAILABLE", "The host firewall is not available: nft cannot be used by this server (it needs root and nftables).");
    const confirmed = store.read();
    const next = await this.#next(this.#pending?.settings ?? confirmed, body);
    const rules = await this.#rules(next);
    this.#clearPending();
    if (next.enabled && (!confirmed.enabled || (await this.#closesSomething(confirmed, next)))) {
      const id = await firewall.applyWithRollback(rules, await this.#rules(confirmed), confirmSeconds);
      const timer = setTimeout(() => {
        if (this.#pending?.id === id) this.#pending = null;
      }, confirmSeconds * 1000);
      timer.unref();
      this.#pending = { id, settings: next, rollbackAt: new Date(Date.now() + confirmSeconds * 1000), timer };
    } else {
      await firewall.apply(rules);
      store.write(next);
    }
    return this.status();
  }

  /** Keeps the pending change. */
  async confirm(token: string): Promise<FirewallStatus> {
    const pending = this.#pending;
    if (!pending || pending.id !== token || Date.now() >= pending.rollbackAt.getTime() || !(await this.#options.firewall.confirm(token))) {
      throw new Hop3Error("FIREWALL_NOT_PENDING", "There is no firewall change waiting for this confirmation.");
    }
    this.#options.store.write(pending.settings);
    this.#clearPending();
    return this.status();
  }

  /** After an app's fixed ports changed: the confirmed rules again, with them (a pending change keeps its own). */
  async refresh(): Promise<void> {
    if (!this.#options.firewall.available || this.#pending !== null) return;
    const settings = this.#options.store.read();
    if (settings.enabled) await this.#options.firewall.apply(await this.#rules(settings));
  }

  /** At server start: the confirmed rules again (after a reboot; an unconfirmed change is undone). */
  async restore(): Promise<void> {
    if (!this.#options.firewall.available) return;
    await this.#options.firewall.apply(await this.#rules(this.#options.store.read()));
  }

  #clearPending(): void {
    if (this.#pending) clearTimeout(this.#pending.timer);
    this.#pending = null;
  }

  async #next(current: FirewallSettings, body: FirewallChangeBody): Promise<FirewallSettings> {
    if (body.action === "enable" || body.action === "disable") return { enabled: body.action === "enable", allowed: current.allowed };
    if (body.port === undefined) throw new Hop3Error("FIREWALL_PORT_INVALID", `firewall:${body.action} needs a PORT.`);
    const { port, protocol } = body;
    if (body.action === "allow") {
      const added = { port, protocol: protocol ?? "tcp" };
      return { enabled: current.enabled, allowed: [...current.allowed.filter((open) => !samePort(open, added)), added] };
    }
    const kept = await this.#alwaysOpen();
    const protectedPort = kept.find((open) => open.port === port && (protocol ?? "tcp") === open.protocol);
    if (protectedPort) {
      throw new Hop3Error("FIREWALL_PORT_PROTECTED", `Port ${port}/${protectedPort.protocol} is the ${protectedPort.reason.toUpperCase()} port and stays open while the firewall is on.`);
    }
    return { enabled: current.enabled, allowed: current.allowed.filter((open) => open.port !== port || (protocol !== undefined && open.protocol !== protocol)) };
  }

  async #rules(settings: FirewallSettings): Promise<FirewallRules> {
    return settings.enabled ? (await this.#openPorts(settings)).map(({ port, protocol }) => ({ port, protocol })) : null;
  }

  async #closesSomething(before: FirewallSettings, after: FirewallSettings): Promise<boolean> {
    const open = await this.#openPorts(after);
    return (await this.#openPorts(before)).some((port) => !open.some((other) => samePort(port, other)));
  }

  async #alwaysOpen(): Promise<FirewallPort[]> {
    const ssh = await this.#options.firewall.sshPorts();
    return [
      ...ssh.map((port) => ({ port, protocol: "tcp" as const, reason: "ssh" as const })),
      { port: this.#options.httpPort, protocol: "tcp", reason: "http" },
      { port: this.#options.httpsPort ?? 443, protocol: "tcp", reason: "https" },
    ];
  }

  async #openPorts(settings: FirewallSettings): Promise<FirewallPort[]> {
    const open: FirewallPort[] = [];
    const apps = (this.#options.appPorts?.() ?? []).filter((held) => held.open).map((held) => ({ port: held.port, protocol: held.protocol, reason: "app" as const, app: held.app }));
    for (const port of [...(await this.#alwaysOpen()), ...settings.allowed.map((allowed) => ({ ...allowed, reason: "allowed" as const })), ...apps]) {
      if (!open.some((other) => samePort(other, port))) open.push(port);
    }
    return open;
  }
}

function samePort(a: OpenPort, b: OpenPort): boolean {
  return a.port === b.port && a.protocol === b.protocol;
}
