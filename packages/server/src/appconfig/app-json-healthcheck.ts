import type { AppJson, AppJsonHealthcheck } from "./app-json-schema.ts";
import { healthcheckDefaults } from "./read-healthcheck.ts";
import type { ReadHealthcheck } from "./read-healthcheck.ts";

/** Dokku keys of a health check that Hop3 does not act on, and why. */
const ignoredKeys = [
  ["port", "Hop3 checks the port it gives the web process"],
  ["scheme", "Hop3 checks over plain HTTP"],
  ["httpHeaders", "not supported yet"],
  ["onFailure", "not supported yet"],
] as const;

/**
 * The health check of app.json: the first `startup` (or untyped) entry of `healthchecks.web`,
 * read as Dokku does (`wait` is the pause between attempts, `initialDelay` the one before the
 * first). Other entries and process types are set aside with a warning. Null when there is no
 * such entry.
 */
export function appJsonHealthcheck(fileName: string, healthchecks: AppJson["healthchecks"]): ReadHealthcheck {
  const warnings: string[] = [];
  for (const type of Object.keys(healthchecks ?? {})) {
    if (type !== "web") warnings.push(`${fileName} "healthchecks.${type}" was ignored: only the web process is health-checked`);
  }

  let chosen: { entry: AppJsonHealthcheck; index: number } | undefined;
  (healthchecks?.["web"] ?? []).forEach((entry, index) => {
    const where = `${fileName} "healthchecks.web[${index}]"`;
    const type = entry.type ?? "startup";
    if (type !== "startup") {
      warnings.push(`${where} was ignored: ${type} checks are not supported yet (Hop3 checks a release once, as it starts)`);
    } else if (entry.warn === true) {
      warnings.push(`${where} was ignored: checks that only warn are not supported yet`);
    } else if (chosen !== undefined) {
      warnings.push(`${where} was ignored: Hop3 runs one startup check, "healthchecks.web[${chosen.index}]"`);
    } else {
      chosen = { entry, index };
    }
  });
  if (chosen === undefined) return { healthcheck: null, warnings };

  const { entry, index } = chosen;
  const at = (key: string) => `${fileName} "healthchecks.web[${index}].${key}"`;
  for (const [key, why] of ignoredKeys) {
    if (entry[key] !== undefined) warnings.push(`${at(key)} was ignored: ${why}`);
  }
  // Dokku tells check kinds apart in this order. A listening check is what Hop3 does without a
  // path: a TCP connection to the web process's port.
  const hasCommand = entry.command !== undefined && !(Array.isArray(entry.command) && entry.command.length === 0);
  const kind = entry.listening === true ? "listening" : hasCommand ? "command" : entry.path !== undefined ? "path" : "uptime";
  const instead = "Hop3 checks that the web process accepts connections instead";
  if (kind === "command") warnings.push(`${at("command")} was ignored: command checks are not supported yet; ${instead}`);
  if (kind === "uptime" && entry.uptime !== undefined) warnings.push(`${at("uptime")} was ignored: uptime checks are not supported yet; ${instead}`);
  const path = kind === "path" ? (entry.path ?? null) : null;
  if (path === null && entry.content !== undefined) warnings.push(`${at("content")} was ignored: it needs a path to request`);

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
    warnings,
  };
}
