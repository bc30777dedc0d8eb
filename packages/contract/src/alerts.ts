import { Type, type Static } from "@sinclair/typebox";

export const AlertEntry = Type.Object({
  key: Type.String({ description: "rule:app — one alert per rule and subject (de-duplication key)" }),
  rule: Type.String({ description: "crash-loop, deploy-failed, app-down, memory-near-limit, disk-full, certificate-expiry, backup-failed, backup-overdue, backup-drill-failed" }),
  app: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal("firing"), Type.Literal("resolved")]),
  summary: Type.String(),
  firedAt: Type.String({ format: "date-time" }),
  resolvedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  notified: Type.Boolean({ description: "False when its notices were held back (silenced, rate limit)" }),
});
export type AlertEntry = Static<typeof AlertEntry>;

export const UptimeEntry = Type.Object({
  app: Type.String(),
  state: Type.Union([Type.Literal("up"), Type.Literal("down"), Type.Literal("unknown")]),
  failures: Type.Integer({ description: "Failed checks in a row" }),
  since: Type.String({ format: "date-time" }),
  detail: Type.String(),
});

export const AlertList = Type.Object(
  {
    alerts: Type.Array(AlertEntry, { description: "Firing alerts, then the last resolved ones" }),
    silences: Type.Array(Type.Object({ scope: Type.String({ description: "An app, or * for all" }), until: Type.String({ format: "date-time" }) })),
    uptime: Type.Array(UptimeEntry),
  },
  { $id: "AlertList" },
);
export type AlertList = Static<typeof AlertList>;

export const AlertChannel = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal("webhook"), Type.Literal("email")]),
    target: Type.String({ description: "The webhook URL or the e-mail address" }),
    addedAt: Type.String({ format: "date-time" }),
  },
  { $id: "AlertChannel" },
);
export type AlertChannel = Static<typeof AlertChannel>;

export const AlertChannels = Type.Object({ channels: Type.Array(Type.Ref(AlertChannel)) }, { $id: "AlertChannels" });
export type AlertChannels = Static<typeof AlertChannels>;

export const AddAlertChannelBody = Type.Object(
  {
    kind: Type.Union([Type.Literal("webhook"), Type.Literal("email")]),
    target: Type.String({ maxLength: 2000 }),
    smtp: Type.Optional(Type.String({ maxLength: 2000, description: "E-mail only: smtp://[user:password@]host[:port][?from=address] (STARTTLS) or smtps://" })),
  },
  { additionalProperties: false, $id: "AddAlertChannelBody" },
);
export type AddAlertChannelBody = Static<typeof AddAlertChannelBody>;

export const AlertChannelAdded = Type.Object(
  { channel: Type.Ref(AlertChannel), secret: Type.Union([Type.String(), Type.Null()], { description: "A webhook's HMAC-SHA256 signing key: shown this once" }) },
  { $id: "AlertChannelAdded" },
);
export type AlertChannelAdded = Static<typeof AlertChannelAdded>;

export const AlertTestResult = Type.Object(
  { results: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), target: Type.String(), error: Type.Union([Type.String(), Type.Null()], { description: "null when delivered" }) })) },
  { $id: "AlertTestResult" },
);
export type AlertTestResult = Static<typeof AlertTestResult>;

export const SilenceBody = Type.Object(
  {
    app: Type.Optional(Type.String({ maxLength: 200, description: "The app to silence; every alert when absent" })),
    for: Type.String({ pattern: "^[1-9][0-9]{0,4}[mhd]$", description: "How long: 30m, 6h, 7d" }),
  },
  { additionalProperties: false, $id: "SilenceBody" },
);
export type SilenceBody = Static<typeof SilenceBody>;

export const alertPaths = {
  alerts: "/v1/alerts",
  channels: "/v1/alerts/channels",
  channel: (id: number) => `/v1/alerts/channels/${id}`,
  test: "/v1/alerts/test",
  silences: "/v1/alerts/silences",
} as const;
