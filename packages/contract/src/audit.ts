import { Type, type Static } from "@sinclair/typebox";

/** One entry of the audit log: who did what, from where, to which app, with what result. */
export const AuditEntry = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    at: Type.String({ format: "date-time" }),
    user: Type.Union([Type.String(), Type.Null()], { description: "null: the caller could not be identified (a failed sign-in)" }),
    token: Type.Union([Type.String(), Type.Null()], { description: "The token's name" }),
    sshKey: Type.Union([Type.String(), Type.Null()], { description: "The SSH key's fingerprint, for requests made over SSH" }),
    ip: Type.Union([Type.String(), Type.Null()]),
    action: Type.String({ description: "e.g. deploy, rollback, config.set, scale, access.grant, token.create, login.failed" }),
    app: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Union([Type.String(), Type.Null()], { description: "What changed, never a secret: config names, a role, a token's name" }),
    result: Type.String({ description: "ok, or the error code" }),
    hash: Type.String({ description: "SHA-256 of this entry and the previous entry's hash" }),
  },
  { $id: "AuditEntry" },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditLog = Type.Object({ entries: Type.Array(Type.Ref(AuditEntry)) }, { $id: "AuditLog" });
export type AuditLog = { entries: AuditEntry[] };

export const AuditQuery = Type.Object({
  app: Type.Optional(Type.String({ maxLength: 63 })),
  user: Type.Optional(Type.String({ maxLength: 64 })),
  since: Type.Optional(Type.String({ maxLength: 40, description: "ISO date-time; entries at or after it" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  after: Type.Optional(Type.Integer({ minimum: 0, description: "Entries after this id, the oldest `limit` of them (paging through the whole log: `hop3 audit:export`)" })),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** The result of checking the chain: the first entry that does not match, if any. */
export const AuditVerification = Type.Object(
  {
    ok: Type.Boolean(),
    entries: Type.Integer({ description: "Entries checked" }),
    brokenAt: Type.Union([Type.Integer(), Type.Null()], { description: "Id of the first entry whose hash or link does not match, or that is missing at the end" }),
    anchored: Type.Union([Type.Integer(), Type.Null()], { description: "Id of the newest entry recorded in the anchor file outside the database (null: none yet)" }),
    truncated: Type.Boolean({ description: "True when the log ends before the entry the anchor file records: entries were cut off its end" }),
  },
  { $id: "AuditVerification" },
);
export type AuditVerification = Static<typeof AuditVerification>;

export const auditPaths = { log: "/v1/audit", verify: "/v1/audit/verify" } as const;
