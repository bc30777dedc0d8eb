import type { FastifyInstance } from "fastify";
import { AppInfo, AppList, CreateAppBody, ErrorResponse, ProcessList, ReleaseList, ReleaseOutput, RollbackBody, ServerStatus } from "@hop3/contract";
import { AddSshKeyBody, AppGit, SetDeployBranchBody, SshKey, SshKeyList } from "@hop3/contract";
import { ChangeConfigBody, ConfigChanged, ConfigVar, ConfigVars } from "@hop3/contract";
import { ProcessControlBody } from "@hop3/contract";
import { NewAppNameBody } from "@hop3/contract";
import { ScaleBody } from "@hop3/contract";
import { FirewallChangeBody, FirewallConfirmBody, FirewallPort, FirewallStatus } from "@hop3/contract";
import { CronJobList, CronRun, CronRunStarted } from "@hop3/contract";
import { SbomDiff } from "@hop3/contract";
import { AddCertificateBody, AppCertificates, AppDomains, ChangeDomainsBody, CustomCertificate, HostCertificate, RemovedCertificates } from "@hop3/contract";
import type { AppService } from "../apps/app-service.ts";
import type { TokenStore } from "../auth/token-store.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { KeyService } from "../keys/key-service.ts";
import type { DeployBranches } from "../git/deploy-branches.ts";
import type { ConfigVarService } from "../operations/config-var-service.ts";
import type { ProcessControl } from "../operations/process-control.ts";
import type { OneOffCommands } from "../operations/one-off-commands.ts";
import type { CronScheduler } from "../cron/cron-scheduler.ts";
import type { FirewallService } from "../firewall/firewall-service.ts";
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
import { firewallRoutes } from "./routes/firewall-routes.ts";
import { sbomRoutes } from "./routes/sbom-routes.ts";
import { domainRoutes, type DomainRoutesDeps } from "./routes/domain-routes.ts";

export interface HttpApiDeps {
  readonly apps: AppService;
  readonly deploys: DeployService;
  readonly releases: ReleaseRoutesDeps;
  readonly logs: LogsRoutesDeps;
  readonly processes: ProcessControl;
  readonly tokens: TokenStore;
  readonly keys: KeyService;
  readonly branches: DeployBranches;
  readonly config: ConfigVarService;
  readonly status: StatusSource;
  readonly version: string;
  readonly logLevel: string;
  readonly copies: RenameRoutesDeps;
  readonly oneOffCommands: OneOffCommands;
  readonly cron: Pick<CronScheduler, "list" | "runNow">;
  readonly firewall: Pick<FirewallService, "status" | "change" | "confirm">;
  readonly domains: DomainRoutesDeps;
}

/**
 * Every route of the API and the shared schemas they refer to. Registered on the served app,
 * and on the throwaway app that describes the API for /openapi.json; route functions only
 * reach their services from their handlers.
 */
export function registerApiRoutes(app: FastifyInstance, deps: HttpApiDeps): void {
  // Header schemas name headers in lower case: Fastify lowercases them only for its own compilers.
  for (const schema of [ErrorResponse, AppInfo, AppList, CreateAppBody, ProcessList, ServerStatus, ReleaseList, ReleaseOutput, RollbackBody]) app.addSchema(schema);
  statusRoutes(app, deps.status);
  appsRoutes(app, deps.apps);
  deployRoutes(app, deps.deploys);
  releaseRoutes(app, deps.releases);
  app.addSchema(SbomDiff);
  sbomRoutes(app, deps.releases);
  logsRoutes(app, deps.logs);
  app.addSchema(ProcessControlBody);
  processRoutes(app, { apps: deps.apps, control: deps.processes });
  for (const schema of [SshKey, SshKeyList, AddSshKeyBody, AppGit, SetDeployBranchBody]) app.addSchema(schema);
  keysRoutes(app, deps.keys);
  gitRoutes(app, deps.branches);
  for (const schema of [ConfigVars, ConfigVar, ChangeConfigBody, ConfigChanged]) app.addSchema(schema);
  configRoutes(app, deps.config);
  app.addSchema(NewAppNameBody);
  renameRoutes(app, deps.copies);
  runRoutes(app, deps.oneOffCommands);
  for (const schema of [CronRun, CronRunStarted, CronJobList]) app.addSchema(schema);
  cronRoutes(app, deps.cron);
  app.addSchema(ScaleBody);
  scaleRoutes(app, { apps: deps.apps, control: deps.processes });
  for (const schema of [FirewallPort, FirewallStatus, FirewallChangeBody, FirewallConfirmBody]) app.addSchema(schema);
  firewallRoutes(app, deps.firewall);
  for (const schema of [AppDomains, ChangeDomainsBody, HostCertificate, CustomCertificate, AddCertificateBody, RemovedCertificates, AppCertificates]) app.addSchema(schema);
  domainRoutes(app, deps.domains);
}
