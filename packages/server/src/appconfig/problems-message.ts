/** How many problems one error reports; the rest are counted. */
const maxReported = 5;

/** The message of an error listing `problems` of the file `fileName`, one per line, at most five. */
export function problemsMessage(fileName: string, problems: readonly string[]): string {
  const lines = problems.slice(0, maxReported).map((problem) => `${fileName}: ${problem}`);
  const rest = problems.length - maxReported;
  if (rest > 0) lines.push(`${fileName}: … and ${rest} more ${rest === 1 ? "problem" : "problems"}`);
  return lines.join("\n");
}
