import type { AlertEntry } from "@hop3/contract";
import type { Attention } from "./attention.ts";

/**
 * Monitoring's firing alerts that the dashboard also puts first (docs/monitoring.md): a failed
 * backup ranks with a failed deploy; an overdue backup and an expiring certificate as degraded.
 */
const ranks: Readonly<Record<string, 0 | 1>> = { "backup-failed": 0, "backup-overdue": 1, "certificate-expiry": 1 };

/** The app's attention with its firing backup and certificate alerts added (their summaries as reasons). */
export function withAlerts(attention: Attention, alerts: readonly Pick<AlertEntry, "rule" | "app" | "state" | "summary">[], app: string): Attention {
  const firing = alerts.filter((alert) => alert.app === app && alert.state === "firing" && Object.hasOwn(ranks, alert.rule));
  if (firing.length === 0) return attention;
  const rank = Math.min(attention.rank, ...firing.map((alert) => ranks[alert.rule] ?? 1)) as Attention["rank"];
  return { rank, reason: [attention.reason, ...firing.map((alert) => alert.summary)].filter((reason) => reason !== null).join("; ") };
}
