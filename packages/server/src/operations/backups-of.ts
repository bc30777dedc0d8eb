import type { DatabaseSync } from "node:sqlite";
import type { StateLayout } from "../config/state-layout.ts";
import type { AppService } from "../apps/app-service.ts";
import type { AppStore } from "../apps/app-store.ts";
import type { AppLocks } from "../apps/app-locks.ts";
import type { ProcessScale } from "../apps/process-scale.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { ConfigVarStore } from "../configvars/config-var-store.ts";
import type { DomainStore } from "../routing/domain-store.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { PeriodicJob } from "../scheduler/scheduler.ts";
import { systemClock } from "../scheduler/clock.ts";
import { BackupStore } from "../backups/backup-store.ts";
import { RepositoryPassword } from "../backups/repository-password.ts";
import { S3Credentials } from "../backups/s3-credentials.ts";
import { ResticRepository } from "../backups/restic-repository.ts";
import { dataPart } from "../backups/data-part.ts";
import { join } from "node:path";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { RerunDeps } from "./rerun-build.ts";
import type { DomainService } from "./domain-service.ts";
import { configPart } from "./backup-config-part.ts";
import { releasePart } from "./backup-release-part.ts";
import { addonsPart } from "./backup-addons-part.ts";
import type { AddonService } from "./addon-service.ts";
import { BackupService } from "./backup-service.ts";
import { BackupRestore } from "./backup-restore.ts";
import { BackupVerify } from "./backup-verify.ts";
import type { DrillMarks } from "../backups/drill-marks.ts";
import { BackupRecovery } from "./backup-recovery.ts";
import { BackupSchedules, backupScheduleCheckMs } from "./backup-schedules.ts";
import type { ConfigCipher } from "../configvars/config-cipher.ts";
import { ServerStateBackup } from "./server-state-backup.ts";
import { DrillStore } from "../backups/drill-store.ts";
import { BackupDrills } from "./backup-drills.ts";
import { adoptedLocation, ServerRestore } from "./server-restore.ts";
import { AccessRestore } from "./access-restore.ts";
import { inTransaction } from "../store/in-transaction.ts";
import type { UserStore } from "../auth/user-store.ts";
import type { TokenStore } from "../auth/token-store.ts";
import type { KeyService } from "../keys/key-service.ts";

export interface BackupsOfDeps {
  readonly db: DatabaseSync;
  readonly cipher: ConfigCipher;
  readonly layout: StateLayout;
  readonly apps: AppService;
  readonly appStore: AppStore;
  readonly releases: ReleaseStore;
  readonly configVars: ConfigVarStore;
  readonly domainStore: DomainStore;
  readonly domainService: DomainService;
  readonly scale: ProcessScale;
  readonly deploys: DeployService;
  readonly locks: AppLocks;
  readonly supervisor: Supervisor;
  readonly stopped: StoppedProcesses;
  readonly routes: RouteTable;
  readonly rerun: RerunDeps;
  readonly addons: AddonService;
  /** Restore drills in progress, kept across a server stop (ADR 71). */
  readonly drillMarks: DrillMarks;
  /** Server settings `backup-repository`, `backup-sftp-command` and `backup-s3-credentials-file` (empty: the defaults). */
  readonly settings: { readonly repository: string; readonly sftpCommand: string; readonly s3CredentialsFile?: string };
  /** Where a disaster recovery puts the lost server's users, tokens and SSH keys (ADR 83). */
  readonly access: { readonly users: UserStore; readonly tokens: TokenStore; readonly keys: KeyService };
}

