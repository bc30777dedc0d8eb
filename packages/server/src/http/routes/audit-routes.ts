import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AuditLog as AuditLogSchema, AuditQuery, AuditVerification, auditPaths, ErrorResponse, Hop3Error } from "@hop3/contract";
import type { AuditLog } from "../../auth/audit-log.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["audit"], security: [{ bearer: [] }] };

/** The audit log, for admins. */
export function auditRoutes(app: FastifyInstance, audit: AuditLog): void {
  app.get<{ Querystring: Static<typeof AuditQuery> }>(auditPaths.log, {
    config: { permission: "server:read" },
    schema: { ...secured, summary: "Audit log entries, oldest first (the newest `limit`, default 1000)", querystring: AuditQuery, response: { 200: Type.Ref(AuditLogSchema), 400: error, 401: error, 403: error } },
    handler: async (request) => {
      const since = request.query.since;
      if (since !== undefined && Number.isNaN(Date.parse(since))) throw new Hop3Error("REQUEST_INVALID", `--since ${JSON.stringify(since)} is not a date.`, { hint: "Give an ISO date or date-time, e.g. 2026-12-01 or 2026-12-01T10:00:00Z." });
      return { entries: audit.list({ ...request.query, ...(since === undefined ? {} : { since: new Date(since).toISOString() }) }) };
    },
  });
  app.get(auditPaths.verify, {
    config: { permission: "server:read" },
    schema: { ...secured, summary: "Check the audit log's hash chain", response: { 200: Type.Ref(AuditVerification), 401: error, 403: error, 409: error } },
    handler: async () => {
      const result = audit.verify();
      if (result.truncated) {
        throw new Hop3Error("AUDIT_CHAIN_BROKEN", `Audit entries ${result.brokenAt} to ${result.anchored} were removed from the end of the log: the anchor file outside the database records entry ${result.anchored} (${result.entries} entries before them are intact).`);
      }
      if (!result.ok) throw new Hop3Error("AUDIT_CHAIN_BROKEN", `Audit entry ${result.brokenAt} does not match the chain (${result.entries} entries before it are intact).`);
      return result;
    },
  });
}
