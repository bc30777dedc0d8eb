import { setTimeout as sleep } from "node:timers/promises";
import type { Notice } from "./alert-engine.ts";
import type { AlertStore, ChannelRow } from "./alert-store.ts";
import { postWebhook } from "./webhook-channel.ts";
import { parseSmtpUrl, sendMail } from "./smtp-client.ts";

/** Waits before the 2nd, 3rd and 4th attempt of a delivery. */
export const retryDelaysMs = [1000, 5000, 25_000] as const;

export interface NoticeChannelsDeps {
  readonly store: Pick<AlertStore, "channels">;
  readonly defaultFrom: string;
  readonly onFailure: (channel: ChannelRow, notice: Notice, error: string) => void;
  readonly delaysMs?: readonly number[];
}

/** Delivers notices to every channel, each retried with backoff, in the background. */
export class NoticeChannels {
  readonly #deps: NoticeChannelsDeps;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(deps: NoticeChannelsDeps) {
    this.#deps = deps;
  }

  send(notice: Notice): void {
    for (const channel of this.#deps.store.channels()) {
      const delivery = this.deliver(channel, notice).then((error) => {
        if (error !== "") this.#deps.onFailure(channel, notice, error);
      });
      this.#pending.add(delivery);
      void delivery.finally(() => this.#pending.delete(delivery));
    }
  }

  /** One channel, with retries: "" when delivered, else the last error. */
  async deliver(channel: ChannelRow, notice: Notice, delaysMs: readonly number[] = this.#deps.delaysMs ?? retryDelaysMs): Promise<string> {
    let error = "";
    for (let attempt = 0; attempt <= delaysMs.length; attempt++) {
      if (attempt > 0) await sleep(delaysMs[attempt - 1]);
      error = await this.#once(channel, notice);
      if (error === "") return "";
    }
    return error;
  }

  async #once(channel: ChannelRow, notice: Notice): Promise<string> {
    if (channel.kind === "webhook") return postWebhook(channel.target, channel.secret ?? "", notice);
    try {
      await sendMail(parseSmtpUrl(channel.smtp ?? "", this.#deps.defaultFrom), { to: channel.target, subject: subjectOf(notice), text: textOf(notice) });
      return "";
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Deliveries still going on (for a clean stop). */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.#pending]);
  }
}

export function subjectOf(notice: Notice): string {
  return `[hop3 ${notice.server}] ${notice.state === "firing" ? "FIRING" : "RESOLVED"}: ${notice.rule}${notice.app === null ? "" : ` ${notice.app}`}`;
}

function textOf(notice: Notice): string {
  return [notice.summary, "", `Rule: ${notice.rule}`, `Fired at: ${notice.firedAt}`, ...(notice.resolvedAt === null ? [] : [`Resolved at: ${notice.resolvedAt}`]), `Server: ${notice.server}`, "", "`hop3 alerts` lists the alerts; `hop3 alerts:silence` holds notices back."].join("\n");
}
