/** The five fields of a cron schedule, with the values each accepts. */
const fields = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

// `5`, `1-5`, `*/15`, `1-30/2`, `10/5`: the numeric forms whose bounds croner reports shifted
// (its months and days count from 0), so they are checked here first, as the user wrote them.
const numericPart = /^(?:\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

/**
 * The first numeric value of a five-field schedule outside its field's range, named as
 * written (`month 13 is out of range (1-12)`, `minute range 1-70 …`); undefined when every
 * numeric value is in range. Names (JAN, MON), nicknames and syntax are left to croner.
 */
export function cronFieldProblem(schedule: string): string | undefined {
  const words = schedule.trim().split(/\s+/);
  if (words.length !== fields.length) return undefined;
  for (const [index, field] of fields.entries()) {
    for (const part of (words[index] ?? "").split(",")) {
      const match = numericPart.exec(part);
      if (match === null) continue;
      const [, from, to, step] = match;
      const range = `${field.min}-${field.max}`;
      for (const value of [from, to]) {
        if (value === undefined) continue;
        const number = Number(value);
        if (number >= field.min && number <= field.max) continue;
        const where = to === undefined ? `${field.name} ${value}` : `${field.name} range ${from}-${to}: ${value}`;
        return `${where} is out of range (${field.name} is ${range})`;
      }
      if (from !== undefined && to !== undefined && Number(from) > Number(to)) return `${field.name} range ${from}-${to} goes backwards (write the smaller value first)`;
      if (step !== undefined && Number(step) === 0) return `${field.name} step /0 in ${JSON.stringify(part)} is not a step (use /1 or more)`;
    }
  }
  return undefined;
}
