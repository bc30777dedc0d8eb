/**
 * Durations as configuration files write them: a number of seconds (`30`, `0.5`), or a string
 * with a unit (`"500ms"`, `"5s"`, `"1.5m"`, `"1h"`).
 */

/** A positive duration string: digits, an optional fraction, a unit; at least one non-zero digit. */
export const durationPattern = "^(?=.*[1-9])[0-9]+(\\.[0-9]+)?(ms|s|m|h)$";

/** The longest duration a setting may hold. Timers cannot exceed ~24.8 days, and no check needs more than a day. */
export const maxDurationMs = 24 * 60 * 60 * 1000;

const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Whole milliseconds in the positive duration `value`, at least 1 so a tiny duration stays
 * positive; a string must match `durationPattern` (callers validate first) or this throws.
 */
export function durationMs(value: number | string): number {
  if (typeof value === "number") return Math.max(1, Math.round(value * 1000));
  const match = /^([0-9.]+)(ms|s|m|h)$/.exec(value);
  const amount = Number(match?.[1]);
  const unit = unitMs[match?.[2] ?? ""];
  if (unit === undefined || !Number.isFinite(amount)) throw new Error(`durationMs: ${JSON.stringify(value)} is not a duration`);
  return Math.max(1, Math.round(amount * unit));
}
