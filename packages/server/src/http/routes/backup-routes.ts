import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, Backup, BackupList, BackupRecovery, BackupRestored, BackupSchedule, BackupVerified, ErrorResponse, RestoreBackupBody, ServerRestoreBody, ServerRestorePlan, ServerRestoreAccessBody, ServerRestoreAccess, BackupDrillSchedule, SetDrillScheduleBody } from "@hop3/contract";
import type { BackupService } from "../../operations/backup-service.ts";
import type { BackupRestore } from "../../operations/backup-restore.ts";
import type { BackupSchedules } from "../../operations/backup-schedules.ts";
import type { BackupVerify } from "../../operations/backup-verify.ts";
import type { BackupRecovery as Recovery } from "../../operations/backup-recovery.ts";
import type { ServerRestore } from "../../operations/server-restore.ts";
import type { BackupDrills } from "../../operations/backup-drills.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse), 422: Type.Ref(ErrorResponse), 500: Type.Ref(ErrorResponse) };
const secured = { tags: ["backups"], security: [{ bearer: [] }] };
const RecoverQuery = Type.Object({ app: Type.Optional(Type.String({ maxLength: 200, description: "Only this app (hop3-server restore brings the apps back one by one)" })) });
const BackupParams = Type.Object({ app: Type.String({ maxLength: 200 }), id: Type.Integer({ minimum: 1 }) });

export interface BackupRoutesDeps {
  readonly backups: Pick<BackupService, "start" | "list" | "find">;
  readonly restore: Pick<BackupRestore, "restore">;
  readonly schedules: Pick<BackupSchedules, "of" | "set" | "remove" | "overdue">;
  readonly verify: Pick<BackupVerify, "verify">;
  readonly recovery: Pick<Recovery, "recover">;
  readonly serverRestore: Pick<ServerRestore, "plan" | "access">;
  readonly drills: Pick<BackupDrills, "of" | "set" | "remove">;
}

