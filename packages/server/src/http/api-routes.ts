import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { AppInfo, AppList, CreateAppBody, ErrorResponse, ProcessList, RedeployBody, ReleaseList, ReleaseOutput, RollbackBody, ServerStatus } from "@hop3/contract";
import { AddSshKeyBody, AppGit, SetDeployBranchBody, SshKey, SshKeyList } from "@hop3/contract";
import { ChangeConfigBody, ConfigChanged, ConfigVar, ConfigVars } from "@hop3/contract";
import { ProcessControlBody } from "@hop3/contract";
import { NewAppNameBody } from "@hop3/contract";
import { ScaleBody } from "@hop3/contract";
import { FirewallChangeBody, FirewallConfirmBody, FirewallPort, FirewallStatus } from "@hop3/contract";
import { CronJobList, CronRun, CronRunStarted } from "@hop3/contract";
import { SbomDiff } from "@hop3/contract";
import { AppCheckReport } from "@hop3/contract";
import { Backup, BackupList, BackupRecovery, BackupPartInfo, BackupRestored, BackupSchedule, BackupVerified, RestoreBackupBody, ServerRestoreBody, ServerRestorePlan, ServerRestoreAccessBody, ServerRestoreAccess, BackupDrillSchedule, SetDrillScheduleBody } from "@hop3/contract";
import { AddonAttachment, AddonBindingChanged, AddonInfo, AddonList, AddonSummary, AddonUpgraded, AttachAddonBody, CreateAddonBody, UpgradeAddonBody } from "@hop3/contract";
import { ApiToken, ApiTokenList, AppAccess, AuditEntry, AuditLog as AuditLogSchema, AuditVerification, CreatedToken, SignedIn, SignInBody, PasswordTokenBody, CreateTokenBody, GrantBody, SetPasswordBody, User, UserList, AddUserBody, Whoami } from "@hop3/contract";
import { AddCertificateBody, AppCertificates, AppDomains, ChangeDomainsBody, CustomCertificate, HostCertificate, HostCheck, RemovedCertificates } from "@hop3/contract";
import type { AppService } from "../apps/app-service.ts";
import type { TokenStore } from "../auth/token-store.ts";
import type { UserStore } from "../auth/user-store.ts";
import type { AuditLog } from "../auth/audit-log.ts";
import type { UserService } from "../operations/user-service.ts";
import type { SignIn } from "../operations/sign-in.ts";
import type { OidcRelyingParty } from "../auth/oidc-relying-party.ts";
import type { SessionStore } from "../auth/session-store.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { KeyService } from "../keys/key-service.ts";
import type { DeployBranches } from "../git/deploy-branches.ts";
import type { ConfigVarService } from "../operations/config-var-service.ts";
import type { ProcessControl } from "../operations/process-control.ts";
import type { OneOffCommands } from "../operations/one-off-commands.ts";
import type { CronScheduler } from "../cron/cron-scheduler.ts";
import type { FirewallService } from "../firewall/firewall-service.ts";
import type { AppChecks } from "../operations/app-checks.ts";
import { configRoutes } from "./routes/config-routes.ts";
import { keysRoutes } from "./routes/keys-routes.ts";
import { gitRoutes } from "./routes/git-routes.ts";
import { appsRoutes } from "./routes/apps-routes.ts";
import { deployRoutes } from "./routes/deploy-routes.ts";
import { releaseRoutes, type ReleaseRoutesDeps } from "./routes/release-routes.ts";
import { statusRoutes, type StatusSource } from "./routes/status-routes.ts";
import { logsRoutes, type LogsRoutesDeps } from "./routes/logs-routes.ts";
import { processRoutes } from "./routes/process-routes.ts";
import { renameRoutes, type RenameRoutesDeps } from "./routes/rename-routes.ts";
import { scaleRoutes } from "./routes/scale-routes.ts";
import { runRoutes } from "./routes/run-routes.ts";
import { cronRoutes } from "./routes/cron-routes.ts";
import { checkRoutes } from "./routes/check-routes.ts";
import { firewallRoutes } from "./routes/firewall-routes.ts";
import { sbomRoutes } from "./routes/sbom-routes.ts";
import { domainRoutes, type DomainRoutesDeps } from "./routes/domain-routes.ts";
import { metricsRoutes, type MetricsRoutesDeps } from "./routes/metrics-routes.ts";
import { AppMetrics } from "@hop3/contract";
import { alertRoutes } from "./routes/alert-routes.ts";
import type { AlertService } from "../alerts/alert-service.ts";
import { backupRoutes, type BackupRoutesDeps } from "./routes/backup-routes.ts";
import { addonRoutes } from "./routes/addon-routes.ts";
import type { AddonService } from "../operations/addon-service.ts";
import { usersRoutes } from "./routes/users-routes.ts";
import { tokensRoutes } from "./routes/tokens-routes.ts";
import { accessRoutes } from "./routes/access-routes.ts";
import { auditRoutes } from "./routes/audit-routes.ts";
import { sessionRoutes } from "./routes/session-routes.ts";

