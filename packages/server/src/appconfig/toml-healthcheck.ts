import type { ConfigNotice } from "@hop3/contract";
import { durationMs } from "./duration.ts";
import type { Hop3Toml } from "./hop3-toml-schema.ts";
import { healthcheckDefaults } from "./read-healthcheck.ts";
import type { ReadHealthcheck } from "./read-healthcheck.ts";
import { shown } from "./shown.ts";

/**
 * The health check of hop3.toml: `[healthcheck]`, or the older `[run] healthcheck` (path) and
 * `healthcheck-timeout`, which fill in what `[healthcheck]` leaves out (as in the original Hop3).
 * `retries` counts the attempts after the first. Null when neither is present.
 */
export function tomlHealthcheck(fileName: string, config: Hop3Toml): ReadHealthcheck {
  const section = config.healthcheck;
  const runPath = config.run?.healthcheck;
  const runTimeout = config.run?.["healthcheck-timeout"];
  if (section === undefined && runPath === undefined && runTimeout === undefined) return { healthcheck: null, notices: [] };

  const notices: ConfigNotice[] = [];
  const overridden = (runKey: string, runValue: string | number, key: string): ConfigNotice => ({
    code: "overridden",
    at: `${fileName} [run] ${runKey} = ${typeof runValue === "string" ? shown(runValue) : runValue}`,
    by: `[healthcheck] ${key}`,
  });
  if (section?.path !== undefined && runPath !== undefined && runPath !== section.path) notices.push(overridden("healthcheck", runPath, "path"));
  if (section?.timeout !== undefined && runTimeout !== undefined && durationMs(runTimeout) !== durationMs(section.timeout)) {
    notices.push(overridden("healthcheck-timeout", runTimeout, "timeout"));
  }
  const path = section?.path ?? runPath ?? null;
  const timeout = section?.timeout ?? runTimeout;
  if (path === null && section?.contains !== undefined) notices.push({ code: "check-needs-path", at: `${fileName} [healthcheck] contains` });

  return {
    healthcheck: {
      path,
      expectStatus: null,
      content: path === null ? null : (section?.contains ?? null),
      timeoutMs: timeout === undefined ? healthcheckDefaults.timeoutMs : durationMs(timeout),
      attempts: section?.retries === undefined ? healthcheckDefaults.attempts : section.retries + 1,
      waitMs: healthcheckDefaults.waitMs,
      intervalMs: section?.interval === undefined ? healthcheckDefaults.intervalMs : durationMs(section.interval),
      source: section === undefined ? `${fileName} [run] healthcheck` : `${fileName} [healthcheck]`,
    },
    notices,
  };
}
