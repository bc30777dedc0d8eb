import type { ConfigNotice } from "@hop3/contract";
import type { AppJson, AppJsonHealthcheck } from "./app-json-schema.ts";
import { healthcheckDefaults } from "./read-healthcheck.ts";
import type { ReadHealthcheck } from "./read-healthcheck.ts";

/** Dokku keys of a health check that Hop3 does not act on. */
const ignoredKeys = ["port", "scheme", "httpHeaders", "onFailure"] as const;

/**
 * The health check of app.json: the first `startup` (or untyped) entry of `healthchecks.web`,
 * read as Dokku does (`wait` is the pause between attempts, `initialDelay` the one before the
 * first). Other entries and process types are set aside with a warning. Null when there is no
 * such entry.
 */
export function appJsonHealthcheck(fileName: string, healthchecks: AppJson["healthchecks"]): ReadHealthcheck {
  const notices: ConfigNotice[] = [];
  for (const type of Object.keys(healthchecks ?? {})) {
    if (type !== "web") notices.push({ code: "check-not-web", at: `${fileName} "healthchecks.${type}"` });
  }

  let chosen: { entry: AppJsonHealthcheck; index: number } | undefined;
  (healthchecks?.["web"] ?? []).forEach((entry, index) => {
    const where = `${fileName} "healthchecks.web[${index}]"`;
    const type = entry.type ?? "startup";
    if (type !== "startup") {
      notices.push({ code: "check-type-unsupported", at: where, checkType: type });
    } else if (entry.warn === true) {
      notices.push({ code: "check-warn-only", at: where });
    } else if (chosen !== undefined) {
      notices.push({ code: "check-not-chosen", at: where, chosen: `"healthchecks.web[${chosen.index}]"` });
    } else {
      chosen = { entry, index };
    }
  });
  if (chosen === undefined) return { healthcheck: null, notices };

  const { entry, index } = chosen;
  const at = (key: string) => `${fileName} "healthchecks.web[${index}].${key}"`;
  for (const key of ignoredKeys) {
    if (entry[key] !== undefined) notices.push({ code: "check-key-ignored", at: at(key), key });
  }
  // Dokku tells check kinds apart in this order. A listening check is what Hop3 does without a
  // path: a TCP connection to the web process's port.
  const hasCommand = entry.command !== undefined && !(Array.isArray(entry.command) && entry.command.length === 0);
  const kind = entry.listening === true ? "listening" : hasCommand ? "command" : entry.path !== undefined ? "path" : "uptime";
  if (kind === "command") notices.push({ code: "check-kind-replaced", at: at("command"), kind });
  if (kind === "uptime" && entry.uptime !== undefined) notices.push({ code: "check-kind-replaced", at: at("uptime"), kind });
  const path = kind === "path" ? (entry.path ?? null) : null;
  if (path === null && entry.content !== undefined) notices.push({ code: "check-needs-path", at: at("content") });

  const ms = (seconds: number) => Math.round(seconds * 1000);
  return {
    healthcheck: {
      path,
      expectStatus: null,
      content: path === null ? null : (entry.content ?? null),
      timeoutMs: entry.timeout === undefined ? healthcheckDefaults.timeoutMs : Math.max(1, ms(entry.timeout)),
      attempts: entry.attempts ?? healthcheckDefaults.attempts,
      waitMs: entry.initialDelay === undefined ? healthcheckDefaults.waitMs : ms(entry.initialDelay),
      intervalMs: entry.wait === undefined ? healthcheckDefaults.intervalMs : ms(entry.wait),
      source: `${fileName} healthchecks.web[${index}]`,
    },
    notices,
  };
}
