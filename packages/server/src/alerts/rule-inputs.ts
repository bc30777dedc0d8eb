import type { Supervisor } from "../runtime/supervisor.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { MetricsSnapshot } from "../metrics/metrics-sampler.ts";
import type { UptimeState } from "../metrics/uptime-checks.ts";
import type { RuleInputs } from "./alert-rules.ts";

export interface RuleInputSources {
  readonly apps: () => ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly supervisor: Pick<Supervisor, "unitsOf">;
  readonly releases: Pick<ReleaseStore, "list">;
  readonly uptime: (app: string) => UptimeState | undefined;
  readonly snapshot: () => MetricsSnapshot | null;
  readonly statePath: string;
  readonly thresholds: RuleInputs["thresholds"];
  /** The last certificate check of each app's hosts. */
  readonly certificates?: (app: string) => NonNullable<RuleInputs["apps"][number]["certificates"]>;
  /** The app's backups as the rules see them (ADR 47). */
  readonly backups?: (app: string) => NonNullable<RuleInputs["apps"][number]["backups"]>;
  /** The app's log-pattern match still holding, or null. */
  readonly logMatch?: (app: string) => RuleInputs["apps"][number]["logMatch"];
}

/** What the alert rules look at now, from the supervisor, the releases, the uptime checks and the last sample. */
export function gatherRuleInputs(sources: RuleInputSources): RuleInputs {
  const snapshot = sources.snapshot();
  const limitShare = sources.thresholds.memoryPercent / 100;
  return {
    apps: sources.apps().map((app) => {
      // The newest finished release: a deploy in progress neither fixes a failed one nor fails yet.
      const newest = sources.releases.list(app.id).find((release) => release.status !== "building");
      const uptime = sources.uptime(app.name);
      return {
        name: app.name,
        certificates: sources.certificates?.(app.name) ?? [],
        backups: sources.backups?.(app.name) ?? { failed: null, overdue: false },
        logMatch: sources.logMatch?.(app.name) ?? null,
        failedInstances: sources.supervisor
          .unitsOf(app.name)
          .filter((unit) => unit.state === "failed")
          .map((unit) => `${unit.spec.type}.${unit.spec.index}`),
        failedRelease: newest?.status === "failed" ? newest.number : null,
        down: uptime?.state === "down" ? { failures: uptime.failures, detail: uptime.detail } : null,
        nearMemoryLimit: (snapshot?.instances ?? [])
          .filter((i) => i.app === app.name && i.memoryBytes !== null && i.memoryLimitBytes !== null && i.memoryBytes >= i.memoryLimitBytes * limitShare)
          .map((i) => ({ instance: `${i.type}.${i.index}`, bytes: i.memoryBytes ?? 0, limit: i.memoryLimitBytes ?? 0 })),
      };
    }),
    disk: snapshot && snapshot.host.diskTotalBytes > 0 ? { usedPercent: (snapshot.host.diskUsedBytes / snapshot.host.diskTotalBytes) * 100, path: sources.statePath } : null,
    mounts: (snapshot?.mounts ?? []).map((mount) => ({ usedPercent: (mount.usedBytes / mount.totalBytes) * 100, path: mount.path })),
    thresholds: sources.thresholds,
  };
}
