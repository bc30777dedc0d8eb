/**
 * A line of an instance log as stored (ADR 18): `2026-11-23T14:05:01.123Z <text>`, the time
 * (ISO-8601, UTC, milliseconds) being when the line was written. The app's lines are stamped
 * by the timestamper (exec/line-timestamper.ts), the supervisor's notes by `stampLogLine`.
 */
export interface StoredLogLine {
  /** Null for lines written before ADR 18, which carry no time. */
  readonly time: string | null;
  readonly text: string;
}

const stamped = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;
/** The supervisor's notes before ADR 18: `[hop3] <time> web.1 <message>`. */
const earlierNote = /^\[hop3\] (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

/** `text` as a stored log line, stamped with `at`. */
export function stampLogLine(text: string, at: Date = new Date()): string {
  return `${at.toISOString()} ${text}`;
}

/** Splits a stored line into its time and text; a line without a leading time keeps all its text. */
export function parseLogLine(stored: string): StoredLogLine {
  const match = stamped.exec(stored);
  if (match?.[1]) return { time: match[1], text: stored.slice(match[0].length) };
  const note = earlierNote.exec(stored);
  if (note?.[1]) return { time: note[1], text: `[hop3] ${stored.slice(note[0].length)}` };
  return { time: null, text: stored };
}
