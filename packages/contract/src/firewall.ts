import { Type, type Static } from "@sinclair/typebox";

const Protocol = Type.Union([Type.Literal("tcp"), Type.Literal("udp")]);

/** A port the host firewall lets in: the operator's own (`hop3 firewall:allow`) or one it always keeps open. */
export const FirewallPort = Type.Object(
  {
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    protocol: Protocol,
    reason: Type.Union([Type.Literal("ssh"), Type.Literal("http"), Type.Literal("https"), Type.Literal("allowed"), Type.Literal("app")], {
      description: "ssh: a port sshd listens on (always open, so a firewall change never locks the operator out); http/https: the proxy; allowed: `hop3 firewall:allow`; app: a fixed port of an app's hop3.toml [[ports]], open while its current release declares it",
    }),
    app: Type.Optional(Type.String({ description: "For reason app: the app holding the port" })),
  },
  { $id: "FirewallPort", additionalProperties: false },
);
export type FirewallPort = Static<typeof FirewallPort>;

/** What `hop3 firewall` shows. */
export const FirewallStatus = Type.Object(
  {
    available: Type.Boolean({ description: "False when nftables is not usable by the server (not root, no kernel support)" }),
    enabled: Type.Boolean({ description: "Inbound connections other than to the open ports are dropped (loopback and replies always pass)" }),
    open: Type.Array(Type.Ref(FirewallPort), { description: "The ports let in while enabled" }),
    pending: Type.Union(
      [
        Type.Object({
          token: Type.String({ description: "Send it to POST /v1/firewall/confirm from a new connection to keep the change" }),
          rollbackAt: Type.String({ format: "date-time", description: "When the change is undone unless confirmed" }),
        }),
        Type.Null(),
      ],
      { description: "A change that closed something and waits for confirmation; null when none" },
    ),
  },
  { $id: "FirewallStatus", additionalProperties: false },
);
export type FirewallStatus = Static<typeof FirewallStatus>;

/** Body of `POST /v1/firewall`. */
export const FirewallChangeBody = Type.Object(
  {
    action: Type.Union([Type.Literal("enable"), Type.Literal("disable"), Type.Literal("allow"), Type.Literal("deny")]),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: "For allow and deny" })),
    protocol: Type.Optional(Protocol),
  },
  { $id: "FirewallChangeBody", additionalProperties: false },
);
export type FirewallChangeBody = Static<typeof FirewallChangeBody>;

/** Body of `POST /v1/firewall/confirm`. */
export const FirewallConfirmBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { $id: "FirewallConfirmBody", additionalProperties: false });
export type FirewallConfirmBody = Static<typeof FirewallConfirmBody>;
