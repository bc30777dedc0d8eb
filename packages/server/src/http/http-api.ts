import { chmodSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import Fastify, { type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import { AppInfo, AppList, CreateAppBody, ErrorResponse, ProcessList, ReleaseList, ReleaseOutput, RollbackBody, ServerStatus } from "@hop3/contract";
import type { AppService } from "../apps/app-service.ts";
import type { TokenStore } from "../auth/token-store.ts";
import type { DeployService } from "../deploys/deploy-service.ts";
import type { KeyService } from "../keys/key-service.ts";
import type { DeployBranches } from "../git/deploy-branches.ts";
import { AddSshKeyBody, AppGit, SetDeployBranchBody, SshKey, SshKeyList } from "@hop3/contract";
import { ChangeConfigBody, ConfigChanged, ConfigVar, ConfigVars } from "@hop3/contract";
import type { ConfigVarService } from "../operations/config-var-service.ts";
import { configRoutes } from "./routes/config-routes.ts";
import { keysRoutes } from "./routes/keys-routes.ts";
import { gitRoutes } from "./routes/git-routes.ts";
import { installAuthentication } from "./authenticate.ts";
import { installErrorHandling } from "./error-handler.ts";
import { appsRoutes } from "./routes/apps-routes.ts";
import { deployRoutes } from "./routes/deploy-routes.ts";
import { releaseRoutes, type ReleaseRoutesDeps } from "./routes/release-routes.ts";
import { statusRoutes, type StatusSource } from "./routes/status-routes.ts";
import { logsRoutes, type LogsRoutesDeps } from "./routes/logs-routes.ts";
import { processRoutes } from "./routes/process-routes.ts";
import { renameRoutes, type RenameRoutesDeps } from "./routes/rename-routes.ts";
import { ProcessControlBody } from "@hop3/contract";
import { NewAppNameBody } from "@hop3/contract";
import { ScaleBody } from "@hop3/contract";
import { FirewallChangeBody, FirewallConfirmBody, FirewallPort, FirewallStatus } from "@hop3/contract";
import { scaleRoutes } from "./routes/scale-routes.ts";
import type { ProcessControl } from "../operations/process-control.ts";
import type { OneOffCommands } from "../operations/one-off-commands.ts";
import { runRoutes } from "./routes/run-routes.ts";
import { installUpgradeDispatch } from "./upgrade-dispatch.ts";
import { CronJobList, CronRun, CronRunStarted } from "@hop3/contract";
import type { CronScheduler } from "../cron/cron-scheduler.ts";
import { cronRoutes } from "./routes/cron-routes.ts";
import { firewallRoutes } from "./routes/firewall-routes.ts";
import type { FirewallService } from "../firewall/firewall-service.ts";

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
}

/** The HTTP API: one Fastify app served on the Unix socket and, optionally, on loopback TCP. */
export async function createHttpApi(deps: HttpApiDeps): Promise<{ app: FastifyInstance; tcpServer: Server }> {
  let tcpServer: Server | undefined;
  const app = Fastify({
    logger: { level: deps.logLevel, redact: ["req.headers.authorization"] },
    return503OnClosing: true,
    // One handler, two listeners: the socket (main server) and loopback TCP (second server).
    serverFactory: (handler) => {
      tcpServer = createServer(handler);
      return createServer(handler);
    },
  });
  for (const schema of [ErrorResponse, AppInfo, AppList, CreateAppBody, ProcessList, ServerStatus, ReleaseList, ReleaseOutput, RollbackBody]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Hop3 API", version: deps.version, description: "Deploy and run apps on your own server." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
  });
  installAuthentication(app, deps.tokens);
  installErrorHandling(app);
  app.get("/openapi.json", { config: { permission: "public" }, schema: { hide: true } }, async () => app.swagger());
  statusRoutes(app, deps.status);
  appsRoutes(app, deps.apps);
  deployRoutes(app, deps.deploys);
  releaseRoutes(app, deps.releases);
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
  await app.ready();
  if (!tcpServer) throw new Error("Fastify did not call the server factory");
  installUpgradeDispatch(app, [app.server, tcpServer]);
  return { app, tcpServer };
}

/** Listens on the Unix socket (mode 0600) and, when `port` is not 0, on 127.0.0.1:port. */
export async function listen(api: { app: FastifyInstance; tcpServer: Server }, socket: string, port: number): Promise<number | null> {
  rmSync(socket, { force: true });
  await api.app.listen({ path: socket });
  chmodSync(socket, 0o600);
  if (port === 0) return null;
  await new Promise<void>((resolve, reject) => {
    api.tcpServer.once("error", reject);
    api.tcpServer.listen(port, "127.0.0.1", () => resolve());
  });
  const address = api.tcpServer.address();
  return typeof address === "object" && address ? address.port : port;
}
