import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { settingName, type ServerConfig } from "./config/server-config.ts";
import { parseByteSize } from "./core/byte-size.ts";
import { StateLayout } from "./config/state-layout.ts";
import { openDatabase } from "./store/database.ts";
import { TokenStore } from "./auth/token-store.ts";
import { UserStore } from "./auth/user-store.ts";
import { AuditLog } from "./auth/audit-log.ts";
import { UserService } from "./operations/user-service.ts";
import { SessionStore } from "./auth/session-store.ts";
import { signInOf } from "./operations/single-sign-on.ts";
import { AppStore } from "./apps/app-store.ts";
import { AppLocks } from "./apps/app-locks.ts";
import { AppService } from "./apps/app-service.ts";
import { RouteTable } from "./routing/route-table.ts";
import { FrontPorts } from "./routing/front-ports.ts";
import { DomainStore } from "./routing/domain-store.ts";
import { serverHostname } from "./routing/server-hostname.ts";
import { wildcardCertificatesOf } from "./operations/wildcard-certificates-of.ts";
import { DomainService } from "./operations/domain-service.ts";
import { CertificateStore } from "./routing/certificate-store.ts";
import { CertificateService } from "./operations/certificate-service.ts";
import { StoppedProcesses } from "./apps/stopped-processes.ts";
import { ProcessScale } from "./apps/process-scale.ts";
import { ProcessControl } from "./operations/process-control.ts";
import { OneOffCommands } from "./operations/one-off-commands.ts";
import { AppChecks, proxyGet } from "./operations/app-checks.ts";
import { FirewallService } from "./firewall/firewall-service.ts";
import { FirewallStore } from "./firewall/firewall-store.ts";
import { FixedPorts, portInUse } from "./firewall/fixed-ports.ts";
import { GuardedIdentities } from "./apps/guarded-identities.ts";
import { ReleaseStore } from "./releases/release-store.ts";
import { ReleaseLauncher } from "./releases/release-launcher.ts";
import { DeployService } from "./deploys/deploy-service.ts";
import { BuildSlots } from "./deploys/build-slots.ts";
import { RollbackService } from "./operations/rollback-service.ts";
import { describeReleases } from "./releases/describe-releases.ts";
import { readOutput } from "./releases/release-output.ts";
import { RunContexts, type AppAddresses } from "./releases/run-context.ts";
import { releaseServing } from "./releases/release-serving.ts";
import { SbomStore } from "./releases/sbom-store.ts";
import { ReleaseSboms } from "./releases/release-sboms.ts";
import { restoreApps } from "./operations/restore-apps.ts";
import { lookupUser } from "./host/unix-app-identities.ts";
import { hostPrivileges } from "./host/host-privileges.ts";
import { AppSandbox, SandboxedIdentities } from "./apps/app-sandbox.ts";
import { sandboxPolicy } from "./apps/sandbox-policy.ts";
import { Supervisor } from "./runtime/supervisor.ts";
import { detachedLauncher } from "./runtime/detached-launcher.ts";
import { PidFiles } from "./runtime/pid-files.ts";
import { defaultLogRotation, rotateLogs } from "./runtime/log-rotation.ts";
import { CaddyDriver, isPrivateName, readIssuanceErrors, servedCertificates, type ProxyTls } from "./proxy/caddy/index.ts";
import { checkHostname } from "./proxy/hostname-check.ts";
import { createHttpApi, listen } from "./http/http-api.ts";
import { KeyStore } from "./keys/key-store.ts";
import { KeyService } from "./keys/key-service.ts";
import { prepareSshState, shareSocket } from "./keys/ssh-state.ts";
import { currentSshAccount, sshSettingsOf } from "./keys/setup-ssh.ts";
import { DeployBranches, DeployBranchStore } from "./git/deploy-branches.ts";
import { GitRepos } from "./git/git-repos.ts";
import { serverProgram } from "./git/ssh-settings.ts";
import { ConfigCipher } from "./configvars/config-cipher.ts";
import { AddonStore } from "./addons/addon-store.ts";
import { AddonService, type AddonServiceDeps } from "./operations/addon-service.ts";
import { addonEngines, type ExternalServerUrls } from "./addon-drivers/registry.ts";
import { EngineHost } from "./addon-drivers/engine-host.ts";
import { prepareAddonsDir } from "./privileged/separated-state-root.ts";
import type { ServiceAccount } from "./exec/as-service-account.ts";
import { ConfigVarStore } from "./configvars/config-var-store.ts";
import { ConfigVarService } from "./operations/config-var-service.ts";
import { AppRename } from "./operations/app-rename.ts";
import { AppClone } from "./operations/app-clone.ts";
import { AppRedeploy } from "./operations/app-redeploy.ts";
import { CronApps } from "./cron/cron-apps.ts";
import { CronScheduler } from "./cron/cron-scheduler.ts";
import { CronStateFiles } from "./cron/cron-state.ts";
import { cronLogNote } from "./cron/cron-log-note.ts";
import { detachedCronLauncher } from "./cron/detached-cron-launcher.ts";
import { serverVersion } from "./version.ts";
import { serverLogger } from "./http/server-logger.ts";
import { DrillMarks } from "./backups/drill-marks.ts";
import { hideInterruptedDrills } from "./operations/backup-verify.ts";
import { stopServer, type StopOptions } from "./server-stop.ts";
import { createScheduler } from "./scheduler/scheduler.ts";
import { InstanceUsageBoard } from "./runtime/instance-usage.ts";
import { createMonitoring } from "./alerts/create-monitoring.ts";
import { backupsOf } from "./operations/backups-of.ts";

