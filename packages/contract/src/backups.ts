import { Type, type Static } from "@sinclair/typebox";

/** What one backup holds: a part of the app, staged as files and kept in one restic snapshot. */
export const BackupPartInfo = Type.Object(
  {
    name: Type.String({ description: "data (the data directory), release (the current release's tree), config (config vars still encrypted, domains, scale); later one per addon" }),
    bytes: Type.Integer({ description: "Size of what the part staged" }),
  },
  { $id: "BackupPartInfo", additionalProperties: false },
);
export type BackupPartInfo = Static<typeof BackupPartInfo>;

/** One backup of an app, as `hop3 backups APP` lists it. */
export const Backup = Type.Object(
  {
    id: Type.Integer(),
    app: Type.String(),
    status: Type.Union([Type.Literal("running"), Type.Literal("succeeded"), Type.Literal("failed"), Type.Literal("forgotten")], {
      description: "succeeded only once restic stored the snapshot with every part; failed with the reason; forgotten: removed by retention",
    }),
    reason: Type.Union([Type.String(), Type.Null()], { description: "Why it failed" }),
    trigger: Type.Union([Type.Literal("manual"), Type.Literal("schedule")]),
    snapshot: Type.Union([Type.String(), Type.Null()], { description: "The restic snapshot id" }),
    parts: Type.Array(Type.Ref(BackupPartInfo)),
    bytes: Type.Union([Type.Integer(), Type.Null()], { description: "Bytes staged" }),
    added: Type.Union([Type.Integer(), Type.Null()], { description: "Bytes the repository grew by (deduplicated, compressed)" }),
    startedAt: Type.String({ format: "date-time" }),
    finishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    progress: Type.Union([Type.Object({ part: Type.String(), percent: Type.Number() }), Type.Null()], { description: "While running: the step and how far" }),
    newRepository: Type.Optional(
      Type.Object(
        { location: Type.String(), password: Type.String() },
        { description: "Only in the answer of the backup that created the repository: its password, shown this once" },
      ),
    ),
  },
  { $id: "Backup", additionalProperties: false },
);
export type Backup = Static<typeof Backup>;

export const BackupList = Type.Object(
  {
    app: Type.String(),
    repository: Type.String({ description: "Where the backups are kept (restic repository)" }),
    schedule: Type.Union([Type.Ref("BackupSchedule"), Type.Null()]),
    overdue: Type.Boolean({ description: "The schedule has produced no succeeded backup in twice its interval (false without a schedule)" }),
    drill: Type.Union([Type.Ref("BackupDrillSchedule"), Type.Null()], { description: "The scheduled restore drill (`hop3 backups:drill-schedule`) and its last result" }),
    backups: Type.Array(Type.Ref(Backup), { description: "Newest first" }),
  },
  { $id: "BackupList", additionalProperties: false },
);
export type BackupList = Static<typeof BackupList> & { schedule: BackupSchedule | null; drill: BackupDrillSchedule | null };

/** `hop3 backups:restore APP ID [--to NEWAPP]`. */
export const RestoreBackupBody = Type.Object(
  { to: Type.Optional(Type.String({ maxLength: 63, description: "Restore into a new app of this name instead of in place" })) },
  { $id: "RestoreBackupBody", additionalProperties: false },
);
export type RestoreBackupBody = Static<typeof RestoreBackupBody>;

export const BackupRestored = Type.Object(
  {
    app: Type.String({ description: "The app restored (the new one with --to)" }),
    backup: Type.Integer(),
    release: Type.Integer({ description: "The release serving after the restore" }),
    url: Type.String(),
    parts: Type.Array(Type.String()),
  },
  { $id: "BackupRestored", additionalProperties: false },
);
export type BackupRestored = Static<typeof BackupRestored>;

/** An app's backup schedule and the retention applied after each run. */
export const BackupSchedule = Type.Object(
  {
    cron: Type.String({ maxLength: 100, description: "Five-field cron expression, server time, e.g. `0 3 * * *`" }),
    keepDaily: Type.Integer({ minimum: 0, maximum: 1000 }),
    keepWeekly: Type.Integer({ minimum: 0, maximum: 1000 }),
    keepMonthly: Type.Integer({ minimum: 0, maximum: 1000 }),
  },
  { $id: "BackupSchedule", additionalProperties: false },
);
export type BackupSchedule = Static<typeof BackupSchedule>;

/** `hop3 backups:drill-schedule APP CRON` (ADR 71): backups:verify on a schedule, and how its last run ended. */
export const BackupDrillSchedule = Type.Object(
  {
    cron: Type.String({ maxLength: 100, description: "Five-field cron expression, server time, e.g. `0 4 * * 0`" }),
    last: Type.Union(
      [
        Type.Object({
          status: Type.Union([Type.Literal("succeeded"), Type.Literal("failed")]),
          reason: Type.Union([Type.String(), Type.Null()], { description: "Why it failed" }),
          finishedAt: Type.String({ format: "date-time" }),
        }),
        Type.Null(),
      ],
      { description: "The last scheduled drill (null: none ran yet)" },
    ),
  },
  { $id: "BackupDrillSchedule", additionalProperties: false },
);
export type BackupDrillSchedule = Static<typeof BackupDrillSchedule>;

export const SetDrillScheduleBody = Type.Object({ cron: Type.String({ maxLength: 100 }) }, { $id: "SetDrillScheduleBody", additionalProperties: false });
export type SetDrillScheduleBody = Static<typeof SetDrillScheduleBody>;

