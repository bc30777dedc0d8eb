import { Hop3Error, sinceSeconds, type AddAlertChannelBody, type AlertChannel, type AlertList, type AlertTestResult, type SilenceBody } from "@hop3/contract";
import type { AlertStore, ChannelRow } from "./alert-store.ts";
import type { NoticeChannels } from "./notice-channels.ts";
import { parseSmtpUrl } from "./smtp-client.ts";
import { webhookUrlProblem } from "./webhook-target.ts";
import type { UptimeState } from "../metrics/uptime-checks.ts";

export interface AlertServiceDeps {
  readonly store: AlertStore;
  readonly channels: Pick<NoticeChannels, "deliver">;
  readonly uptime: () => readonly UptimeState[];
  readonly server: string;
  /** Throws APP_NOT_FOUND for an unknown app. */
  readonly requireApp: (name: string) => unknown;
}

const emailAddress = /^[^\s@<>,;:"]+@[^\s@<>,;:"]+\.[^\s@<>,;:"]+$/;

/** `hop3 alerts`, its channels, test notices and silences. */
export class AlertService {
  readonly #deps: AlertServiceDeps;

  constructor(deps: AlertServiceDeps) {
    this.#deps = deps;
  }

  list(): AlertList {
    const { store } = this.#deps;
    return {
      alerts: store.list().map((row) => ({ key: row.key, rule: row.rule, app: row.app, state: row.firing ? "firing" : "resolved", summary: row.summary, firedAt: row.firedAt, resolvedAt: row.resolvedAt, notified: row.notified })),
      silences: [...store.silences(new Date().toISOString())].map(([scope, until]) => ({ scope, until })),
      uptime: [...this.#deps.uptime()],
    };
  }

  channels(): AlertChannel[] {
    return this.#deps.store.channels().map(shown);
  }

  addChannel(body: AddAlertChannelBody): { channel: AlertChannel; secret: string | null } {
    if (body.kind === "webhook") {
      const problem = webhookUrlProblem(body.target);
      if (problem !== null) throw new Hop3Error("ALERT_CHANNEL_INVALID", `The webhook URL "${body.target}" is refused: ${problem}.`);
      if (body.smtp !== undefined) throw new Hop3Error("ALERT_CHANNEL_INVALID", "--smtp is for e-mail channels; a webhook takes none.");
    } else {
      if (!emailAddress.test(body.target)) throw new Hop3Error("ALERT_CHANNEL_INVALID", `"${body.target}" is not an e-mail address.`);
      if (body.smtp === undefined) throw new Hop3Error("ALERT_CHANNEL_INVALID", `The e-mail channel to ${body.target} needs --smtp smtp://[user:password@]host[:port].`);
      try {
        parseSmtpUrl(body.smtp, `hop3@${this.#deps.server}`);
      } catch (error) {
        throw new Hop3Error("ALERT_CHANNEL_INVALID", `--smtp: ${(error as Error).message}.`);
      }
    }
    const row = this.#deps.store.addChannel(body.kind, body.target, body.smtp ?? null);
    return { channel: shown(row), secret: row.secret };
  }

  removeChannel(id: number): void {
    if (!this.#deps.store.removeChannel(id)) throw new Hop3Error("ALERT_CHANNEL_NOT_FOUND", `There is no alert channel ${id}.`);
  }

  /** Sends a test notice to every channel and says how each delivery went (no retries). */
  async test(): Promise<AlertTestResult> {
    const at = new Date().toISOString();
    const notice = { key: "test", rule: "test", app: null, state: "firing" as const, summary: "A test notice from `hop3 alerts:test`: this channel works.", firedAt: at, resolvedAt: null, server: this.#deps.server };
    const results = await Promise.all(this.#deps.store.channels().map(async (channel) => ({ id: channel.id, kind: channel.kind, target: channel.target, error: (await this.#deps.channels.deliver(channel, notice, [])) || null })));
    return { results };
  }

  silence(body: SilenceBody): AlertList["silences"][number] {
    if (body.app !== undefined) this.#deps.requireApp(body.app);
    const scope = body.app ?? "*";
    const until = new Date(Date.now() + sinceSeconds(body.for) * 1000).toISOString();
    this.#deps.store.silence(scope, until);
    return { scope, until };
  }
}

/** A channel as shown: never its secret nor its SMTP credentials. */
function shown(row: ChannelRow): AlertChannel {
  return { id: row.id, kind: row.kind, target: row.target, addedAt: row.addedAt };
}
