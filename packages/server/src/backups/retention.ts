/** How many daily, weekly and monthly backups a schedule keeps (ADR 47). */
export interface Retention {
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly keepMonthly: number;
}

/** A backup retention may keep: succeeded, with its time. */
export interface Retainable {
  readonly id: number;
  readonly startedAt: string;
}

/**
 * The backups to keep, by restic's rules: of the newest backup of each day, the latest
 * `keepDaily` days are kept; likewise the newest of each week (weeks start on Monday) and of
 * each month. A backup kept by any rule stays. Days, weeks and months are the server's local
 * time, like the schedules. Only succeeded backups are given: a failed one never takes a slot.
 */
export function retained(backups: readonly Retainable[], retention: Retention): Set<number> {
  const newestFirst = [...backups].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || b.id - a.id);
  const keep = new Set<number>();
  for (const [count, bucket] of [
    [retention.keepDaily, dayOf],
    [retention.keepWeekly, weekOf],
    [retention.keepMonthly, monthOf],
  ] as const) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= count) break;
      const key = bucket(new Date(backup.startedAt));
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(backup.id);
    }
  }
  return keep;
}

function dayOf(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** The week's Monday. */
function weekOf(date: Date): string {
  const monday = new Date(date.getFullYear(), date.getMonth(), date.getDate() - ((date.getDay() + 6) % 7));
  return dayOf(monday);
}

function monthOf(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}`;
}
