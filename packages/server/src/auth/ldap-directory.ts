import type { Client } from "ldapts";
import { Hop3Error } from "@hop3/contract";
import type { ExternalIdentity } from "./external-identity.ts";
import { readSecretFile } from "./secret-file.ts";

/** The LDAP settings of the server config (docs/server.md). */
export interface LdapSettings {
  readonly url: string;
  readonly startTls: boolean;
  readonly bindDn: string;
  /** The search account's password file; read only when `bindDn` is set. */
  readonly bindPasswordFile: string;
  readonly baseDn: string;
  readonly userFilter: string;
  readonly groupFilter: string;
  readonly groupAttribute: string;
}

const timeoutMs = 10_000;

/**
 * `ldapts` (and the `node:tls` it imports) on the first LDAP sign-in, not at start: a server
 * without LDAP never loads it (docs/adr/0064-daemon-node-tuned-for-memory.md).
 */
const loadLdapts = () => import("ldapts");

/**
 * LDAP bind authentication (ADR 60) through `ldapts`: find the user's entry with the search
 * account, bind as that entry with the password given, then read the groups naming it.
 * Null for an unknown name or a wrong password: the caller answers both alike.
 */
export class LdapDirectory {
  readonly #settings: LdapSettings;

  constructor(settings: LdapSettings) {
    this.#settings = settings;
  }

  async authenticate(name: string, password: string): Promise<ExternalIdentity | null> {
    // An empty password would be an anonymous bind, which "succeeds" on most servers.
    if (password === "" || name === "") return null;
    const settings = this.#settings;
    const { Client, Filter, InvalidCredentialsError } = await loadLdapts();
    const fill = (filter: string, values: Record<string, string>) => filter.replace(/\{(user|dn)\}/g, (_match, key: string) => Filter.escape(values[key] ?? ""));
    const client = await this.#connect(new Client({ url: settings.url, timeout: timeoutMs, connectTimeout: timeoutMs }));
    try {
      if (settings.bindDn !== "") await client.bind(settings.bindDn, readSecretFile(settings.bindPasswordFile, "LDAP bind password"));
      const { searchEntries: users } = await client.search(settings.baseDn, { scope: "sub", filter: fill(settings.userFilter, { user: name }), attributes: ["mail"], sizeLimit: 2 });
      // No entry, or two (an ambiguous filter): nobody signs in as a guess.
      const entry = users.length === 1 ? users[0] : undefined;
      if (!entry) return null;
      try {
        await client.bind(entry.dn, password);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) return null;
        throw error;
      }
      // Groups are read as the search account again: the user's own rights may not cover them.
      if (settings.bindDn !== "") await client.bind(settings.bindDn, readSecretFile(settings.bindPasswordFile, "LDAP bind password"));
      const { searchEntries: groups } = await client.search(settings.baseDn, { scope: "sub", filter: fill(settings.groupFilter, { user: name, dn: entry.dn }), attributes: [settings.groupAttribute] });
      const mail = entry.mail;
      return {
        source: "ldap",
        externalId: entry.dn,
        name,
        email: typeof mail === "string" ? mail : Array.isArray(mail) && typeof mail[0] === "string" ? mail[0] : null,
        groups: groups.flatMap((group) => [group[settings.groupAttribute]].flat()).filter((value): value is string => typeof value === "string"),
      };
    } catch (error) {
      if (error instanceof Hop3Error) throw error;
      throw new Hop3Error("SSO_FAILED", `The LDAP server ${settings.url} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async #connect(client: Client): Promise<Client> {
    if (this.#settings.startTls) {
      try {
        await client.startTLS({ servername: new URL(this.#settings.url).hostname });
      } catch (error) {
        throw new Hop3Error("SSO_FAILED", `StartTLS with the LDAP server ${this.#settings.url} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return client;
  }
}
