import type { DatabaseSync } from "node:sqlite";
import type { Addon, Attachment } from "../core/addon.ts";
import type { ConfigCipher } from "../configvars/config-cipher.ts";

/**
 * Addons and their attachments in the state database. Secrets and credentials are encrypted
 * like config vars (ADR 12), with the addon (and app id) as context, so a value copied to
 * another row does not decrypt.
 */
export class AddonStore {
  readonly #db: DatabaseSync;
  readonly #cipher: ConfigCipher;

  constructor(db: DatabaseSync, cipher: ConfigCipher) {
    this.#db = db;
    this.#cipher = cipher;
  }

  list(): Addon[] {
    return this.#db.prepare("SELECT id, name, type, secret FROM addons ORDER BY name").all().map((row) => this.#addon(row));
  }

  find(name: string): Addon | null {
    const row = this.#db.prepare("SELECT id, name, type, secret FROM addons WHERE name = ?").get(name);
    return row ? this.#addon(row) : null;
  }

  /** Who may reach the addon besides admins: its creator and the apps it is attached to (ADR 68); null when there is no such addon. */
  accessOf(name: string): { apps: string[]; createdBy: number | null } | null {
    const row = this.#db.prepare("SELECT id, created_by FROM addons WHERE name = ?").get(name);
    if (!row) return null;
    const apps = this.#db.prepare("SELECT a.name FROM addon_attachments t JOIN apps a ON a.id = t.app_id WHERE t.addon_id = ? ORDER BY a.name").all(Number(row.id)).map((app) => String(app.name));
    return { apps, createdBy: row.created_by === null ? null : Number(row.created_by) };
  }

  add(name: string, type: string, secret: Readonly<Record<string, string>>, createdBy: number | null = null): Addon {
    const sealed = Object.keys(secret).length === 0 ? null : this.#cipher.encrypt(JSON.stringify(secret), addonContext(name));
    const id = Number(this.#db.prepare("INSERT INTO addons (name, type, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?)").run(name, type, sealed, new Date().toISOString(), createdBy).lastInsertRowid);
    return { id, name, type, secret };
  }

  remove(id: number): void {
    this.#db.prepare("DELETE FROM addons WHERE id = ?").run(id);
  }

  /** Every attachment, or those of one addon, or of one app. */
  attachments(filter: { addonId?: number; appId?: number } = {}): Attachment[] {
    const rows = this.#db
      .prepare(
        "SELECT d.name AS addon, d.type, t.addon_id, t.app_id, a.name AS app, t.prefix, t.credentials FROM addon_attachments t JOIN addons d ON d.id = t.addon_id JOIN apps a ON a.id = t.app_id " +
          "WHERE (? IS NULL OR t.addon_id = ?) AND (? IS NULL OR t.app_id = ?) ORDER BY d.name, a.name",
      )
      .all(filter.addonId ?? null, filter.addonId ?? null, filter.appId ?? null, filter.appId ?? null);
    return rows.map((row) => ({
      addon: String(row.addon),
      type: String(row.type),
      appId: Number(row.app_id),
      app: String(row.app),
      prefix: String(row.prefix),
      credentials: JSON.parse(this.#cipher.decrypt(row.credentials as Uint8Array, attachmentContext(Number(row.addon_id), Number(row.app_id)))) as Record<string, string>,
    }));
  }

  attach(addonId: number, appId: number, prefix: string, credentials: Readonly<Record<string, string>>): void {
    this.#db
      .prepare("INSERT INTO addon_attachments (addon_id, app_id, prefix, credentials, attached_at) VALUES (?, ?, ?, ?, ?)")
      .run(addonId, appId, prefix, this.#cipher.encrypt(JSON.stringify(credentials), attachmentContext(addonId, appId)), new Date().toISOString());
  }

  detach(addonId: number, appId: number): void {
    this.#db.prepare("DELETE FROM addon_attachments WHERE addon_id = ? AND app_id = ?").run(addonId, appId);
  }

  #addon(row: Record<string, unknown>): Addon {
    const name = String(row.name);
    const secret = row.secret === null ? {} : (JSON.parse(this.#cipher.decrypt(row.secret as Uint8Array, addonContext(name))) as Record<string, string>);
    return { id: Number(row.id), name, type: String(row.type), secret };
  }
}

function addonContext(name: string): string {
  return `hop3-addon\0${name}`;
}

function attachmentContext(addonId: number, appId: number): string {
  return `hop3-addon-attachment\0${addonId}\0${appId}`;
}
