import { apiPaths, backupPaths, cronPaths, gitPaths, Hop3Error, type AddonList, type AppDomains, type AppGit, type AppInfo, type AppMetrics, type BackupList, type ConfigVars, type CronJobList, type ReleaseList, type ReleaseSummary } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields, formatTable } from "../format/table.ts";
import { formatBytes } from "../format/bytes.ts";
import { formatInstances, hostPidNote } from "./instances-table.ts";

/** How many releases the report lists (the API keeps them all; `hop3 releases APP` shows every one). */
const recentReleases = 5;

/** Everything about one app, as `apps:report` prints it and `--json` gives it. Config values stay out. */
export interface AppReport {
  readonly app: Omit<AppInfo, "instances" | "processTypes">;
  readonly processes: readonly { readonly type: string; readonly command: string; readonly instances: number; readonly running: number }[];
  readonly instances: AppInfo["instances"];
  readonly releases: { readonly total: number; readonly recent: readonly ReleaseSummary[] };
  readonly git: { readonly deployBranch: string | null; readonly source: string | null; readonly commit: string | null; readonly ref: string | null };
  readonly cron: CronJobList;
  /** Names only: the values are secrets (`hop3 config APP` shows them). */
  /** null for a viewer: config vars are for developers and owners (docs/access.md). */
  readonly configNames: readonly string[] | null;
  readonly domains: { readonly default: string; readonly custom: readonly string[]; readonly hsts: boolean; readonly tls: AppDomains["tls"] };
  /** The addons attached to the app; null when the caller may not list addons (server admins manage them). */
  readonly addons: readonly { readonly name: string; readonly type: string; readonly status: string; readonly prefix: string }[] | null;
  readonly backups: { readonly total: number; readonly latest: { readonly id: number; readonly status: string; readonly startedAt: string } | null; readonly schedule: string | null; readonly overdue: boolean };
  /** Bytes on disk of the app's data, home, releases and logs, as last measured; null until measured. */
  readonly disk: AppMetrics["disk"];
}

/** A section a caller may not read (its role) is left out, not an error: the rest is still the report. */
async function unlessDenied<T>(request: Promise<T>): Promise<T | null> {
  return request.catch((error: unknown) => {
    if (error instanceof Hop3Error && error.code === "PERMISSION_DENIED") return null;
    throw error;
  });
}

