import type { DatabaseSync } from "node:sqlite";
import type { AppStore } from "../apps/app-store.ts";
import type { StoppedProcesses } from "../apps/stopped-processes.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { Supervisor } from "../runtime/supervisor.ts";
import type { InstanceUsageBoard } from "../runtime/instance-usage.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { PeriodicJob } from "../scheduler/scheduler.ts";
import { servedCertificatesWithStart, type ProxyTls } from "../proxy/caddy/index.ts";
import { CgroupUsage } from "../host/cgroup-usage.ts";
import { openFilesOf } from "../host/open-files.ts";
import { RequestLog } from "../metrics/request-log.ts";
import { MetricsSampler } from "../metrics/metrics-sampler.ts";
import { MetricsHistory } from "../metrics/metrics-history.ts";
import { appMetrics } from "../metrics/app-metrics.ts";
import { prometheusExposition } from "../metrics/prometheus-exposition.ts";
import { UptimeChecks, proxyProbe, type UptimeTarget } from "../metrics/uptime-checks.ts";
import type { AppMetrics } from "@hop3/contract";
import { AlertStore } from "./alert-store.ts";
import { AlertEngine } from "./alert-engine.ts";
import { AlertService } from "./alert-service.ts";
import { NoticeChannels } from "./notice-channels.ts";
import { evaluateRules, type RuleInputs } from "./alert-rules.ts";
import { gatherRuleInputs } from "./rule-inputs.ts";
import { LogPatternWatch } from "./log-pattern-watch.ts";

/** Each app's disk use is measured every this many samples (5 min by default): walking trees costs more than reading counters. */
const diskMeasuresEvery = 30;

export interface MonitoringDeps {
  readonly db: DatabaseSync;
  /** Seals channel secrets and SMTP credentials at rest (the config vars' key). */
  readonly cipher: ConstructorParameters<typeof AlertStore>[1];
  readonly appStore: AppStore;
  readonly releases: ReleaseStore;
  readonly stopped: StoppedProcesses;
  readonly routes: RouteTable;
  readonly supervisor: Supervisor;
  readonly usageBoard: InstanceUsageBoard;
  readonly layout: StateLayout;
  readonly tls: ProxyTls;
  /** Hostnames of the app served with a custom certificate (renewed by hand, ADR 49). */
  readonly customCertificateHosts?: (app: string, hosts: readonly string[]) => readonly string[];
  /** The proxy's access log (request metrics); absent: none. */
  readonly accessLog?: string;
  readonly requireApp: (name: string) => { readonly id: number; readonly name: string };
  /** Each app's backups as the `backup-failed` and `backup-overdue` rules see them. */
  readonly backups?: (app: string) => NonNullable<RuleInputs["apps"][number]["backups"]>;
  readonly settings: {
    readonly home: string;
    readonly domain: string;
    readonly httpPort: number;
    readonly metricsInterval: number;
    readonly uptimeInterval: number;
    readonly downAfter: number;
    readonly diskPercent: number;
    readonly memoryPercent: number;
    readonly maxPerHour: number;
    /** Seconds without a matching log line after which a log-pattern alert resolves. */
    readonly logQuietSeconds: number;
    /** Seconds between checks of the certificates served (their expiry). */
    readonly certificateCheckInterval: number;
  };
}

/**
 * Metrics, uptime checks and alerts wired together (ADR 46, docs/monitoring.md): the sampler and
 * its history, the checks, the rules and the engine that turns them into notices, the
 * periodic jobs that drive them, and what the API serves of them.
 */
