import { rmSync } from "node:fs";
import { join } from "node:path";
import { Hop3Error, isSshKeyName, type SshKey } from "@hop3/contract";
import type { StateLayout } from "../config/state-layout.ts";
import type { TokenStore } from "../auth/token-store.ts";
import type { SshAccount } from "../host/ssh-account.ts";
import { renderAuthorizedKeys, type AuthorizedKey, type ForcedCommand } from "./authorized-keys.ts";
import { writeFileAtomically } from "./write-file-atomically.ts";
import type { KeyStore, StoredSshKey } from "./key-store.ts";
import { parseSshPublicKey } from "./ssh-public-key.ts";
import { authorizedKeysFile } from "./ssh-state.ts";

/** The SSH account as the key service sees it. */
export interface SshAccess {
  readonly user: string;
  /** Looked up when needed (setup may create it while the server runs); null when absent. */
  account(): SshAccount | null;
  /** True when files must belong to the account (the server runs as root). */
  readonly switchesUsers: boolean;
  readonly forcedCommand: ForcedCommand;
  /**
   * Set in the separated daemon (ADR 31): authorized_keys is written by the root parent, from
   * the keys alone; the tokens are the daemon's files (group: the account's), mode 0640.
   */
  readonly writeAuthorizedKeys?: ((keys: readonly AuthorizedKey[]) => Promise<void>) | undefined;
}

export interface KeyServiceDeps {
  readonly keys: KeyStore;
  readonly tokens: TokenStore;
  readonly layout: StateLayout;
  readonly ssh: SshAccess;
}

/** Who asks: keys are the caller's own, or anyone's for an admin. */
export interface KeyCaller {
  readonly userId: number;
  readonly admin: boolean;
}

/**
 * Adding, listing and removing SSH keys. A key belongs to a user and acts with that user's
 * roles (docs/adr/0044-users-roles-authorisation.md). Each key gets its own API token, kept in
 * `<home>/ssh/keys/<id>.token` for the forced command; `authorized_keys` is rewritten
 * whole after every change.
 */
export class KeyService {
  readonly #deps: KeyServiceDeps;

  constructor(deps: KeyServiceDeps) {
    this.#deps = deps;
  }

  list(caller: KeyCaller): SshKey[] {
    return this.#deps.keys
      .list()
      .filter((key) => caller.admin || key.userId === caller.userId)
      .map(shown);
  }

  /** Adds a key for the user `userId`; it gets its own token of that user. */
  async add(name: string, publicKey: string, userId: number): Promise<SshKey> {
    const key = this.#insert(name, publicKey, userId);
    try {
      await this.sync();
    } catch (error) {
      this.#forget(key);
      throw error;
    }
    return shown(key);
  }

