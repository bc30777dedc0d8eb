/** A condition that holds now; an alert fires while it holds and resolves when it no longer does. */
export interface Condition {
  /** De-duplication key: one alert per rule and subject. */
  readonly key: string;
  readonly rule: AlertRule;
  readonly app: string | null;
  readonly summary: string;
}

export type AlertRule = "crash-loop" | "deploy-failed" | "app-down" | "memory-near-limit" | "disk-full" | "certificate-expiry" | "backup-failed" | "backup-overdue" | "backup-drill-failed" | "log-pattern";

/** A certificate expiring within this many days fires `certificate-expiry`. */
export const certificateWarningDays = 14;

/** What the rules look at, gathered by the caller at one moment. */
export interface RuleInputs {
  readonly apps: ReadonlyArray<{
    readonly name: string;
    /** Instances the supervisor gave up on after too many quick crashes (`failed`). */
    readonly failedInstances: readonly string[];
    /** The newest finished release failed (its build, release command or start), with its number; one being built does not count. */
    readonly failedRelease: number | null;
    /** Uptime checks: down, and what the last check saw. */
    readonly down: { readonly failures: number; readonly detail: string } | null;
    /** Instances above the memory threshold of their limit: name, working set, limit. */
    readonly nearMemoryLimit: ReadonlyArray<{ readonly instance: string; readonly bytes: number; readonly limit: number }>;
    /** The certificates the proxy serves for the app's hosts, as last checked (none when TLS is off). */
    readonly certificates?: ReadonlyArray<{ readonly host: string; readonly status: string; readonly notAfter: string | null; readonly notBefore?: string | null; readonly automatic?: boolean }>;
    /** Backups (ADR 47): the newest finished one when it failed, and whether the schedule is overdue (no success in twice its interval). */
    readonly backups?: { readonly failed: { readonly id: number; readonly reason: string } | null; readonly overdue: boolean; readonly drillFailed?: { readonly reason: string } | null };
    /** hop3.toml `[alerts] log-pattern`: the last matching line, while it is recent enough to hold (ADR 62). */
    readonly logMatch?: { readonly pattern: string; readonly line: string } | null;
  }>;
  /** Now, for certificate expiry. */
  readonly now?: Date;
  readonly disk: { readonly usedPercent: number; readonly path: string } | null;
  /** Filesystems mounted below the state root, each watched like the state root's (ADR 62). */
  readonly mounts?: ReadonlyArray<{ readonly usedPercent: number; readonly path: string }>;
  readonly thresholds: { readonly diskPercent: number; readonly memoryPercent: number };
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

/** The built-in rules (docs/monitoring.md): every condition that holds in `inputs`. */
export function evaluateRules(inputs: RuleInputs): Condition[] {
  const conditions: Condition[] = [];
  for (const app of inputs.apps) {
    if (app.failedInstances.length > 0)
      conditions.push({ key: `crash-loop:${app.name}`, rule: "crash-loop", app: app.name, summary: `${app.name}: ${app.failedInstances.join(", ")} crashed repeatedly and is no longer restarted (hop3 logs ${app.name})` });
    if (app.failedRelease !== null) conditions.push({ key: `deploy-failed:${app.name}`, rule: "deploy-failed", app: app.name, summary: `${app.name}: the deploy of release v${app.failedRelease} failed (hop3 releases:output ${app.name} ${app.failedRelease})` });
    if (app.down !== null) conditions.push({ key: `app-down:${app.name}`, rule: "app-down", app: app.name, summary: `${app.name} is down: ${app.down.failures} checks in a row failed, the last: ${app.down.detail}` });
    if (app.nearMemoryLimit.length > 0)
      conditions.push({
        key: `memory-near-limit:${app.name}`,
        rule: "memory-near-limit",
        app: app.name,
        summary: `${app.name}: ${app.nearMemoryLimit.map((i) => `${i.instance} uses ${mib(i.bytes)} of its ${mib(i.limit)} limit`).join(", ")} (over ${inputs.thresholds.memoryPercent}%)`,
      });
  }
  const now = (inputs.now ?? new Date()).getTime();
  // 14 days ahead, or for a short-lived certificate the proxy renews itself (Caddy's internal CA:
  // 12 hours) a quarter of its lifetime: it is renewed when a third is left, so a quarter left
  // means renewal is failing. A custom certificate is renewed by hand: always 14 days ahead.
  const warnBefore = (c: { notAfter: string; notBefore?: string | null | undefined; automatic?: boolean | undefined }) => {
    const lifetime = c.notBefore && c.automatic === true ? Date.parse(c.notAfter) - Date.parse(c.notBefore) : Number.POSITIVE_INFINITY;
    return now + Math.min(certificateWarningDays * 86_400_000, lifetime / 4);
  };
  for (const app of inputs.apps) {
    // A certificate still being obtained is not alarming yet; an expired or expiring one is.
    const expiring = (app.certificates ?? []).filter((c) => c.status === "expired" || (c.status === "valid" && c.notAfter !== null && Date.parse(c.notAfter) < warnBefore({ notAfter: c.notAfter, notBefore: c.notBefore, automatic: c.automatic })));
    if (expiring.length > 0)
      conditions.push({
        key: `certificate-expiry:${app.name}`,
        rule: "certificate-expiry",
        app: app.name,
        summary: `${app.name}: the certificate of ${expiring.map((c) => `${c.host} ${c.status === "expired" ? "has expired" : `expires ${c.notAfter?.slice(0, 10)}`}`).join(", ")} (renewal failing? hop3 certs ${app.name})`,
      });
  }
  for (const app of inputs.apps) {
    // Resolved by the next backup that succeeds (the newest finished one is then not failed).
    const failed = app.backups?.failed ?? null;
    if (failed !== null) conditions.push({ key: `backup-failed:${app.name}`, rule: "backup-failed", app: app.name, summary: `${app.name}: backup ${failed.id} failed: ${failed.reason} (hop3 backups ${app.name})` });
    if (app.backups?.overdue === true)
      conditions.push({ key: `backup-overdue:${app.name}`, rule: "backup-overdue", app: app.name, summary: `${app.name}: its backup schedule has made no successful backup in twice its interval (hop3 backups ${app.name})` });
    // Resolved by the next scheduled drill that succeeds (ADR 71).
    const drill = app.backups?.drillFailed ?? null;
    if (drill !== null) conditions.push({ key: `backup-drill-failed:${app.name}`, rule: "backup-drill-failed", app: app.name, summary: `${app.name}: its scheduled restore drill failed: ${drill.reason} (hop3 backups:verify ${app.name})` });
  }
  for (const app of inputs.apps) {
    const match = app.logMatch ?? null;
    if (match !== null) conditions.push({ key: `log-pattern:${app.name}`, rule: "log-pattern", app: app.name, summary: `${app.name}: a log line matched /${match.pattern}/: ${excerpt(match.line)} (hop3 logs ${app.name})` });
  }
  if (inputs.disk !== null && inputs.disk.usedPercent >= inputs.thresholds.diskPercent)
    conditions.push({ key: "disk-full", rule: "disk-full", app: null, summary: `The disk holding ${inputs.disk.path} is ${Math.round(inputs.disk.usedPercent)}% full (threshold ${inputs.thresholds.diskPercent}%)` });
  for (const mount of inputs.mounts ?? []) {
    if (mount.usedPercent >= inputs.thresholds.diskPercent)
      conditions.push({ key: `disk-full:${mount.path}`, rule: "disk-full", app: null, summary: `The filesystem mounted on ${mount.path} is ${Math.round(mount.usedPercent)}% full (threshold ${inputs.thresholds.diskPercent}%)` });
  }
  return conditions;
}

/** An app's log line as shown in a notice: no control characters (the line is the app's), at most 300 characters. */
function excerpt(line: string): string {
  const clean = line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}
