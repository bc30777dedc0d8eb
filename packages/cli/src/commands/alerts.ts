import { alertPaths, type AlertChannelAdded, type AlertChannels, type AlertList, type AlertTestResult } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";
import { usageError } from "../usage-error.ts";

const age = /^[1-9][0-9]{0,4}[mhd]$/;

/** The text of `hop3 alerts`: alerts (firing first), silences, uptime of web apps. */
export function renderAlerts(list: AlertList): string {
  const sections: string[] = [];
  sections.push(
    list.alerts.length === 0
      ? "No alerts."
      : formatTable(
          ["STATE", "RULE", "APP", "SINCE", "SUMMARY"],
          list.alerts.map((a) => [a.state + (a.notified ? "" : " (held back)"), a.rule, a.app ?? "-", (a.resolvedAt ?? a.firedAt).slice(0, 19).replace("T", " "), a.summary]),
        ),
  );
  if (list.silences.length > 0) sections.push(list.silences.map((s) => `Silenced: ${s.scope === "*" ? "every alert" : s.scope} until ${s.until}`).join("\n"));
  if (list.uptime.length > 0) sections.push(formatTable(["APP", "UPTIME", "SINCE", "LAST CHECK"], list.uptime.map((u) => [u.app, u.state, u.since.slice(0, 19).replace("T", " "), u.detail])));
  return sections.join("\n\n");
}

/** `hop3 alerts`: what is firing, what resolved lately, silences and uptime. */
export const alertsCommand = defineCommand({
  name: "alerts",
  summary: "Show firing and recently resolved alerts, silences, and each web app's uptime state",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<AlertList>("GET", alertPaths.alerts);
  },
  render: renderAlerts,
});

/** `hop3 alerts:channels`: where notices go. */
export const alertsChannelsCommand = defineCommand({
  name: "alerts:channels",
  summary: "List where alert notices go (webhooks and e-mail addresses) with their ids",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<AlertChannels>("GET", alertPaths.channels);
  },
  render({ channels }) {
    if (channels.length === 0) return "No alert channels: add one with `hop3 alerts:channels:add webhook URL` or `hop3 alerts:channels:add email ADDRESS --smtp URL`.";
    return formatTable(["ID", "KIND", "TARGET", "ADDED"], channels.map((c) => [String(c.id), c.kind, c.target, c.addedAt.slice(0, 10)]));
  },
});

/** `hop3 alerts:channels:add webhook URL` or `… email ADDRESS --smtp URL`. */
export const alertsChannelsAddCommand = defineCommand({
  name: "alerts:channels:add",
  summary: "Send alert notices to a webhook (signed JSON) or an e-mail address (SMTP with STARTTLS)",
  options: {
    smtp: { type: "string", valueName: "URL", description: "E-mail: the SMTP server, smtp://[user:password@]host[:port][?from=address] (STARTTLS) or smtps://" },
    json: jsonOption,
  },
  args: [
    { name: "KIND", required: true, description: "webhook or email" },
    { name: "TARGET", required: true, description: "The webhook's URL, or the e-mail address" },
  ],
  async run({ args, options }, { client }) {
    if (args.KIND !== "webhook" && args.KIND !== "email") throw usageError(`"${args.KIND}" is not a channel kind: give webhook or email.`, "alerts:channels:add");
    return (await client()).json<AlertChannelAdded>("POST", alertPaths.channels, { kind: args.KIND, target: args.TARGET, ...(options.smtp === undefined ? {} : { smtp: options.smtp }) });
  },
  render({ channel, secret }) {
    const lines = [`Added ${channel.kind} channel ${channel.id}: ${channel.target}`];
    if (secret !== null) lines.push(`Signing secret (shown once): ${secret}`, "Each POST carries X-Hop3-Timestamp and X-Hop3-Signature: sha256=HMAC-SHA256(secret, timestamp + \".\" + body), hex.");
    return lines.join("\n");
  },
});

/** `hop3 alerts:channels:remove ID`. */
export const alertsChannelsRemoveCommand = defineCommand({
  name: "alerts:channels:remove",
  summary: "Stop sending alert notices to a channel",
  options: {},
  args: [{ name: "ID", required: true, description: "The channel's id (see `hop3 alerts:channels`)" }],
  async run({ args }, { client }) {
    if (!/^[1-9]\d*$/.test(args.ID)) throw usageError(`"${args.ID}" is not a channel id.`, "alerts:channels:remove");
    await (await client()).json("DELETE", alertPaths.channel(Number(args.ID)));
    return { id: Number(args.ID) };
  },
  render: ({ id }) => `Removed alert channel ${id}.`,
});

/** `hop3 alerts:test`: a test notice to every channel, now. */
export const alertsTestCommand = defineCommand({
  name: "alerts:test",
  summary: "Send a test notice to every alert channel and show how each delivery went",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<AlertTestResult>("POST", alertPaths.test, {});
  },
  render({ results }) {
    if (results.length === 0) return "No alert channels to test.";
    return formatTable(["ID", "KIND", "TARGET", "RESULT"], results.map((r) => [String(r.id), r.kind, r.target, r.error === null ? "delivered" : `failed: ${r.error}`]));
  },
});

/** `hop3 alerts:silence [APP] --for 2h`. */
export const alertsSilenceCommand = defineCommand({
  name: "alerts:silence",
  summary: "Hold back alert notices of an app (or all apps) for a while, e.g. during maintenance",
  options: { for: { type: "string", valueName: "AGE", description: "How long: 30m, 2h, 1d (required)" }, json: jsonOption },
  args: [{ name: "APP", required: false, description: "The app; every alert when left out" }],
  async run({ args, options }, { client }) {
    if (options.for === undefined || !age.test(options.for)) throw usageError("Give how long with --for, e.g. --for 30m, 2h or 1d.", "alerts:silence");
    return (await client()).json<{ scope: string; until: string }>("POST", alertPaths.silences, { for: options.for, ...(args.APP === undefined ? {} : { app: args.APP }) });
  },
  render: ({ scope, until }) => `Notices of ${scope === "*" ? "every alert" : scope} are held back until ${until}.`,
});
