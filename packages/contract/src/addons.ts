import { Type, type Static } from "@sinclair/typebox";

/** The addon types this server has engines for. */
export const addonTypes = ["postgres", "mysql", "redis", "s3"] as const;
export type AddonType = (typeof addonTypes)[number];

/** One app an addon is attached to, and the prefix of the variables it got. */
export const AddonAttachment = Type.Object(
  {
    app: Type.String(),
    prefix: Type.String({ description: "Empty for the first addon of a type (`DATABASE_URL`); else e.g. `CACHE` (`CACHE_REDIS_URL`)" }),
    variables: Type.Array(Type.String(), { description: "Names of the variables the app gets" }),
  },
  { $id: "AddonAttachment", additionalProperties: false },
);
export type AddonAttachment = Static<typeof AddonAttachment>;

/** An addon as `hop3 addons` lists it. */
export const AddonSummary = Type.Object(
  {
    name: Type.String(),
    type: Type.String({ description: "postgres, mysql (MariaDB), redis or s3" }),
    version: Type.String({ description: "The engine's version, e.g. 15.18" }),
    status: Type.Union([Type.Literal("running"), Type.Literal("stopped")]),
    sizeBytes: Type.Union([Type.Integer(), Type.Null()], { description: "Data on disk, when known" }),
    attachments: Type.Array(Type.Ref(AddonAttachment)),
  },
  { $id: "AddonSummary", additionalProperties: false },
);
export type AddonSummary = Static<typeof AddonSummary>;

export const AddonList = Type.Object({ addons: Type.Array(Type.Ref(AddonSummary)) }, { $id: "AddonList", additionalProperties: false });
export type AddonList = Static<typeof AddonList>;

/** `hop3 addons:info`: the summary and, per attachment, the variables (secrets masked unless asked). */
export const AddonInfo = Type.Object(
  {
    addon: Type.Ref(AddonSummary),
    connections: Type.Array(
      Type.Object({ app: Type.String(), env: Type.Record(Type.String(), Type.String()) }, { additionalProperties: false }),
      { description: "The variables each attached app gets; secret values are `********` unless show-secrets was asked" },
    ),
  },
  { $id: "AddonInfo", additionalProperties: false },
);
export type AddonInfo = Static<typeof AddonInfo>;

export const AddonParams = Type.Object({ addon: Type.String({ maxLength: 200 }) });
export const AddonAppParams = Type.Object({ addon: Type.String({ maxLength: 200 }), app: Type.String({ maxLength: 200 }) });

export const CreateAddonBody = Type.Object(
  { type: Type.String({ maxLength: 100, description: "postgres, mysql (MariaDB), redis or s3" }), name: Type.String({ maxLength: 200 }) },
  { $id: "CreateAddonBody", additionalProperties: false },
);
export type CreateAddonBody = Static<typeof CreateAddonBody>;

export const AttachAddonBody = Type.Object(
  {
    app: Type.String({ maxLength: 200 }),
    prefix: Type.Optional(Type.String({ maxLength: 100, description: "Prefix of the variables (`--as`); default none for the app's first addon of a type, else the addon's name" })),
  },
  { $id: "AttachAddonBody", additionalProperties: false },
);
export type AttachAddonBody = Static<typeof AttachAddonBody>;

export const AddonInfoQuery = Type.Object({ "show-secrets": Type.Optional(Type.Boolean()) });

/** Content type of an addon dump (`addons:export`/`addons:import`): the engine's own dump format. */
export const addonDumpContentType = "application/octet-stream";

/** What an attach or detach did: the app restarts through the health-checked switch to get the variables. */
export const AddonBindingChanged = Type.Object(
  {
    addon: Type.String(),
    app: Type.String(),
    attached: Type.Boolean(),
    variables: Type.Array(Type.String()),
    restarted: Type.Boolean(),
    reason: Type.String({ description: "Why the app was not restarted (empty when it was), or why the restart failed" }),
  },
  { $id: "AddonBindingChanged", additionalProperties: false },
);
export type AddonBindingChanged = Static<typeof AddonBindingChanged>;

/** `hop3 addons:upgrade NAME --to V [--major]`, or `--confirm` / `--rollback` of a major upgrade (ADR 68). */
export const UpgradeAddonBody = Type.Object(
  {
    to: Type.Optional(Type.String({ maxLength: 40, pattern: "^[0-9]+(\\.[0-9]+){0,2}$", description: "The version to upgrade to: one installed on the server, e.g. 15, 7.0 or 10.11.6" })),
    major: Type.Optional(Type.Boolean({ description: "Take the major-upgrade path (dump, new data directory, restore, old data kept) even within one major; on a shared server (PostgreSQL, MariaDB) it also agrees to move every addon it serves" })),
    yes: Type.Optional(Type.Boolean({ description: "Agree that a major upgrade of a shared server (PostgreSQL, MariaDB) moves every addon it serves (otherwise ADDON_UPGRADE_SHARED names them)" })),
    confirm: Type.Optional(Type.Boolean({ description: "Delete the data directory (and dump) a major upgrade kept" })),
    rollback: Type.Optional(Type.Boolean({ description: "Serve the kept data directory again and delete the new one" })),
  },
  { $id: "UpgradeAddonBody", additionalProperties: false },
);
export type UpgradeAddonBody = Static<typeof UpgradeAddonBody>;

/** What `addons:upgrade` did, step by step. */
export const AddonUpgraded = Type.Object(
  {
    addon: Type.String(),
    type: Type.String(),
    action: Type.Union([Type.Literal("minor"), Type.Literal("major"), Type.Literal("confirm"), Type.Literal("rollback")]),
    from: Type.String({ description: "The engine's version before" }),
    to: Type.String({ description: "The engine's version after" }),
    restarted: Type.Array(Type.String(), { description: "Addons whose engine restarted (a shared PostgreSQL or MariaDB server restarts for all of its addons)" }),
    kept: Type.Union([Type.String(), Type.Null()], { description: "The old data directory a major upgrade keeps until --confirm" }),
    dump: Type.Union([Type.String(), Type.Null()], { description: "The dump made before a major upgrade, kept until --confirm or --rollback" }),
    steps: Type.Array(Type.String(), { description: "What was done, in order" }),
  },
  { $id: "AddonUpgraded", additionalProperties: false },
);
export type AddonUpgraded = Static<typeof AddonUpgraded>;
