import type { DatabaseSync } from "node:sqlite";
import type { ConfigVarMap, ConfigVarSource } from "../core/config-vars.ts";
import type { ConfigCipher } from "./config-cipher.ts";

/** Config vars in the state database, each value encrypted with the app and name as context. */
export class ConfigVarStore implements ConfigVarSource {
  readonly #db: DatabaseSync;
  readonly #cipher: ConfigCipher;

  constructor(db: DatabaseSync, cipher: ConfigCipher) {
    this.#db = db;
    this.#cipher = cipher;
  }

  varsOf(app: string): ConfigVarMap {
    const rows = this.#db.prepare("SELECT key, value FROM config_vars WHERE app = ? ORDER BY key").all(app);
    return Object.fromEntries(rows.map((row) => [String(row.key), this.#cipher.decrypt(row.value as Uint8Array, context(app, String(row.key)))]));
  }

  /**
   * The app's config vars and generated secrets still encrypted (base64), for a backup: they
   * can only be read back with this server's key (ADR 47).
   */
  sealedOf(app: string): SealedVars {
    const read = (table: string) =>
      Object.fromEntries(this.#db.prepare(`SELECT key, value FROM ${table} WHERE app = ? ORDER BY key`).all(app).map((row) => [String(row.key), Buffer.from(row.value as Uint8Array).toString("base64")]));
    return { vars: read("config_vars"), secrets: read("generated_secrets") };
  }

  /** Decrypts what `sealedOf(app)` returned (`app` is the name they were sealed under). */
  unseal(app: string, sealed: SealedVars): { vars: ConfigVarMap; secrets: ConfigVarMap } {
    const open = (values: Readonly<Record<string, string>>, contextOf: (app: string, key: string) => string) =>
      Object.fromEntries(Object.entries(values).map(([key, value]) => [key, this.#cipher.decrypt(Buffer.from(value, "base64"), contextOf(app, key))]));
    return { vars: open(sealed.vars, context), secrets: open(sealed.secrets, secretContext) };
  }

  /** The app's generated secrets (ADR 38): kept apart from config vars, which `hop3 config` shows. */
  secretsOf(app: string): ConfigVarMap {
    const rows = this.#db.prepare("SELECT key, value FROM generated_secrets WHERE app = ? ORDER BY key").all(app);
    return Object.fromEntries(rows.map((row) => [String(row.key), this.#cipher.decrypt(row.value as Uint8Array, secretContext(app, String(row.key)))]));
  }

  /** Keeps the secrets the app has not got yet; one it already has is never replaced. Returns those kept. */
  addSecrets(app: string, secrets: ConfigVarMap): ConfigVarMap {
    const insert = this.#db.prepare("INSERT INTO generated_secrets (app, key, value) VALUES (?, ?, ?) ON CONFLICT (app, key) DO NOTHING");
    const added: Record<string, string> = {};
    for (const [key, value] of Object.entries(secrets)) {
      if (insert.run(app, key, this.#cipher.encrypt(value, secretContext(app, key))).changes > 0) added[key] = value;
    }
    return added;
  }

  /** Sets and removes vars of one app in one transaction. */
  change(app: string, set: ConfigVarMap, unset: readonly string[]): void {
    const upsert = this.#db.prepare("INSERT INTO config_vars (app, key, value) VALUES (?, ?, ?) ON CONFLICT (app, key) DO UPDATE SET value = excluded.value");
    const remove = this.#db.prepare("DELETE FROM config_vars WHERE app = ? AND key = ?");
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const [key, value] of Object.entries(set)) upsert.run(app, key, this.#cipher.encrypt(value, context(app, key)));
      for (const key of unset) remove.run(app, key);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * Renames an app (`renameRecord` changes its row) and moves its vars to the new name in one
   * transaction: each value is encrypted again, since the app's name is part of its context.
   */
  renameApp(from: string, to: string, renameRecord: () => void): void {
    const vars = this.varsOf(from);
    const secrets = this.secretsOf(from);
    const insert = this.#db.prepare("INSERT INTO config_vars (app, key, value) VALUES (?, ?, ?)");
    const insertSecret = this.#db.prepare("INSERT INTO generated_secrets (app, key, value) VALUES (?, ?, ?)");
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#db.prepare("DELETE FROM config_vars WHERE app = ?").run(from);
      this.#db.prepare("DELETE FROM generated_secrets WHERE app = ?").run(from);
      renameRecord();
      for (const [key, value] of Object.entries(vars)) insert.run(to, key, this.#cipher.encrypt(value, context(to, key)));
      for (const [key, value] of Object.entries(secrets)) insertSecret.run(to, key, this.#cipher.encrypt(value, secretContext(to, key)));
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}

/** Config vars and generated secrets as stored: encrypted, base64. */
export interface SealedVars {
  readonly vars: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

function context(app: string, key: string): string {
  return `hop3-config-var\0${app}\0${key}`;
}

function secretContext(app: string, key: string): string {
  return `hop3-generated-secret\0${app}\0${key}`;
}