/** `hop3 backups*` (ADR 47): list, create, follow, restore, schedule. */
export function backupRoutes(app: FastifyInstance, deps: BackupRoutesDeps): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/backups", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "An app's backups, newest first, with the repository and the schedule", params: AppParams, response: { 200: Type.Ref(BackupList), ...errors } },
    handler: async (request) => ({
      ...deps.backups.list(request.params.app, deps.schedules.of(request.params.app)),
      overdue: deps.schedules.overdue(request.params.app),
      drill: deps.drills.of(request.params.app),
    }),
  });
  app.post<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/backups", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Start a backup of the app: data directory, release tree, config (vars still encrypted, domains, scale)",
      description:
        "Answers 202 with the backup `running` (follow it with GET …/backups/{id}), or already `failed` with the reason when the repository cannot be used. " +
        "The answer of the backup that created the repository carries its password, this once.",
      params: AppParams,
      response: { 202: Type.Ref(Backup), ...errors },
    },
    handler: async (request, reply) => reply.status(202).send(await deps.backups.start(request.params.app)),
  });
  app.get<{ Params: Static<typeof BackupParams> }>("/v1/apps/:app/backups/:id", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "One backup: its status, reason, parts, sizes, and its progress while it runs", params: BackupParams, response: { 200: Type.Ref(Backup), ...errors } },
    handler: async (request) => deps.backups.find(request.params.app, request.params.id),
  });
  app.post<{ Params: Static<typeof BackupParams>; Body: RestoreBackupBody }>("/v1/apps/:app/backups/:id/restore", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Restore a backup in place, or into a new app with `to`",
      description:
        "In place: the app's processes stop, its data directory, config vars, domains and scale are replaced, and its current release starts again through the health check; " +
        "on any failure the app gets its previous state back (BACKUP_RESTORE_FAILED). With `to`: a new app built from the backup's release tree, with its data and config vars.",
      params: BackupParams,
      body: Type.Ref(RestoreBackupBody),
      response: { 200: Type.Ref(BackupRestored), ...errors },
    },
    handler: async (request) => deps.restore.restore(request.params.app, request.params.id, request.body.to),
  });
  app.post<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/backups/verify", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Check the repository and restore the app's latest backup into a throwaway app that must pass its health check",
      description: "`restic check`, then a restore drill: the latest succeeded backup is built as a temporary app, started and health-checked, then removed. The app itself is not touched.",
      params: AppParams,
      response: { 200: Type.Ref(BackupVerified), ...errors },
    },
    handler: async (request) => deps.verify.verify(request.params.app),
  });
  app.post<{ Querystring: Static<typeof RecoverQuery> }>("/v1/backups/recover", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      querystring: RecoverQuery,
      summary: "Disaster recovery: bring back every app the repository has a backup of and this server has not, from its latest snapshot",
      description:
        "Reads the repository named by the server setting `backup-repository`, with the password in `secrets/backup-repository.password` " +
        "(and config vars decrypted with `secrets/config.key`), both copied from the old server. Apps this server has are skipped.",
      response: { 200: Type.Ref(BackupRecovery), ...errors },
    },
    handler: async (request) => deps.recovery.recover(request.query.app),
  });
  app.post<{ Body: ServerRestoreBody }>("/v1/server/restore", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Disaster recovery onto this fresh server: adopt a lost server's repository and the config key of its server-level snapshot",
      description:
        "Refused unless the server has no app, no addon and no repository of its own (RESTORE_TARGET_NOT_EMPTY). The password is kept 0600 in secrets/, never logged; " +
        "a repository that cannot be read (BACKUP_REPOSITORY_UNREADABLE) leaves nothing behind. Answers the apps the repository holds: bring each back with POST /v1/backups/recover?app=NAME " +
        "(`hop3-server restore --repo` does both).",
      body: Type.Ref(ServerRestoreBody),
      response: { 200: Type.Ref(ServerRestorePlan), ...errors },
    },
    handler: async (request) => deps.serverRestore.plan(request.body),
  });
  app.post<{ Body: ServerRestoreAccessBody }>("/v1/server/restore/access", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Disaster recovery, once the apps are back: the lost server's users, app roles, SSH keys and API tokens (ADR 83)",
      description:
        "Read from the database copy of the plan's server-level snapshot; every row is checked as the API would and an invalid one is skipped and named. " +
        "A user of a name this server has keeps its password, admin flag and tokens and gains the lost one's roles, keys and tokens. Tokens come back as their hashes. " +
        "Roles on apps this server lacks are skipped. The audit log is not imported. Refused unless the repository was adopted by POST /v1/server/restore.",
      body: Type.Ref(ServerRestoreAccessBody),
      response: { 200: Type.Ref(ServerRestoreAccess), ...errors },
    },
    handler: async (request) => {
      const restored = await deps.serverRestore.access(request.body);
      request.audit = { detail: `${restored.users} user(s) (${restored.merged.length} merged), ${restored.grants} role(s), ${restored.sshKeys} SSH key(s), ${restored.tokens} token(s) from ${restored.repository} (snapshot ${restored.snapshot.slice(0, 8)}); ${restored.skipped.length} skipped` };
      return restored;
    },
  });
  app.put<{ Params: Static<typeof AppParams>; Body: BackupSchedule }>("/v1/apps/:app/backups/schedule", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Set the app's backup schedule and the retention Hop3 applies after each scheduled backup",
      params: AppParams,
      body: Type.Ref(BackupSchedule),
      response: { 200: Type.Ref(BackupSchedule), ...errors },
    },
    handler: async (request) => deps.schedules.set(request.params.app, request.body),
  });
  app.put<{ Params: Static<typeof AppParams>; Body: SetDrillScheduleBody }>("/v1/apps/:app/backups/drill-schedule", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Run the app's restore drill (as backups/verify does) on a cron schedule; a failed drill raises the backup-drill-failed alert",
      params: AppParams,
      body: Type.Ref(SetDrillScheduleBody),
      response: { 200: Type.Ref(BackupDrillSchedule), ...errors },
    },
    handler: async (request) => deps.drills.set(request.params.app, request.body.cron),
  });
  app.delete<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/backups/drill-schedule", {
    config: { permission: "app:manage" },
    schema: { ...secured, summary: "Remove the app's restore drill schedule", params: AppParams, response: { 204: Type.Null(), ...errors } },
    handler: async (request, reply) => {
      deps.drills.remove(request.params.app);
      return reply.status(204).send();
    },
  });
  app.delete<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/backups/schedule", {
    config: { permission: "app:manage" },
    schema: { ...secured, summary: "Remove the app's backup schedule (its backups stay)", params: AppParams, response: { 204: Type.Null(), ...errors } },
    handler: async (request, reply) => {
      deps.schedules.remove(request.params.app);
      return reply.status(204).send();
    },
  });
}
