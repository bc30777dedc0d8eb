import { checkPaths, Hop3Error, type AppCheckReport, type AppCheckResult } from "@hop3/contract";
import type { ApiClient } from "../http/api-client.ts";
import type { ProgressLine } from "../command.ts";

/** Runs the app's `[[test.validations]]` on the server, through its proxy. */
export function runAppChecks(api: ApiClient, app: string): Promise<AppCheckReport> {
  return api.json<AppCheckReport>("GET", checkPaths.checks(app));
}

/** `GET /health status=200 contains "ok"`: a validation as written in hop3.toml. */
export function describeCheck(check: AppCheckResult): string {
  const status = check.expectStatus === null ? "" : ` status ${check.expectStatus}`;
  const contains = check.contains === null ? "" : ` contains ${JSON.stringify(check.contains)}`;
  return `GET ${check.path}${status}${contains}`;
}

/** One line per validation, for people. */
export function renderAppChecks(report: AppCheckReport): ProgressLine[] {
  if (report.checks.length === 0) return [{ stream: "stderr", text: `-----> ${report.app} has no [[test.validations]] in hop3.toml: nothing to check` }];
  const failed = report.checks.filter((check) => !check.passed).length;
  return [
    { stream: "stderr", text: `-----> Checking ${report.app} (release ${report.release}) at ${report.url}` },
    ...report.checks.map((check) => ({ stream: "stderr" as const, text: `       ${check.passed ? "pass" : "FAIL"}  ${describeCheck(check)}${check.problem === null ? "" : `: ${check.problem}`}` })),
    { stream: "stderr", text: `       ${report.checks.length - failed} of ${report.checks.length} passed` },
  ];
}

/** APP_CHECK_FAILED naming each failing validation and what came back. */
export function checkFailure(report: AppCheckReport): Hop3Error {
  const failed = report.checks.filter((check) => !check.passed);
  const lines = failed.map((check) => `  ${describeCheck(check)}: ${check.problem ?? "failed"}`);
  return new Hop3Error("APP_CHECK_FAILED", `${failed.length} of ${report.checks.length} [[test.validations]] of ${report.app} failed (release ${report.release}):\n${lines.join("\n")}`);
}
