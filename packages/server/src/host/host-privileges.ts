import { basename } from "node:path";
import { userInfo } from "node:os";
import type { ServerConfig } from "../config/server-config.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppIdentities, AppIdentity } from "../core/app-identity.ts";
import type { FirewallRules, HostFirewall } from "../core/host-firewall.ts";
import type { ServiceAccount } from "../exec/as-service-account.ts";
import { privilegedParent, type PrivilegedClient } from "../exec/privileged-client.ts";
/** A key as authorized_keys holds it (keys/authorized-keys.ts renders the line). */
interface AuthorizedKey {
  readonly id: number;
  readonly type: string;
  readonly base64: string;
}
import { NftHostFirewall } from "./nft-host-firewall.ts";
import { NftNetworkGuard } from "./nft-network-guard.ts";
import { NftPortForwarder } from "./nft-port-forwarder.ts";
import { probeSandbox } from "./sandbox-probe.ts";
import { ensureServiceAccount, lookupServiceAccount } from "./service-account.ts";
import { SameUserAppIdentities, UnixAppIdentities } from "./unix-app-identities.ts";

/**
 * What the server does that needs root, in one place (ADR 31): done in this process when it
 * is root and not separated, through the privileged parent when it is the separated daemon,
 * not at all (everything as one user) otherwise.
 */
export interface HostPrivileges {
  /** Apps run as accounts of their own (root, or the separated daemon). */
  readonly switchesUsers: boolean;
  readonly separated: boolean;
  /** Null when the sandbox works here, else why not. */
  probeSandbox(): Promise<string | null>;
  nftAvailable(): Promise<boolean>;
  networkGuard(closedPorts: readonly number[]): NftNetworkGuard;
  portForwarder(): NftPortForwarder;
  hostFirewall(available: boolean): HostFirewall;
  appIdentities(): AppIdentities;
  proxyAccount(): Promise<ServiceAccount | undefined>;
  /** The addon engines' account (ADR 42); undefined when the server runs as one user. */
  addonsAccount(): Promise<ServiceAccount | undefined>;
  /** Writes the SSH account's authorized_keys through the parent; undefined when this process writes it itself. */
  readonly writeAuthorizedKeys: ((keys: readonly AuthorizedKey[]) => Promise<void>) | undefined;
}

export function hostPrivileges(config: ServerConfig, layout: StateLayout): HostPrivileges {
  const parent = privilegedParent();
  return parent ? throughParent(parent, config, layout) : inProcess(config, layout);
}

function inProcess(config: ServerConfig, layout: StateLayout): HostPrivileges {
  const root = process.getuid?.() === 0;
  return {
    switchesUsers: root,
    separated: false,
    probeSandbox,
    nftAvailable: () => NftPortForwarder.available(),
    networkGuard: (closedPorts) => new NftNetworkGuard(layout.home, closedPorts),
    portForwarder: () => new NftPortForwarder(layout.home),
    hostFirewall: (available) => new NftHostFirewall({ home: layout.home, runDir: layout.runDir, available: available && root }),
    appIdentities: () => (root ? new UnixAppIdentities() : new SameUserAppIdentities(userInfo().username)),
    proxyAccount: async () => (root ? ensureServiceAccount(config["proxy-user"]) : undefined),
    addonsAccount: async () => (root ? ensureServiceAccount(config["addons-user"]) : undefined),
    writeAuthorizedKeys: undefined,
  };
}

function throughParent(parent: PrivilegedClient, config: ServerConfig, layout: StateLayout): HostPrivileges {
  return {
    switchesUsers: true,
    separated: true,
    probeSandbox: async () => (await parent.call("sandbox.probe", {})) as string | null,
    nftAvailable: async () => (await parent.call("nft.available", {})) === true,
    networkGuard: (closedPorts) => new NftNetworkGuard(layout.home, closedPorts, async (rules) => void (await parent.call("nft.guard", { appUids: [...rules.appUids], own: rules.own.map((entry) => ({ ...entry })), closedPorts: [...rules.closedPorts] }))),
    portForwarder: () => new NftPortForwarder(layout.home, async (table) => void (await parent.call("nft.forward", { forwards: [...table].map(([front, instances]) => [front, [...instances]] as [number, number[]]) }))),
    hostFirewall: (available) => new ParentFirewall(parent, available),
    appIdentities: () => new ParentAppIdentities(parent),
    // Made by the parent before the daemon started.
    proxyAccount: async () => lookupServiceAccount(config["proxy-user"]) ?? undefined,
    addonsAccount: async () => lookupServiceAccount(config["addons-user"]) ?? undefined,
    writeAuthorizedKeys: async (keys) => void (await parent.call("ssh.authorizedKeys", { keys: keys.map(({ id, type, base64 }) => ({ id, type, base64 })) })),
  };
}

/** App accounts made and removed by the parent; an app's account name and its root's name are all it is told. */
class ParentAppIdentities implements AppIdentities {
  readonly #parent: PrivilegedClient;

  constructor(parent: PrivilegedClient) {
    this.#parent = parent;
  }

  async ensure(user: string, home: string): Promise<AppIdentity> {
    const runAs = (await this.#parent.call("account.ensure", { user, app: basename(home) })) as { uid: number; gid: number };
    return { user, runAs: { uid: runAs.uid, gid: runAs.gid } };
  }

  async remove(user: string): Promise<void> {
    await this.#parent.call("account.remove", { user });
  }
}

/** The host firewall in the parent: it keeps the rollback scripts where the daemon cannot write. */
class ParentFirewall implements HostFirewall {
  readonly available: boolean;
  readonly #parent: PrivilegedClient;

  constructor(parent: PrivilegedClient, available: boolean) {
    this.#parent = parent;
    this.available = available;
  }

  async sshPorts(): Promise<number[]> {
    return (await this.#parent.call("firewall.sshPorts", {})) as number[];
  }

  async apply(rules: FirewallRules): Promise<void> {
    await this.#parent.call("firewall.apply", { rules: copy(rules) });
  }

  async applyWithRollback(rules: FirewallRules, fallback: FirewallRules, seconds: number): Promise<string> {
    return (await this.#parent.call("firewall.applyWithRollback", { rules: copy(rules), fallback: copy(fallback), seconds })) as string;
  }

  async confirm(id: string): Promise<boolean> {
    return /^[0-9a-f]{32}$/.test(id) && (await this.#parent.call("firewall.confirm", { rollback: id })) === true;
  }
}

function copy(rules: FirewallRules): { port: number; protocol: "tcp" | "udp" }[] | null {
  return rules === null ? null : rules.map(({ port, protocol }) => ({ port, protocol }));
}
