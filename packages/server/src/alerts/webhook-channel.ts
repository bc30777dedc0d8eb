import { createHmac } from "node:crypto";
import type { Notice } from "./alert-engine.ts";
import { checkedLookup, webhookUrlProblem } from "./webhook-target.ts";

// Not ES imports (docs/adr/0030-daemon-footprint.md); node:https (and node:tls) on the first
// HTTPS notice only, not at start (docs/adr/0064-daemon-node-tuned-for-memory.md).
const http = process.getBuiltinModule("node:http");

/** Header names of a webhook notice. */
export const webhookHeaders = { signature: "x-hop3-signature", timestamp: "x-hop3-timestamp" } as const;

/**
 * The signature of a webhook notice: HMAC-SHA256 over `<timestamp>.<body>` with the channel's
 * secret, hex, as `sha256=<hex>`. The timestamp is in the signed text, so a receiver can refuse
 * old notices replayed.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** POSTs one notice as JSON; resolves with "" on a 2xx answer, else what went wrong. */
export function postWebhook(url: string, secret: string, notice: Notice, timeoutMs = 10_000): Promise<string> {
  const body = JSON.stringify({ version: 1, ...notice });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const problem = webhookUrlProblem(url);
  if (problem !== null) return Promise.resolve(`refused: ${problem}`);
  const target = new URL(url);
  const client = target.protocol === "https:" ? process.getBuiltinModule("node:https") : http;
  return new Promise((resolve) => {
    const request = client.request(target, {
      method: "POST",
      lookup: checkedLookup,
      timeout: timeoutMs,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "hop3-alerts", [webhookHeaders.timestamp]: timestamp, [webhookHeaders.signature]: signWebhook(secret, timestamp, body) },
    });
    request.on("response", (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 300 ? "" : `the webhook answered ${status}`);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    request.on("error", (error) => resolve(error.message));
    request.end(body);
  });
}
