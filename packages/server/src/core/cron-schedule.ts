import { Cron } from "croner";
import { cronFieldProblem } from "./cron-field-problem.ts";

/**
 * What cron schedules mean, through croner (ADR 16): five fields (minute, hour, day of month,
 * month, day of week; day of month and day of week combine with OR as in Vixie cron) or a
 * nickname (`@yearly`, `@monthly`, `@weekly`, `@daily`, `@hourly`). Times are the server's.
 */
function parsed(schedule: string): Cron {
  return new Cron(schedule, { mode: "5-part", paused: true });
}

/** Why `schedule` is not a valid schedule, in words; undefined when it is. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const outOfRange = cronFieldProblem(schedule);
  if (outOfRange !== undefined) return outOfRange;
  let cron: Cron;
  try {
    cron = parsed(schedule);
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern:\s*/, "");
  }
  // A schedule such as "0 0 31 2 *" parses but never comes.
  return cron.nextRun() === null ? "it never matches a date" : undefined;
}

/** The first time after `after` the schedule fires (a whole minute), or null if none. */
export function nextCronRun(schedule: string, after: Date): Date | null {
  return parsed(schedule).nextRun(after);
}

/** True when the schedule fires in the minute starting at `minute`. */
export function cronIsDue(schedule: string, minute: Date): boolean {
  return parsed(schedule).match(minute);
}
