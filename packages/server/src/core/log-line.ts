/**
 * A line of an instance log as stored (ADR 18, ADR 48): `2026-11-23T14:05:01.123Z v4 <text>`,
 * the time (ISO-8601, UTC, milliseconds) being when the line was written and `v4` the release
 * whose instance wrote it. The app's lines are stamped by the timestamper
 * (exec/line-timestamper.ts), the supervisor's notes by `stampLogLine`.
 */
export interface StoredLogLine {
  /** Null for lines written before ADR 18, which carry no time. */
  readonly time: string | null;
  /** Null for lines written without a release (before ADR 48, or a note about no release). */
  readonly release: number | null;
  readonly text: string;
}

const stamped = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (?:v(\d{1,9}) )?/;

/** What follows a line's time when a release's instance wrote it: `v4 `, or nothing. */
export function releaseTag(release: number | undefined): string {
  return release === undefined ? "" : `v${release} `;
}
/** The supervisor's notes before ADR 18: `[hop3] <time> web.1 <message>`. */
const earlierNote = /^\[hop3\] (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

/** `text` as a stored log line, stamped with `at` (and the release it is about, when given). */
export function stampLogLine(text: string, at: Date = new Date(), release?: number): string {
  return `${at.toISOString()} ${releaseTag(release)}${text}`;
}

/** Splits a stored line into its time and text; a line without a leading time keeps all its text. */
export function parseLogLine(stored: string): StoredLogLine {
  const match = stamped.exec(stored);
  if (match?.[1]) return { time: match[1], release: match[2] === undefined ? null : Number(match[2]), text: stored.slice(match[0].length) };
  const note = earlierNote.exec(stored);
  if (note?.[1]) return { time: note[1], release: null, text: `[hop3] ${stored.slice(note[0].length)}` };
  return { time: null, release: null, text: stored };
}