/** `hop3 backups:verify APP`: the repository checked, and the latest backup restored into a throwaway app that must pass its health check. */
export const BackupVerified = Type.Object(
  {
    app: Type.String(),
    backup: Type.Integer({ description: "The backup the drill restored (the app's latest succeeded one)" }),
    repository: Type.Literal("ok", { description: "`restic check` found no error" }),
    drill: Type.Object({
      app: Type.String({ description: "The throwaway app (removed again)" }),
      release: Type.Integer(),
      seconds: Type.Number(),
    }),
  },
  { $id: "BackupVerified", additionalProperties: false },
);
export type BackupVerified = Static<typeof BackupVerified>;

/** `hop3 backups:recover`: what became of each app found in the repository. */
export const BackupRecovery = Type.Object(
  {
    repository: Type.String(),
    apps: Type.Array(
      Type.Object({
        app: Type.String(),
        status: Type.Union([Type.Literal("restored"), Type.Literal("skipped"), Type.Literal("failed")]),
        backup: Type.Union([Type.Integer(), Type.Null()], { description: "The backup recorded on this server for the snapshot" }),
        snapshot: Type.String(),
        reason: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { $id: "BackupRecovery", additionalProperties: false },
);
export type BackupRecovery = Static<typeof BackupRecovery>;

/** `hop3-server restore --repo` (ADR 70): the repository this fresh server is to be restored from, and its password. */
export const ServerRestoreBody = Type.Object(
  {
    repository: Type.String({ minLength: 1, maxLength: 1000, description: "restic repository: an absolute path, `sftp:USER@HOST:/PATH` or `s3:http(s)://HOST[:PORT]/BUCKET[/PATH]`" }),
    password: Type.String({ minLength: 1, maxLength: 4096, description: "The repository's password (stored 0600 in the server's secrets, never logged)" }),
    s3: Type.Optional(
      Type.Object(
        {
          accessKeyId: Type.String({ minLength: 1, maxLength: 256 }),
          secretAccessKey: Type.String({ minLength: 1, maxLength: 4096 }),
        },
        { additionalProperties: false, description: "The key of an `s3:` repository (stored 0600 in the server's secrets, never logged); without it, the server's `backup-s3-credentials-file`" },
      ),
    ),
  },
  { $id: "ServerRestoreBody", additionalProperties: false },
);
export type ServerRestoreBody = Static<typeof ServerRestoreBody>;

/** What the repository holds for a disaster recovery: the server-level snapshot used, and the apps to bring back. */
export const ServerRestorePlan = Type.Object(
  {
    repository: Type.String(),
    server: Type.Union([Type.Object({ snapshot: Type.String(), time: Type.String({ format: "date-time" }), configKey: Type.Boolean({ description: "The old server's config key was installed (as a former key: config vars of its backups decrypt)" }) }), Type.Null()], {
      description: "The newest server-level snapshot (Hop3's own state), null when the repository has none",
    }),
    apps: Type.Array(Type.String(), { description: "Every app the repository has a backup of, to restore one by one (POST /v1/backups/recover?app=NAME)" }),
  },
  { $id: "ServerRestorePlan", additionalProperties: false },
);
export type ServerRestorePlan = Static<typeof ServerRestorePlan>;

/** `hop3-server restore` (ADR 83): the server-level snapshot whose users, roles, SSH keys and tokens come back. */
export const ServerRestoreAccessBody = Type.Object(
  { snapshot: Type.String({ minLength: 1, maxLength: 64, pattern: "^[0-9a-f]+$", description: "The server-level snapshot of the plan (POST /v1/server/restore)" }) },
  { $id: "ServerRestoreAccessBody", additionalProperties: false },
);
export type ServerRestoreAccessBody = Static<typeof ServerRestoreAccessBody>;

/** What came back of the lost server's access (ADR 83), and what did not, with why. */
export const ServerRestoreAccess = Type.Object(
  {
    repository: Type.String(),
    snapshot: Type.String(),
    users: Type.Integer({ description: "Users added (a user of a name this server has is merged, see `merged`)" }),
    merged: Type.Array(Type.String(), { description: "Users of the lost server whose name this server has: they keep this server's password and gain the lost one's roles, SSH keys and tokens" }),
    grants: Type.Integer({ description: "App roles granted" }),
    sshKeys: Type.Integer(),
    tokens: Type.Integer({ description: "API tokens brought back (as their hashes: they work again as they were)" }),
    skipped: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal("user"), Type.Literal("grant"), Type.Literal("ssh-key"), Type.Literal("token")]),
        name: Type.String({ description: "The user, `USER on APP`, the key's or the token's name" }),
        reason: Type.String(),
      }),
    ),
  },
  { $id: "ServerRestoreAccess", additionalProperties: false },
);
export type ServerRestoreAccess = Static<typeof ServerRestoreAccess>;

export const backupPaths = {
  recover: "/v1/backups/recover",
  recoverApp: (app: string) => `/v1/backups/recover?app=${encodeURIComponent(app)}`,
  serverRestore: "/v1/server/restore",
  serverRestoreAccess: "/v1/server/restore/access",
  verify: (app: string) => `/v1/apps/${encodeURIComponent(app)}/backups/verify`,
  list: (app: string) => `/v1/apps/${encodeURIComponent(app)}/backups`,
  one: (app: string, id: number) => `/v1/apps/${encodeURIComponent(app)}/backups/${id}`,
  restore: (app: string, id: number) => `/v1/apps/${encodeURIComponent(app)}/backups/${id}/restore`,
  schedule: (app: string) => `/v1/apps/${encodeURIComponent(app)}/backups/schedule`,
  drillSchedule: (app: string) => `/v1/apps/${encodeURIComponent(app)}/backups/drill-schedule`,
} as const;