/** How long a release-phase or postdeploy command, or a run of a cron job, may run. */
const commandTimeoutMs = 30 * 60 * 1000;

/** How often the server checks that its proxy is still running. */
const proxyCheckMs = 2000;

/** How often instance logs are checked for rotation (ADR 13): often enough that a fast writer overshoots little. */
const logRotationCheckMs = 1000;

export interface RunningServer {
  readonly apiPort: number | null;
  readonly socket: string;
  /** Stops in order: HTTP, running deploys, then lets go of app processes and the proxy (they keep running), database. */
  stop(options?: StopOptions): Promise<void>;
}

/** Creates the state root's directories with the permissions app accounts rely on. */
export function prepareStateRoot(layout: StateLayout): void {
  // Apps run as their own users and must traverse the root to reach their directory, but
  // never list it: 0711 on the root and on apps/.
  for (const [dir, mode] of [
    [layout.home, 0o711],
    [layout.appsDir, 0o711],
    [layout.logsDir, 0o700],
    // The server's files of the proxy, and `caddy/` below, the proxy account's own (ADR 26).
    [layout.proxyDir, 0o711],
    [layout.runDir, 0o700],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, mode);
  }
}

/** The composition root: wires stores, services and drivers from the frozen config, then serves. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = serverLogger(config["log-level"]);
  const layout = new StateLayout(config.home);
  const privileges = hostPrivileges(config, layout);
  // Separated, the root parent prepared the state root (apps/ stays root's, ADR 31).
  if (!privileges.separated) prepareStateRoot(layout);
  // The daemon's umask (077, set by main) makes the database, its -wal and -shm files 0600 from creation.
  const db = openDatabase(layout.database);
  const tokens = new TokenStore(db);
  const appStore = new AppStore(db);
  const releases = new ReleaseStore(db);
  const cipher = new ConfigCipher(layout.configKeyFile);
  const configVars = new ConfigVarStore(db, cipher);
  const hostProblem = config.sandbox === "off" ? null : await privileges.probeSandbox();
  const sandbox = new AppSandbox(layout, sandboxPolicy(config, hostProblem));
  const sandboxProblem = config.sandbox === "off" ? 'sandbox = "off" in the server config' : hostProblem;
  const nft = await privileges.nftAvailable();
  // Apps run as their own accounts only as root; without nft (or accounts) there is no guard (ADR 24).
  const guard = nft && config["network-isolation"] && privileges.switchesUsers ? privileges.networkGuard(config["api-port"] > 0 ? [config["api-port"]] : []) : undefined;
  const unixAccounts = privileges.appIdentities();
  const accounts = guard ? new GuardedIdentities(unixAccounts, guard) : unixAccounts;
  const identities = new SandboxedIdentities(accounts, sandbox, layout);
  const pidFiles = new PidFiles(layout.runDir);
  const usageBoard = new InstanceUsageBoard();
  const supervisor = new Supervisor({ launcher: detachedLauncher, pidFiles, stopTimeoutMs: config["stop-timeout"] * 1000, crashLimit: config["crash-limit"], usage: usageBoard });
  // The proxy never runs as root: as its own account when the server can make one (ADR 26).
  const proxyAccount = await privileges.proxyAccount();
  // The proxy answers the reachability check with this (ADR 65): another server cannot know it.
  const checkToken = randomBytes(16).toString("hex");
  // The schema lets only these three words through.
  const tls: ProxyTls = { mode: config.tls as ProxyTls["mode"], httpsPort: config["https-port"], acmeCa: config["acme-ca"], acmeEmail: config["acme-email"], acmeCaRoot: config["acme-ca-root"], checkToken, renewIntervalSeconds: config["acme-renew-interval"] };
  const domainStore = new DomainStore(db);
  const apiHost = serverHostname(config, domainStore);
  const proxy = new CaddyDriver({ stateDir: layout.proxyDir, httpPort: config["http-port"], account: proxyAccount, tls, api: apiHost.host === null ? undefined : { host: apiHost.host, upstream: `127.0.0.1:${config["api-port"]}` } });
  // Only names an ACME CA is asked for over HTTP: the internal CA and `tls = "off"` need no
  // challenge, and a wildcard's is a DNS one (ADR 66).
  const checkHosts = async (hosts: readonly string[]) =>
    tls.mode !== "acme" ? [] : Promise.all(hosts.filter((host) => !isPrivateName(host) && !host.startsWith("*.")).map((host) => checkHostname(host, { dnsServer: config["dns-server"], httpPort: config["http-port"], token: checkToken })));
  await proxy.start();
  const forwarding = nft ? { forwarder: privileges.portForwarder(), frontPorts: new FrontPorts(db) } : undefined;
  const certificateStore = new CertificateStore(db, cipher);
  const routes = new RouteTable({ proxy, domain: config.domain, forwarding, guard, domains: domainStore, certificates: certificateStore });
  const locks = new AppLocks();
  const addons = await addonService({ layout, db, cipher, external: { postgres: config["addons-postgres-url"], mysql: config["addons-mysql-url"], redis: config["addons-redis-url"] }, account: await privileges.addonsAccount(), separated: privileges.separated, locks, apps: () => apps, restart: (app, emit) => configService.restartHeld(app, emit) });
  const launcher = new ReleaseLauncher(supervisor, layout);
  const stopped = new StoppedProcesses(db);
  const scale = new ProcessScale(db);
  // The one recipe of where, with what environment, as whom and how many a release's commands run.
  const contexts = new RunContexts({
    layout,
    identities,
    configVars,
    instances: (appId, release) => scale.countsOf(appId, release),
    secrets: configVars,
    bindings: (name) => addons.bindingsOf(name),
    addonVariables: (name, from) => addons.variablesOf(name, from),
    // Read at each start: `apps` is made below, before any release runs.
    addresses: (name): AppAddresses => ({ hostname: routes.hostOf(name), url: apps.url(name).replace(/\/$/, "") }),
  });
  const cron = new CronScheduler({
    apps: new CronApps({ apps: appStore, releases, stopped, contexts, layout }),
    launcher: detachedCronLauncher,
    state: new CronStateFiles(layout.runDir),
    timeoutMs: commandTimeoutMs,
    note: cronLogNote((name) => layout.logDir(name)),
    onError: (error, app, job) => log.error({ err: error, app, job }, "a scheduled cron run could not start"),
  });
  const sshAccount = () => currentSshAccount(config);
  const repos = new GitRepos(layout, sshAccount);
  const apps = new AppService({ apps: appStore, releases, identities, supervisor, routes, locks, layout, httpPort: config["http-port"], httpsPort: tls.mode === "off" ? undefined : tls.httpsPort, stopped, cron, repos, addons });
  const keepReleases = config["keep-releases"];
  const sboms = new SbomStore(db);
  const { switcher, background, serving } = releaseServing({
    launcher,
    supervisor,
    routes,
    timing: { startTimeoutMs: config["start-timeout"] * 1000, drainMs: config["drain-timeout"] * 1000, commandTimeoutMs: commandTimeoutMs },
    onNewRelease: (name) => {
      const app = appStore.find(name);
      if (app) stopped.clear(app.id);
    },
    releases,
    layout,
    keepReleases,
    sboms,
    onBackgroundError: (error, what) => log.error({ err: error }, `${what} failed`),
  });
  // Validated at load (at least 1K): never null here.
  const outputLimit = { maxBytes: parseByteSize(config["deploy-output-max"]) ?? 0, setting: settingName("deploy-output-max") };
  const wildcards = wildcardCertificatesOf({ config, tls, layout, domainStore, certificateStore, routes, apps, onFailure: (host, reason) => log.error({ host, reason }, `obtaining the certificate of ${host} (DNS-01) failed`) });
  const domainService = new DomainService({ apps, store: domainStore, routes, domain: config.domain, tls: tls.mode, serverHost: apiHost.host, wildcards: wildcards ?? undefined, checkHosts });
  const fixedPorts = new FixedPorts({ apps: appStore, releases, inUse: portInUse });
  const deploys = new DeployService({
    domains: domainService,
    // `firewall` is made below; a deploy calls this long after.
    ports: { check: (app, ports) => fixedPorts.check(app, ports), changed: () => firewall.refresh() },
    apps,
    addons,
    releases,
    contexts,
    serving,
    locks,
    layout,
    configVars,
    secrets: configVars,
    settings: {
      appPath: config["app-path"],
      commandTimeoutMs,
      outputLimit,
      // The schema only lets sizes through.
      uploadCaps: { maxUnpackedBytes: parseByteSize(config["upload-max-unpacked"]) ?? 0, maxFiles: config["upload-max-files"] },
    },
    buildLimits: {
      slots: new BuildSlots(config["build-slots"]),
      slotsSetting: settingName("build-slots"),
      timeout: { ms: config["build-timeout"] * 1000, setting: settingName("build-timeout") },
    },
    sbom: { enabled: config.sbom, store: sboms, layout, appPath: config["app-path"], toolVersion: serverVersion },
  });
  const firewall = new FirewallService({
    store: new FirewallStore(db),
    firewall: privileges.hostFirewall(nft),
    httpPort: config["http-port"],
    httpsPort: config["https-port"],
    confirmSeconds: config["firewall-confirm-timeout"],
    appPorts: () => fixedPorts.held(),
  });
  await firewall.restore();
  if (guard) {
    // Every existing app is confined again in one rule update, before any of its processes is
    // adopted or restarted: rebuilding the table app by app would leave the others out meanwhile.
    const uids = appStore.list().flatMap((app) => {
      const uid = lookupUser(app.unixUser)?.uid;
      return uid === undefined ? [] : [[app.name, uid] as const];
    });
    await guard.admit(new Map(uids));
  }
  // The engines first: apps restored below may connect to their databases as they start.
  const engineStart = await addons.start().then(() => null, (error: unknown) => error);
  const restored = await restoreApps({ apps: appStore, releases, identities, launcher, layout, pidFiles, stopped, contexts });
  const drillMarks = new DrillMarks(join(layout.runDir, "drills"));
  hideInterruptedDrills(drillMarks, routes);
  await routes.replaceAll(restored.routes);

  // git push over SSH: the account's files and settings, its keys, each app's deploy branch.
  if (!privileges.separated) prepareSshState(layout, sshAccount(), sshSettingsOf(config));
  const keys = new KeyService({
    keys: new KeyStore(db),
    tokens,
    layout,
    ssh: { user: config["ssh-user"], account: sshAccount, switchesUsers: privileges.switchesUsers, forcedCommand: { program: serverProgram, home: config.home }, writeAuthorizedKeys: privileges.writeAuthorizedKeys },
  });
  await keys.sync();
  const userStore = new UserStore(db);
  const users = new UserService({ users: userStore, tokens, findApp: (name) => appStore.find(name), removeKeysOf: (userId) => keys.removeAllOf(userId) });
  const sessions = new SessionStore(db);
  const { signIn, oidc } = signInOf({ config, layout, users: userStore, sessions, findApp: (name) => appStore.find(name) });
  const branches = new DeployBranches(new DeployBranchStore(db), (name) => apps.require(name));

  const rollbacks = new RollbackService({ apps, releases, contexts, serving, locks, layout, keepReleases, outputLimit });
  const configService = new ConfigVarService({ apps, vars: configVars, releases, contexts, serving, locks, layout, outputLimit, stopped, routes });
  const backups = backupsOf({ db, cipher, layout, apps, appStore, releases, configVars, domainStore, domainService, scale, deploys, locks, supervisor, stopped, routes, addons, drillMarks, rerun: { apps, releases, contexts, serving, layout, outputLimit },
    access: { users: userStore, tokens, keys },
    settings: { repository: config["backup-repository"], sftpCommand: config["backup-sftp-command"], s3CredentialsFile: config["backup-s3-credentials-file"] } });
  const started = Date.now();
  // Metrics, uptime checks and alerts (ADR 46).
  const monitoring = createMonitoring({
    db, cipher, appStore, releases, stopped, routes, supervisor, usageBoard, layout, tls, accessLog: proxy.accessLogFile,
    customCertificateHosts: (app, hosts) => certificateStore.listOf(app, hosts).flatMap((certificate) => certificate.hosts),
    requireApp: (name) => apps.require(name),
    backups: backups.forAlerts,
    settings: {
      home: config.home, domain: config.domain, httpPort: config["http-port"], metricsInterval: config["metrics-interval"], uptimeInterval: config["uptime-interval"],
      downAfter: config["alert-down-after"], diskPercent: config["alert-disk-percent"], memoryPercent: config["alert-memory-percent"], maxPerHour: config["alert-max-per-hour"], logQuietSeconds: config["alert-log-quiet"], certificateCheckInterval: config["certificate-check-interval"],
    },
  });
  const api = await createHttpApi({
    apps,
    deploys,
    releases: {
      apps,
      rollbacks,
      redeploys: new AppRedeploy({ apps, releases, locks, layout, deploys }),
      list: (name) => ({ app: name, releases: describeReleases(apps.require(name), releases, layout, supervisor) }),
      output: (name, release) => readOutput(layout, name, release),
      sboms: new ReleaseSboms({ findApp: (name) => apps.require(name), releases, sboms }),
    },
    logs: { require: (name) => apps.require(name), logDir: (name) => layout.logDir(name), processTypes: (name) => Object.keys(releases.current(apps.require(name).id)?.processes ?? {}),
      hasRelease: (name, number) => releases.find(apps.require(name).id, number) !== null,
    },
    processes: new ProcessControl({ apps, releases, stopped, supervisor, launcher, switcher, routes, locks, contexts, scale }),
    tokens,
    userStore,
    users,
    audit: new AuditLog(db, { anchorFile: config["audit-anchor-file"] || layout.auditAnchorFile }),
    failedAuthPerMinute: config["audit-failed-auth-per-minute"],
    sessions,
    signIn,
    oidc,
    keys,
    branches,
    config: configService,
    version: serverVersion,
    logger: log,
    copies: {
      rename: new AppRename({ apps, appStore, releases, configVars, stopped, supervisor, routes, locks, layout, deploys, repos, backups: backups.store }),
      clone: new AppClone({ apps, releases, configVars, locks, layout, deploys, addons }),
    },
    oneOffCommands: new OneOffCommands({ apps, releases, contexts }),
    checks: new AppChecks({ apps, releases, hostOf: (name) => routes.hostOf(name), get: proxyGet({ httpPort: config["http-port"], httpsPort: tls.mode === "off" ? null : tls.httpsPort }, 10_000) }),
    cron,
    firewall,
    addons,
    domains: {
      domains: domainService,
      certificates: new CertificateService({
        apps,
        store: certificateStore,
        routes,
        wildcardFailure: (host) => wildcards?.failureOf(host) ?? null,
        served: async (hosts) =>
          tls.mode === "off" ? hosts.map((host) => ({ host, status: "off" as const, issuer: null, notAfter: null, detail: 'the server has tls = "off"' })) : servedCertificates(hosts, tls.httpsPort),
        checkHosts,
        issuanceErrors: (hosts) => readIssuanceErrors(proxy.logFile, hosts),
      }),
    },
    metrics: monitoring.metrics,
    alerts: monitoring.alerts,
    backups: backups.routes,
    status: {
      status: (sees) => ({
        version: serverVersion,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        domain: config.domain,
        httpPort: config["http-port"],
        apps: appStore.list().filter((app) => sees(app.name)).length,
        instancesRunning: supervisor.runningCount(),
        proxy: { name: proxy.name, running: proxy.isRunning() },
        sandbox: { enabled: sandbox.enabled, reason: sandbox.enabled ? null : sandboxProblem },
        network: { isolated: guard !== undefined, reason: guard ? null : networkProblem(config, nft) },
      }),
    },
  }, { behindProxy: apiHost.host !== null });
  const apiPort = await listen(api, layout.socket, config["api-port"]);
  shareSocket(layout.socket, sshAccount());
  const scheduler = createScheduler((error, job) => log.error({ err: error, job }, `periodic job "${job}" failed`));
  scheduler.add({
    name: "proxy watch",
    everyMs: proxyCheckMs,
    run: () =>
      routes.ensureProxy().then(
        (restarted) => restarted && log.warn("the proxy had stopped; it was started again with every route"),
        (error: unknown) => log.error({ err: error }, "the proxy is down and could not be started again"),
      ),
  });
  monitoring.logTo((details, message) => log.warn(details, message));
  for (const job of monitoring.jobs) scheduler.add(job);
  scheduler.add(backups.job((app, reason) => log.error({ app, reason }, "a scheduled backup failed")));
  scheduler.add({ name: "log rotation", everyMs: logRotationCheckMs, run: () => rotateLogs(layout.logsDir, defaultLogRotation) });
  scheduler.add(cron.job());
  if (wildcards) scheduler.add(wildcards.job());
  scheduler.start();
  if (apiHost.problem !== null) log.warn(apiHost.problem);
  if (engineStart !== null) log.error({ err: engineStart }, "the addon engines could not all be started; `hop3 addons` shows which");
  cron.start();
  backups.routes.verify.removeInterrupted().then(
    (left) => left.length > 0 && log.warn({ apps: left }, "removed the throwaway apps of restore drills a stopped server left behind"),
    (error: unknown) => log.error({ err: error }, "the throwaway apps of interrupted restore drills could not all be removed"),
  );
  log.info(
    { socket: layout.socket, apiPort, httpPort: config["http-port"], domain: config.domain, switching: forwarding ? "nftables front ports" : "proxy reloads (nft unavailable)", daemon: privileges.separated ? `unprivileged (uid ${process.getuid?.()}) under a root parent` : privileges.switchesUsers ? "root (privilege-separation = false)" : "unprivileged, apps run as its user",
      sandbox: sandbox.enabled ? "bubblewrap" : `off: ${sandboxProblem}`, network: guard ? "isolated (nftables)" : `open: ${networkProblem(config, nft)}`, adopted: restored.adopted, started: restored.started, interruptedDeploys: restored.interruptedDeploys },
    "hop3-server is ready",
  );

  return {
    apiPort,
    socket: layout.socket,
    stop: (options) =>
      stopServer(
        {
        closePorts: () => Promise.all([api.app.close(), new Promise((resolve) => api.tcpServer.close(resolve))]),
        stopJobs: () => scheduler.stop(),
        stopMonitoring: () => monitoring.stop(),
        stopCron: () => cron.stop(),
        deploysDone: (timeoutMs) => locks.whenIdle(timeoutMs),
        drainsDone: () => background.settled(),
        detach: async () => {
          supervisor.detachAll();
          await proxy.detach();
          addons.letGo();
        },
        closeDatabase: () => db.close(),
        },
        options,
      ),
  };
}

/** The addon store, engines and service (ADR 42): the engines run as their own account when the server can switch users. */
async function addonService(options: {
  layout: StateLayout;
  db: DatabaseSync;
  cipher: ConfigCipher;
  external: ExternalServerUrls;
  account: ServiceAccount | undefined;
  separated: boolean;
  locks: AppLocks;
  apps: () => AppService;
  restart: AddonServiceDeps["restart"];
}): Promise<AddonService> {
  const { layout, account } = options;
  // Separated, the root parent made these the engine account's (ADR 31); as root here, this process does.
  if (!options.separated) {
    if (account) prepareAddonsDir(layout, account);
    else for (const dir of [layout.addonsDir, layout.addonSocketsDir]) mkdirSync(dir, { recursive: true, mode: 0o755 });
  }
  const dirs = { addonsDir: layout.addonsDir, socketsDir: layout.addonSocketsDir, configDir: layout.addonConfigDir, logsDir: join(layout.logsDir, "addons"), runDir: join(layout.runDir, "addons") };
  const dumpsDir = join(dirs.runDir, "dumps");
  for (const dir of [dirs.logsDir, dirs.runDir, dumpsDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return new AddonService({
    store: new AddonStore(options.db, options.cipher),
    engines: addonEngines(new EngineHost(dirs, account), options.external),
    apps: { require: (name) => options.apps().require(name) },
    locks: options.locks,
    dumpsDir,
    restart: options.restart,
  });
}

/** Why apps' network is not confined, for the start log. */
function networkProblem(config: ServerConfig, nft: boolean): string {
  if (!config["network-isolation"]) return "network-isolation = false in the server config";
  return nft ? "the server is not root: apps run as its own user" : "nft is not usable here";
}
