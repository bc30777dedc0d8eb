import { X509Certificate } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { CustomCertificate } from "@hop3/contract";
import type { CheckedCertificate } from "../core/certificate-bundle.ts";
import type { ConfigCipher } from "../configvars/config-cipher.ts";

/** A custom certificate as the proxy loads it. */
export interface ServedCustomCertificate {
  readonly certificate: string;
  readonly key: string;
  /** The app's hostnames it is served for (taken out of certificate automation). */
  readonly hosts: readonly string[];
}

interface Row {
  readonly id: number;
  readonly info: Omit<CustomCertificate, "hosts">;
  readonly chainPem: string;
  readonly keyEncrypted: Uint8Array;
  readonly appId: number;
}

const context = (appId: number, fingerprint: string) => `certificate:${appId}:${fingerprint}`;

/**
 * The certificates added with `hop3 certs:add` (ADR 49), in the state database by app id, the
 * key encrypted with the config key. Which of an app's hostnames each serves is worked out from
 * its names against the app's current hostnames, the newest certificate first: a wildcard
 * certificate also serves a domain added after it.
 */
export class CertificateStore {
  readonly #db: DatabaseSync;
  readonly #cipher: ConfigCipher;

  constructor(db: DatabaseSync, cipher: ConfigCipher) {
    this.#db = db;
    this.#cipher = cipher;
  }

  /** Keeps a checked certificate for the app, and drops its older ones that now serve nothing. */
  add(app: { readonly id: number; readonly name: string }, appHosts: readonly string[], checked: CheckedCertificate, origin: "custom" | "dns-01" = "custom"): void {
    const appId = app.id;
    const now = new Date().toISOString();
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#db.prepare("DELETE FROM app_certificates WHERE app_id = ? AND fingerprint = ?").run(appId, checked.fingerprint);
      this.#db
        .prepare("INSERT INTO app_certificates (app_id, fingerprint, chain_pem, key_encrypted, subjects, issuer, not_before, not_after, added_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run(appId, checked.fingerprint, checked.chainPem, this.#cipher.encrypt(checked.keyPem, context(appId, checked.fingerprint)), JSON.stringify(checked.subjects), checked.issuer, checked.notBefore.toISOString(), checked.notAfter.toISOString(), now, origin);
      const served = new Set(this.#assign(this.#rows(app.name), appHosts).flatMap(({ row, hosts }) => (hosts.length > 0 ? [row.id] : [])));
      for (const row of this.#rows(app.name)) if (!served.has(row.id)) this.#db.prepare("DELETE FROM app_certificates WHERE id = ?").run(row.id);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** The app's custom certificates, newest first, with the hostnames each serves. */
  listOf(app: string, appHosts: readonly string[]): CustomCertificate[] {
    return this.#assign(this.#rows(app), appHosts).map(({ row, hosts }) => ({ ...row.info, hosts }));
  }

  /** What the proxy loads for the app: each certificate serving at least one of its hostnames. */
  servedFor(app: string, appHosts: readonly string[]): ServedCustomCertificate[] {
    return this.#assign(this.#rows(app), appHosts)
      .filter(({ hosts }) => hosts.length > 0)
      .map(({ row, hosts }) => ({ certificate: row.chainPem, key: this.#cipher.decrypt(row.keyEncrypted, context(row.appId, row.info.fingerprint)), hosts }));
  }

  /** Removes these certificates of the app (by fingerprint). */
  remove(appId: number, fingerprints: readonly string[]): void {
    const remove = this.#db.prepare("DELETE FROM app_certificates WHERE app_id = ? AND fingerprint = ?");
    for (const fingerprint of fingerprints) remove.run(appId, fingerprint);
  }

  // By name, as the routing table knows apps.
  #rows(app: string): Row[] {
    return this.#db
      .prepare("SELECT c.* FROM app_certificates c JOIN apps a ON a.id = c.app_id WHERE a.name = ? ORDER BY c.id DESC")
      .all(app)
      .map((row) => ({
        id: Number(row.id),
        appId: Number(row.app_id),
        chainPem: String(row.chain_pem),
        keyEncrypted: row.key_encrypted as Uint8Array,
        info: {
          fingerprint: String(row.fingerprint),
          subjects: JSON.parse(String(row.subjects)) as string[],
          issuer: String(row.issuer),
          notBefore: String(row.not_before),
          notAfter: String(row.not_after),
          addedAt: String(row.added_at),
          origin: row.origin === "dns-01" ? ("dns-01" as const) : ("custom" as const),
        },
      }));
  }

  // Each hostname goes to the newest certificate covering it.
  #assign(rows: readonly Row[], appHosts: readonly string[]): { row: Row; hosts: string[] }[] {
    const left = new Set(appHosts);
    return rows.map((row) => {
      const leaf = new X509Certificate(row.chainPem);
      const hosts = [...left].filter((host) => leaf.checkHost(host) !== undefined).sort();
      for (const host of hosts) left.delete(host);
      return { row, hosts };
    });
  }
}