export interface HttpApiDeps {
  readonly apps: AppService;
  readonly deploys: DeployService;
  readonly releases: ReleaseRoutesDeps;
  readonly logs: LogsRoutesDeps;
  readonly processes: ProcessControl;
  readonly tokens: TokenStore;
  readonly userStore: UserStore;
  readonly users: UserService;
  readonly audit: AuditLog;
  /** Failed-authentication audit entries per address per minute (the server setting). */
  readonly failedAuthPerMinute: number;
  readonly sessions: SessionStore;
  readonly signIn: SignIn;
  /** Single sign-on with OpenID Connect, when the server config sets it up (ADR 59). */
  readonly oidc: OidcRelyingParty | null;
  readonly keys: KeyService;
  readonly branches: DeployBranches;
  readonly config: ConfigVarService;
  readonly status: StatusSource;
  readonly version: string;
  /** The server's log, which the API's request log joins. */
  readonly logger: FastifyBaseLogger;
  readonly copies: RenameRoutesDeps;
  readonly oneOffCommands: OneOffCommands;
  readonly cron: Pick<CronScheduler, "list" | "runNow">;
  readonly firewall: Pick<FirewallService, "status" | "change" | "confirm">;
  readonly domains: DomainRoutesDeps;
  readonly metrics: MetricsRoutesDeps;
  readonly alerts: AlertService;
  readonly backups: BackupRoutesDeps;
  readonly addons: AddonService;
  readonly checks: Pick<AppChecks, "run">;
}

/**
 * Every route of the API and the shared schemas they refer to. Registered on the served app,
 * and on the throwaway app that describes the API for /openapi.json; route functions only
 * reach their services from their handlers.
 */
export function registerApiRoutes(app: FastifyInstance, deps: HttpApiDeps): void {
  // Header schemas name headers in lower case: Fastify lowercases them only for its own compilers.
  for (const schema of [ErrorResponse, AppInfo, AppList, CreateAppBody, ProcessList, ServerStatus, ReleaseList, ReleaseOutput, RollbackBody, RedeployBody]) app.addSchema(schema);
  statusRoutes(app, deps.status, deps.users);
  appsRoutes(app, deps.apps, deps.users);
  deployRoutes(app, deps.deploys);
  releaseRoutes(app, deps.releases);
  app.addSchema(SbomDiff);
  sbomRoutes(app, deps.releases);
  logsRoutes(app, deps.logs);
  app.addSchema(ProcessControlBody);
  processRoutes(app, { apps: deps.apps, control: deps.processes });
  for (const schema of [SshKey, SshKeyList, AddSshKeyBody, AppGit, SetDeployBranchBody]) app.addSchema(schema);
  keysRoutes(app, deps.keys, deps.users);
  gitRoutes(app, deps.branches);
  for (const schema of [ConfigVars, ConfigVar, ChangeConfigBody, ConfigChanged]) app.addSchema(schema);
  configRoutes(app, deps.config);
  app.addSchema(NewAppNameBody);
  renameRoutes(app, deps.copies);
  runRoutes(app, deps.oneOffCommands);
  for (const schema of [CronRun, CronRunStarted, CronJobList]) app.addSchema(schema);
  cronRoutes(app, deps.cron);
  app.addSchema(AppCheckReport);
  checkRoutes(app, deps.checks);
  app.addSchema(ScaleBody);
  scaleRoutes(app, { apps: deps.apps, control: deps.processes });
  for (const schema of [FirewallPort, FirewallStatus, FirewallChangeBody, FirewallConfirmBody]) app.addSchema(schema);
  firewallRoutes(app, deps.firewall);
  for (const schema of [HostCheck, AppDomains, ChangeDomainsBody, HostCertificate, CustomCertificate, AddCertificateBody, RemovedCertificates, AppCertificates]) app.addSchema(schema);
  domainRoutes(app, deps.domains);
  app.addSchema(AppMetrics);
  metricsRoutes(app, deps.metrics);
  alertRoutes(app, deps.alerts);
  for (const schema of [BackupPartInfo, Backup, BackupSchedule, BackupList, RestoreBackupBody, BackupRestored, BackupDrillSchedule, SetDrillScheduleBody, BackupVerified, BackupRecovery, ServerRestoreBody, ServerRestorePlan, ServerRestoreAccessBody, ServerRestoreAccess]) app.addSchema(schema);
  backupRoutes(app, deps.backups);
  for (const schema of [AddonAttachment, AddonSummary, AddonList, AddonInfo, CreateAddonBody, AttachAddonBody, AddonBindingChanged, UpgradeAddonBody, AddonUpgraded]) app.addSchema(schema);
  addonRoutes(app, deps);
  for (const schema of [User, UserList, AddUserBody, SetPasswordBody, Whoami, ApiToken, ApiTokenList, CreateTokenBody, CreatedToken, AppAccess, GrantBody, AuditEntry, AuditLogSchema, AuditVerification, SignInBody, SignedIn, PasswordTokenBody]) app.addSchema(schema);
  usersRoutes(app, deps.users);
  tokensRoutes(app, deps.users);
  accessRoutes(app, deps.users);
  auditRoutes(app, deps.audit);
  sessionRoutes(app, deps);
}
