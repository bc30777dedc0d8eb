import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { Condition } from "./alert-rules.ts";

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

/** Alerts, notice channels and silences in the state database (0600, the daemon's). */
export class AlertStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
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
      secret: row.secret === null ? null : String(row.secret),
      smtp: row.smtp === null ? null : String(row.smtp),
      addedAt: String(row.added_at),
    }));
  }

  /** Adds a channel; a webhook gets a new random signing secret, shown once. */
  addChannel(kind: ChannelRow["kind"], target: string, smtp: string | null): ChannelRow {
    const secret = kind === "webhook" ? randomBytes(32).toString("hex") : null;
    const addedAt = new Date().toISOString();
    const result = this.#db.prepare("INSERT INTO alert_channels (kind, target, secret, smtp, added_at) VALUES (?, ?, ?, ?, ?)").run(kind, target, secret, smtp, addedAt);
    return { id: Number(result.lastInsertRowid), kind, target, secret, smtp, addedAt };
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
