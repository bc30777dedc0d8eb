import { apiPaths, cronPaths, gitPaths, Hop3Error, type AppGit, type AppInfo, type ConfigVars, type CronJobList, type ReleaseList, type ReleaseSummary } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields, formatTable } from "../format/table.ts";
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
}

/** `hop3 apps:report APP`: status, processes, releases, git source, cron jobs and config names in one view. */
export const appsReportCommand = defineCommand({
  name: "apps:report",
  summary: "Show everything about an app in one view: status, processes, releases, git source, cron jobs, config var names",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }): Promise<AppReport> {
    const api = await client();
    const [info, releases, git, cron, config] = await Promise.all([
      api.json<AppInfo>("GET", apiPaths.app(args.APP)),
      api.json<ReleaseList>("GET", apiPaths.releases(args.APP)),
      api.json<AppGit>("GET", gitPaths.appGit(args.APP)),
      api.json<CronJobList>("GET", cronPaths.jobs(args.APP)),
      api.json<ConfigVars>("GET", apiPaths.config(args.APP)).catch((error: unknown) => {
        if (error instanceof Hop3Error && error.code === "PERMISSION_DENIED") return null;
        throw error;
      }),
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
    );
    return sections.join("\n");
  },
});
