import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { Condition } from "./alert-rules.ts";
import type { ConfigCipher } from "../configvars/config-cipher.ts";

export interface AlertRow {
  readonly key: string;
  readonly rule: string;
  readonly app: string | null;
  readonly firing: boolean;
  readonly summary: string;
  readonly firedAt: string;
  readonly resolvedAt: string | null;
  readonly notified: boolean;
}

export interface ChannelRow {
  readonly id: number;
  readonly kind: "webhook" | "email";
  readonly target: string;
  /** The webhook's HMAC key; null for e-mail. */
  readonly secret: string | null;
  /** The e-mail channel's SMTP server URL (with credentials): never shown back. */
  readonly smtp: string | null;
  readonly addedAt: string;
}

/** The authenticated context of a channel's sealed field: a value copied to another row or column does not decrypt. */
const channelContext = (id: number, field: "secret" | "smtp") => `alert-channel:${id}:${field}`;

/**
 * Alerts, notice channels and silences in the state database (0600, the daemon's). A channel's
 * webhook secret and SMTP URL (its password) are sealed with the config vars' key (AES-256-GCM,
 * ADR 62): a copy of the database alone reveals neither.
 */
export class AlertStore {
  readonly #db: DatabaseSync;
  readonly #cipher: Pick<ConfigCipher, "encrypt" | "decrypt">;

  constructor(db: DatabaseSync, cipher: Pick<ConfigCipher, "encrypt" | "decrypt">) {
    this.#db = db;
    this.#cipher = cipher;
    this.#sealPlainChannels();
  }

  /** Channels stored in clear by the first monitoring release (text values) are sealed once. */
  #sealPlainChannels(): void {
    for (const row of this.#db.prepare("SELECT id, secret, smtp FROM alert_channels WHERE typeof(secret) = 'text' OR typeof(smtp) = 'text'").all()) {
      const id = Number(row.id);
      const seal = (value: unknown, field: "secret" | "smtp") => (typeof value === "string" ? this.#cipher.encrypt(value, channelContext(id, field)) : (value as Uint8Array | null));
      this.#db.prepare("UPDATE alert_channels SET secret = ?, smtp = ? WHERE id = ?").run(seal(row.secret, "secret"), seal(row.smtp, "smtp"), id);
    }
  }

  #open(value: unknown, id: number, field: "secret" | "smtp"): string | null {
    return value === null || value === undefined ? null : this.#cipher.decrypt(value as Uint8Array, channelContext(id, field));
  }

  firing(): AlertRow[] {
    return this.#db.prepare("SELECT * FROM alerts WHERE firing = 1 ORDER BY fired_at").all().map(toAlert);
  }

  /** Firing alerts, then the last `recent` resolved ones. */
  list(recent = 20): AlertRow[] {
    const resolved = this.#db.prepare("SELECT * FROM alerts WHERE firing = 0 ORDER BY resolved_at DESC LIMIT ?").all(recent).map(toAlert);
    return [...this.firing(), ...resolved];
  }

  fire(condition: Condition, at: string, notified: boolean): void {
    this.#db
      .prepare(
        `INSERT INTO alerts (key, rule, app, firing, summary, fired_at, resolved_at, notified) VALUES (?, ?, ?, 1, ?, ?, NULL, ?)
         ON CONFLICT (key) DO UPDATE SET rule = excluded.rule, app = excluded.app, firing = 1, summary = excluded.summary, fired_at = excluded.fired_at, resolved_at = NULL, notified = excluded.notified`,
      )
      .run(condition.key, condition.rule, condition.app, condition.summary, at, notified ? 1 : 0);
  }

  updateSummary(key: string, summary: string): void {
    this.#db.prepare("UPDATE alerts SET summary = ? WHERE key = ? AND firing = 1").run(summary, key);
  }

  resolve(key: string, at: string): void {
    this.#db.prepare("UPDATE alerts SET firing = 0, resolved_at = ? WHERE key = ?").run(at, key);
  }

  channels(): ChannelRow[] {
    return this.#db.prepare("SELECT * FROM alert_channels ORDER BY id").all().map((row) => ({
      id: Number(row.id),
      kind: String(row.kind) as ChannelRow["kind"],
      target: String(row.target),
      secret: this.#open(row.secret, Number(row.id), "secret"),
      smtp: this.#open(row.smtp, Number(row.id), "smtp"),
      addedAt: String(row.added_at),
    }));
  }

  /** Adds a channel; a webhook gets a new random signing secret, shown once. */
  addChannel(kind: ChannelRow["kind"], target: string, smtp: string | null): ChannelRow {
    const secret = kind === "webhook" ? randomBytes(32).toString("hex") : null;
    const addedAt = new Date().toISOString();
    // Inserted first for its id (part of what the seal authenticates), sealed in the same transaction.
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const id = Number(this.#db.prepare("INSERT INTO alert_channels (kind, target, secret, smtp, added_at) VALUES (?, ?, NULL, NULL, ?)").run(kind, target, addedAt).lastInsertRowid);
      const seal = (value: string | null, field: "secret" | "smtp") => (value === null ? null : this.#cipher.encrypt(value, channelContext(id, field)));
      this.#db.prepare("UPDATE alert_channels SET secret = ?, smtp = ? WHERE id = ?").run(seal(secret, "secret"), seal(smtp, "smtp"), id);
      this.#db.exec("COMMIT");
      return { id, kind, target, secret, smtp, addedAt };
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  removeChannel(id: number): boolean {
    return this.#db.prepare("DELETE FROM alert_channels WHERE id = ?").run(id).changes > 0;
  }

  silence(scope: string, until: string): void {
    this.#db.prepare("INSERT INTO alert_silences (scope, until) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET until = excluded.until").run(scope, until);
  }

  /** Silences still in force at `now`: scope (`*` or an app) -> until. */
  silences(now: string): Map<string, string> {
    this.#db.prepare("DELETE FROM alert_silences WHERE until <= ?").run(now);
    return new Map(this.#db.prepare("SELECT scope, until FROM alert_silences").all().map((row) => [String(row.scope), String(row.until)]));
  }
}

function toAlert(row: Record<string, unknown>): AlertRow {
  return {
    key: String(row.key),
    rule: String(row.rule),
    app: row.app === null ? null : String(row.app),
    firing: Number(row.firing) === 1,
    summary: String(row.summary),
    firedAt: String(row.fired_at),
    resolvedAt: row.resolved_at === null ? null : String(row.resolved_at),
    notified: Number(row.notified) === 1,
  };
}
