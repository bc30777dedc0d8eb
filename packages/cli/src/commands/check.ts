import type { AppCheckReport } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { renderAppChecks, runAppChecks } from "../check/app-checks.ts";

/** `hop3 check APP`: the app's hop3.toml acceptance checks, run through the proxy. */
export const checkCommand = defineCommand({
  name: "check",
  summary: "Run the app's hop3.toml [[test.validations]] (path, status, contains) through the proxy; exits 1 when one fails, naming it",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }): Promise<AppCheckReport> {
    return runAppChecks(await client(), args.APP);
  },
  render: (report) => renderAppChecks(report).map((line) => line.text).join("\n"),
  // The report is printed (as text or JSON) whether or not the checks passed; the status tells.
  exitCode: (report) => (report.passed ? 0 : 1),
});