/** The backups feature wired for compose.ts (ADR 47): the local repository, the parts, the services, the scheduled job. */
export function backupsOf(deps: BackupsOfDeps): { store: BackupStore; routes: { backups: BackupService; restore: BackupRestore; schedules: BackupSchedules; verify: BackupVerify; recovery: BackupRecovery; serverRestore: ServerRestore; drills: BackupDrills }; job: (onFailure: (app: string, reason: string) => void) => PeriodicJob; forAlerts: (app: string) => BackupHealth } {
  const { layout } = deps;
  const store = new BackupStore(deps.db);
  store.failInterrupted(new Date());
  const password = new RepositoryPassword(layout.backupPasswordFile);
  // The setting, else the repository a disaster recovery adopted (ADR 70), else the local one.
  const locationFile = join(layout.backupsDir, "repository-location.json");
  const s3 = new S3Credentials(deps.settings.s3CredentialsFile || layout.backupS3CredentialsFile);
  const repository = new ResticRepository({
    location: deps.settings.repository || adoptedLocation(locationFile) || join(layout.backupsDir, "repository"),
    password,
    cacheDir: join(layout.backupsDir, "cache"),
    options: deps.settings.sftpCommand ? [`sftp.command=${deps.settings.sftpCommand}`] : [],
    s3,
  });
  // Order matters on restore: the data first, then the config the restarted release reads; the
  // addons before the restart (or the new app's build), which reads their variables.
  const parts = [
    dataPart(layout),
    releasePart(layout, deps.releases),
    configPart({ configVars: deps.configVars, domains: deps.domainStore, domainService: deps.domainService, scale: deps.scale, releases: deps.releases }),
    addonsPart(deps.addons),
  ];
  const clock = systemClock;
  const serverState = new ServerStateBackup({ db: deps.db, cipher: deps.cipher, repository, stagingDir: join(layout.backupsDir, "staging-server"), clock });
  const backups = new BackupService({ apps: deps.apps, store, repository, parts, stagingDir: join(layout.backupsDir, "staging"), clock, serverState });
  const serverRestore = new ServerRestore({
    existing: async () => ({ apps: deps.appStore.list().map((app) => app.name), addons: (await deps.addons.list()).map((addon) => addon.name) }),
    password,
    s3,
    repository,
    configuredLocation: deps.settings.repository,
    locationFile,
    cipher: deps.cipher,
    restoreDir: join(layout.backupsDir, "restore"),
    access: new AccessRestore({ ...deps.access, app: (name) => deps.appStore.find(name), transaction: (run) => inTransaction(deps.db, run), now: () => new Date() }),
  });
  const restore = new BackupRestore({ apps: deps.apps, store, backups, repository, parts, restoreDir: join(layout.backupsDir, "restore"), supervisor: deps.supervisor, stopped: deps.stopped, routes: deps.routes, rerun: deps.rerun, deploys: deps.deploys, locks: deps.locks });
  const appsById = { require: (name: string) => deps.apps.require(name), find: (name: string) => deps.appStore.find(name), byId: (id: number) => deps.appStore.list().find((app) => app.id === id) ?? null };
  const schedules = new BackupSchedules({ store, apps: appsById, backups, repository, clock, onFailure: () => undefined });
  const verify = new BackupVerify({ apps: deps.apps, store, repository, restore, addons: deps.addons, routes: deps.routes, marks: deps.drillMarks });
  const drillStore = new DrillStore(deps.db);
  const drills = new BackupDrills({ store: drillStore, apps: appsById, verify, clock, onFailure: () => undefined });
  return {
    store,
    forAlerts: (app) => backupHealth(store, schedules, app, drills),
    routes: { backups, restore, serverRestore, recovery: new BackupRecovery({ apps: deps.apps, repository, password, restore }), verify, schedules, drills },
    job: (onFailure) => {
      const schedules = new BackupSchedules({ store, apps: appsById, backups, repository, clock, onFailure });
      const scheduledDrills = new BackupDrills({ store: drillStore, apps: appsById, verify, clock, onFailure: (app, reason) => onFailure(app, `restore drill: ${reason}`) });
      // The drills after the backups, one at a time: a drill builds and starts an app.
      return {
        name: "backup schedules",
        everyMs: backupScheduleCheckMs,
        run: async () => {
          await schedules.tick();
          await scheduledDrills.tick();
        },
      };
    },
  };
}

/** What the alert rules see of an app's backups (ADR 46): its newest finished backup if it failed, and an overdue schedule. */
export interface BackupHealth {
  readonly failed: { readonly id: number; readonly reason: string } | null;
  readonly overdue: boolean;
  /** The app's last scheduled restore drill when it failed (ADR 71). */
  readonly drillFailed: { readonly reason: string } | null;
}

/** A running backup is neither failed nor a success yet: the newest finished one decides. */
export function backupHealth(store: Pick<BackupStore, "listOf">, schedules: Pick<BackupSchedules, "overdue">, app: string, drills?: Pick<BackupDrills, "failedOf">): BackupHealth {
  const newest = store.listOf(app).find((record) => record.status !== "running");
  return { failed: newest?.status === "failed" ? { id: newest.id, reason: newest.reason ?? "no reason recorded" } : null, overdue: schedules.overdue(app), drillFailed: drills?.failedOf(app) ?? null };
}