  /**
   * Adds a lost server's keys (ADR 83), each checked as `add` checks it, then writes
   * authorized_keys once. A key refused is named with the reason; the others are added.
   */
  async restore(keys: readonly { name: string; publicKey: string; userId: number }[]): Promise<{ added: SshKey[]; skipped: { name: string; reason: string }[] }> {
    const added: StoredSshKey[] = [];
    const skipped: { name: string; reason: string }[] = [];
    for (const key of keys) {
      try {
        added.push(this.#insert(key.name, key.publicKey, key.userId));
      } catch (error) {
        skipped.push({ name: key.name, reason: (error as Error).message });
      }
    }
    if (added.length > 0) {
      try {
        await this.sync();
      } catch (error) {
        for (const key of added) this.#forget(key);
        throw error;
      }
    }
    return { added: added.map(shown), skipped };
  }

  /** Checks and stores a key with its token and the token's file; authorized_keys is not written yet. */
  #insert(name: string, publicKey: string, userId: number): StoredSshKey {
    if (!isSshKeyName(name)) {
      const display = JSON.stringify(name.length > 70 ? `${name.slice(0, 70)}…` : name);
      throw new Hop3Error("SSH_KEY_NAME_INVALID", `The key name ${display} is not valid.`);
    }
    const parsed = parseSshPublicKey(publicKey);
    const { keys, tokens } = this.#deps;
    const owner = this.#owner();
    if (keys.findByName(name)) throw new Hop3Error("SSH_KEY_EXISTS", `A key named "${name}" already exists.`);
    const same = keys.findByBlob(parsed.base64);
    if (same) throw new Hop3Error("SSH_KEY_EXISTS", `This key (${parsed.fingerprint}) is already added, as "${same.name}" (id ${same.id}).`);
    const token = tokens.issue(`ssh-key:${name}`, userId);
    let key: StoredSshKey | null = null;
    try {
      key = keys.insert({ name, type: parsed.type, base64: parsed.base64, bits: parsed.bits, fingerprint: parsed.fingerprint, apiTokenId: token.id, userId, user: "" });
      key = keys.findById(key.id) ?? key;
      writeFileAtomically(this.#tokenFile(key.id), `${token.token}\n`, this.#deps.ssh.writeAuthorizedKeys ? { mode: 0o640 } : { mode: 0o600, owner });
      return key;
    } catch (error) {
      if (key) {
        keys.delete(key.id);
        rmSync(this.#tokenFile(key.id), { force: true });
      }
      tokens.revoke(token.id);
      throw error;
    }
  }

  /** Removes a key by id or name: its line in authorized_keys, its token and the token's file. */
  async remove(idOrName: string, caller: KeyCaller): Promise<SshKey> {
    const { keys } = this.#deps;
    const found = (/^\d{1,9}$/.test(idOrName) ? keys.findById(Number(idOrName)) : null) ?? keys.findByName(idOrName);
    // Another user's key: as if it did not exist.
    const key = found && (caller.admin || found.userId === caller.userId) ? found : null;
    if (!key) throw new Hop3Error("SSH_KEY_NOT_FOUND", `No SSH key has the id or name ${JSON.stringify(idOrName.slice(0, 80))}.`);
    this.#forget(key);
    await this.sync();
    return shown(key);
  }

  /** Removes every key of a user (before the user is removed). */
  async removeAllOf(userId: number): Promise<void> {
    const owned = this.#deps.keys.list().filter((key) => key.userId === userId);
    for (const key of owned) this.#forget(key);
    if (owned.length > 0) await this.sync();
  }

  #forget(key: StoredSshKey): void {
    this.#deps.keys.delete(key.id);
    this.#deps.tokens.revoke(key.apiTokenId);
    rmSync(this.#tokenFile(key.id), { force: true });
  }

  /** Writes authorized_keys from the database (after each change, and at server start). */
  async sync(): Promise<void> {
    const { layout, ssh } = this.#deps;
    const account = ssh.account();
    // Without the account nobody can log in: there is nothing to write until setup makes it.
    if (ssh.switchesUsers && !account) return;
    if (ssh.writeAuthorizedKeys) return ssh.writeAuthorizedKeys(this.#deps.keys.list());
    const text = renderAuthorizedKeys(this.#deps.keys.list(), ssh.forcedCommand);
    writeFileAtomically(authorizedKeysFile(layout), text, { mode: 0o600, owner: this.#owner() });
  }

  #owner(): { uid: number; gid: number } | undefined {
    const { ssh } = this.#deps;
    if (!ssh.switchesUsers) return undefined;
    const account = ssh.account();
    if (!account) {
      throw new Hop3Error("SSH_NOT_SET_UP", `The SSH account "${ssh.user}" is not set up on this server (missing, or not made by \`hop3-server setup\`), so no key could log in.`);
    }
    return { uid: account.uid, gid: account.gid };
  }

  #tokenFile(id: number): string {
    return join(this.#deps.layout.sshKeysDir, `${id}.token`);
  }
}

function shown(key: StoredSshKey): SshKey {
  return { id: key.id, name: key.name, type: key.type, fingerprint: key.fingerprint, bits: key.bits, user: key.user, createdAt: key.createdAt };
}
