import type { Condition } from "./alert-rules.ts";
import type { AlertStore } from "./alert-store.ts";

/** What a channel receives: one alert's firing or resolved notice. */
export interface Notice {
  readonly key: string;
  readonly rule: string;
  readonly app: string | null;
  readonly state: "firing" | "resolved";
  readonly summary: string;
  readonly firedAt: string;
  readonly resolvedAt: string | null;
  /** The server's domain, to tell servers apart. */
  readonly server: string;
}

export interface AlertEngineDeps {
  readonly store: AlertStore;
  /** Sends a notice to every channel (delivery and its retries go on in the background). */
  readonly send: (notice: Notice) => void;
  readonly server: string;
  /** Notices sent at most per hour, all alerts together: a storm is not relayed in full. */
  readonly maxPerHour: number;
  readonly now?: () => Date;
  readonly onHeldBack?: (notice: Notice, why: string) => void;
}

/**
 * Turns the conditions that hold into alerts: a new condition fires (one notice), a condition
 * that stops holding resolves (one notice), one that goes on holding sends nothing more. The
 * state is in the database, so a restart neither repeats nor loses a notice. A silenced app's
 * notices, and any beyond `maxPerHour`, are recorded but not sent; the resolved notice of an
 * alert whose firing one was not sent is not sent either.
 */
export class AlertEngine {
  readonly #deps: AlertEngineDeps;
  #sentAt: number[] = [];

  constructor(deps: AlertEngineDeps) {
    this.#deps = deps;
  }

  evaluate(conditions: readonly Condition[]): void {
    const { store } = this.#deps;
    const now = this.#now();
    const at = now.toISOString();
    const firing = new Map(store.firing().map((row) => [row.key, row]));
    const holding = new Set<string>();
    for (const condition of conditions) {
      if (holding.has(condition.key)) continue;
      holding.add(condition.key);
      const existing = firing.get(condition.key);
      if (existing) {
        if (existing.summary !== condition.summary) store.updateSummary(condition.key, condition.summary);
        continue;
      }
      const notice: Notice = { key: condition.key, rule: condition.rule, app: condition.app, state: "firing", summary: condition.summary, firedAt: at, resolvedAt: null, server: this.#deps.server };
      const held = this.#holdBack(notice, now);
      store.fire(condition, at, held === null);
      if (held === null) this.#send(notice, now);
      else this.#deps.onHeldBack?.(notice, held);
    }
    for (const row of firing.values()) {
      if (holding.has(row.key)) continue;
      store.resolve(row.key, at);
      const notice: Notice = { key: row.key, rule: row.rule, app: row.app, state: "resolved", summary: row.summary, firedAt: row.firedAt, resolvedAt: at, server: this.#deps.server };
      if (row.notified) this.#send(notice, now);
    }
  }

  /** Why a firing notice is not sent now (silenced, rate limit), or null. */
  #holdBack(notice: Notice, now: Date): string | null {
    const silences = this.#deps.store.silences(now.toISOString());
    const until = silences.get("*") ?? (notice.app === null ? undefined : silences.get(notice.app));
    if (until !== undefined) return `silenced until ${until}`;
    this.#sentAt = this.#sentAt.filter((time) => now.getTime() - time < 3_600_000);
    if (this.#sentAt.length >= this.#deps.maxPerHour) return `rate limit: ${this.#deps.maxPerHour} notices an hour`;
    return null;
  }

  #send(notice: Notice, now: Date): void {
    this.#sentAt.push(now.getTime());
    this.#deps.send(notice);
  }

  #now(): Date {
    return (this.#deps.now ?? (() => new Date()))();
  }
}