/** `hop3 apps:report APP`: status, processes, releases, git source, cron jobs, config names, domains, addons, backups and disk use in one view. */
export const appsReportCommand = defineCommand({
  name: "apps:report",
  summary: "Show everything about an app in one view: status, processes, releases, git source, cron jobs, config var names, domains, addons, backups, disk use",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }): Promise<AppReport> {
    const api = await client();
    const [info, releases, git, cron, config, domains, addons, backups, metrics] = await Promise.all([
      api.json<AppInfo>("GET", apiPaths.app(args.APP)),
      api.json<ReleaseList>("GET", apiPaths.releases(args.APP)),
      api.json<AppGit>("GET", gitPaths.appGit(args.APP)),
      api.json<CronJobList>("GET", cronPaths.jobs(args.APP)),
      unlessDenied(api.json<ConfigVars>("GET", apiPaths.config(args.APP))),
      api.json<AppDomains>("GET", apiPaths.domains(args.APP)),
      unlessDenied(api.json<AddonList>("GET", apiPaths.addons)),
      api.json<BackupList>("GET", backupPaths.list(args.APP)),
      api.json<AppMetrics>("GET", `${apiPaths.metrics(args.APP)}?since=1m`),
    ]);
    const { instances, processTypes, ...app } = info;
    const current = releases.releases.find((release) => release.current) ?? null;
    return {
      app,
      processes: Object.entries(processTypes).map(([type, command]) => {
        const own = instances.filter((instance) => instance.type === type);
        return { type, command, instances: own.length, running: own.filter((instance) => instance.state === "running").length };
      }),
      instances,
      releases: { total: releases.releases.length, recent: releases.releases.slice(0, recentReleases) },
      git: { deployBranch: git.deployBranch, source: current?.source ?? null, commit: current?.gitSha ?? null, ref: current?.gitRef ?? null },
      cron,
      configNames: config === null ? null : Object.keys(config.vars).sort(),
      domains: { default: domains.default, custom: domains.domains, hsts: domains.hsts, tls: domains.tls },
      addons:
        addons === null
          ? null
          : addons.addons.flatMap((addon) => addon.attachments.filter((attachment) => attachment.app === args.APP).map((attachment) => ({ name: addon.name, type: addon.type, status: addon.status, prefix: attachment.prefix }))),
      backups: {
        total: backups.backups.length,
        latest: backups.backups[0] ? { id: backups.backups[0].id, status: backups.backups[0].status, startedAt: backups.backups[0].startedAt } : null,
        schedule: backups.schedule?.cron ?? null,
        overdue: backups.overdue,
      },
      disk: metrics.disk,
    };
  },
  render(report) {
    const { app, git } = report;
    const sections = [
      `=== ${app.name}`,
      formatFields([
        ["Status", app.status],
        ["URL", app.url],
        ["Release", app.release === null ? "none yet" : `v${app.release}`],
        ["Builder", app.builder ?? "-"],
        ["Unix user", app.unixUser],
        ["Created", app.createdAt],
        ["Deployed", app.deployedAt ?? "never"],
        ["Deploy branch", git.deployBranch ?? "none yet (the first push of main or master)"],
        ["Source", git.source === null ? "-" : git.commit === null ? git.source : `${git.source} ${git.commit.slice(0, 12)}${git.ref === null ? "" : ` (${git.ref})`}`],
      ]),
      "",
      "=== Processes",
      report.processes.length === 0 ? "none" : formatTable(["TYPE", "INSTANCES", "RUNNING", "COMMAND"], report.processes.map((p) => [p.type, String(p.instances), String(p.running), p.command])),
    ];
    if (report.instances.length > 0) sections.push("", formatInstances(report.instances), hostPidNote);
    sections.push(
      "",
      `=== Releases (${report.releases.total}${report.releases.total > recentReleases ? `; the last ${recentReleases}` : ""}; \`hop3 releases APP\` lists them all)`,
      report.releases.total === 0
        ? "none yet"
        : formatTable(["RELEASE", "STATUS", "SOURCE", "BUILDER", "CREATED"], report.releases.recent.map((r) => [`${r.current ? "*" : " "}v${r.number}`, r.status, r.source, r.builder ?? "-", r.createdAt])),
      "",
      `=== Cron jobs${report.cron.paused ? " (paused)" : ""}`,
      report.cron.jobs.length === 0 ? "none" : formatTable(["JOB", "SCHEDULE", "NEXT RUN", "COMMAND"], report.cron.jobs.map((job) => [job.name, job.schedule, job.nextRun ?? "-", job.command])),
      "",
      "=== Config vars (names; `hop3 config APP` shows the values)",
      report.configNames === null ? "not shown to viewers" : report.configNames.length === 0 ? "none" : report.configNames.join(", "),
      "",
      "=== Domains",
      formatFields([
        ["Hostnames", [report.domains.default, ...report.domains.custom].join(", ")],
        ["TLS", report.domains.tls],
        ["HSTS", report.domains.hsts ? "on" : "off"],
      ]),
      "",
      "=== Addons",
      report.addons === null ? "not shown (server admins manage addons)" : report.addons.length === 0 ? "none" : formatTable(["ADDON", "TYPE", "STATUS", "PREFIX"], report.addons.map((a) => [a.name, a.type, a.status, a.prefix === "" ? "-" : a.prefix])),
      "",
      "=== Backups",
      formatFields([
        ["Backups", report.backups.latest === null ? "none yet" : `${report.backups.total}; latest #${report.backups.latest.id} ${report.backups.latest.status} at ${report.backups.latest.startedAt}`],
        ["Schedule", report.backups.schedule === null ? "none" : `${report.backups.schedule}${report.backups.overdue ? " (OVERDUE: no backup succeeded in twice its interval)" : ""}`],
      ]),
      "",
      "=== Disk",
      report.disk === null
        ? "not measured yet"
        : formatFields([
            ["Data", formatBytes(report.disk.data)],
            ["Home", formatBytes(report.disk.home)],
            ["Releases", formatBytes(report.disk.releases)],
            ["Logs", formatBytes(report.disk.logs)],
          ]),
    );
    return sections.join("\n");
  },
});