export function createMonitoring(deps: MonitoringDeps) {
  const { settings, appStore, tls, routes } = deps;
  let logWarning = (_details: object, _message: string): void => undefined;
  const history = new MetricsHistory(deps.db);
  const sampler = new MetricsSampler({
    supervisor: deps.supervisor,
    appIds: () => new Map(appStore.list().map((app) => [app.name, app.id])),
    groups: new CgroupUsage(),
    board: deps.usageBoard,
    history,
    paths: { state: settings.home, data: (name) => deps.layout.dataDir(name), home: (name) => deps.layout.homeDir(name), releases: (name) => deps.layout.releasesDir(name), logs: (name) => deps.layout.logDir(name) },
    diskEveryMs: diskMeasuresEvery * settings.metricsInterval * 1000,
    ...(deps.accessLog === undefined ? {} : { requests: new RequestLog({ file: deps.accessLog }) }),
    openFiles: openFilesOf,
  });
  const uptime = new UptimeChecks({
    db: deps.db,
    targets: () =>
      appStore.list().flatMap((app): UptimeTarget[] => {
        const release = deps.releases.current(app.id);
        if (!release || !("web" in release.processes) || deps.stopped.typesOf(app.id).has("web")) return [];
        const path = release.settings.healthcheck?.path ?? null;
        return [{ app: app.name, appId: app.id, host: routes.hostOf(app.name), path: path ?? "/", strict: path !== null }];
      }),
    probe: proxyProbe({ httpPort: settings.httpPort, httpsPort: tls.mode === "off" ? null : tls.httpsPort }, 10_000),
    downAfter: settings.downAfter,
  });
  const store = new AlertStore(deps.db, deps.cipher);
  const channels = new NoticeChannels({
    store,
    defaultFrom: `hop3@${settings.domain}`,
    onFailure: (channel, notice, error) => logWarning({ channel: channel.id, alert: notice.key, state: notice.state }, `an alert notice could not be delivered to ${channel.kind} channel ${channel.id}: ${error}`),
  });
  const engine = new AlertEngine({
    store,
    send: (notice) => channels.send(notice),
    server: settings.domain,
    maxPerHour: settings.maxPerHour,
    onHeldBack: (notice, why) => logWarning({ alert: notice.key }, `alert notice held back: ${why}`),
  });
  const logWatch = new LogPatternWatch();
  const scanLogs = (nowMs: number) =>
    logWatch.scan(
      appStore.list().flatMap((app) => {
        const release = deps.releases.current(app.id);
        const pattern = release?.settings.logPattern;
        return !release || pattern === undefined ? [] : [{ app: app.name, pattern, logDir: deps.layout.logDir(app.name), sinceMs: Date.parse(release.createdAt) }];
      }),
      nowMs,
    );
  const logMatch = (name: string) => {
    const match = logWatch.lastMatch(name);
    return match !== undefined && Date.now() - match.atMs < settings.logQuietSeconds * 1000 ? { pattern: match.pattern, line: match.line } : null;
  };
  // The certificates served for each app's hosts, checked hourly when the proxy serves HTTPS.
  const certificates = new Map<string, NonNullable<RuleInputs["apps"][number]["certificates"]>>();
  const checkCertificates = async () => {
    if (tls.mode === "off") return;
    for (const app of appStore.list()) {
      const hosts = routes.hostsOf(app.name);
      const custom = new Set(deps.customCertificateHosts?.(app.name, hosts) ?? []);
      certificates.set(app.name, (await servedCertificatesWithStart(hosts, tls.httpsPort)).map((served) => ({ ...served, automatic: !custom.has(served.host) })));
    }
  };
  const evaluateAlerts = () =>
    engine.evaluate(
      evaluateRules(
        gatherRuleInputs({
          apps: () => appStore.list(),
          supervisor: deps.supervisor,
          releases: deps.releases,
          uptime: (name) => uptime.stateOf(name),
          snapshot: () => sampler.latest(),
          statePath: settings.home,
          certificates: (name) => certificates.get(name) ?? [],
          ...(deps.backups ? { backups: deps.backups } : {}),
          logMatch,
          thresholds: { diskPercent: settings.diskPercent, memoryPercent: settings.memoryPercent },
        }),
      ),
    );
  const jobs: PeriodicJob[] = [
    {
      name: "metrics sampling",
      everyMs: settings.metricsInterval * 1000,
      run: async () => {
        sampler.sample();
        scanLogs(Date.now());
        evaluateAlerts();
        await sampler.countOpenFiles();
      },
    },
    { name: "certificate check", everyMs: settings.certificateCheckInterval * 1000, run: () => checkCertificates().then(evaluateAlerts) },
    { name: "uptime checks", everyMs: settings.uptimeInterval * 1000, run: () => uptime.run().then(evaluateAlerts) },
  ];
  return {
    jobs,
    /** What `hop3 metrics` and `GET /metrics` serve. */
    metrics: {
      app: (name: string, since: string | undefined): AppMetrics => appMetrics(deps.requireApp(name), since, sampler, history),
      exposition: () => prometheusExposition(sampler.latest(), { apps: appStore.list().length, instancesRunning: deps.supervisor.runningCount() }),
      host: () => sampler.latest()?.host ?? null,
    },
    alerts: new AlertService({ store, channels, uptime: () => uptime.states(), server: settings.domain, requireApp: deps.requireApp }),
    /** Where failed deliveries and held-back notices are told, once the server has a logger. */
    logTo(warn: (details: object, message: string) => void): void {
      logWarning = warn;
    },
    /** Writes the minute being averaged; lets notices being delivered finish for up to 5 s (their retries do not hold the stop up). */
    async stop(): Promise<void> {
      history.flush(Math.floor(Date.now() / 1000));
      await Promise.race([channels.settled(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}
