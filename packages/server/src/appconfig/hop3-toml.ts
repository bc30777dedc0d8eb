import { Hop3Error } from "@hop3/contract";
import { parse, TomlError } from "smol-toml";
import { cronScheduleProblem } from "../core/cron-schedule.ts";
import { parseByteSize } from "../core/byte-size.ts";
import { frontPortRange, instancePortRange } from "../core/port-ranges.ts";
import { durationMs, maxDurationMs } from "./duration.ts";
import { isLoaderVariable, loaderVariableProblem } from "../core/loader-variables.ts";
import { envNameProblem } from "@hop3/contract";
import { envEntries, hop3TomlSchema } from "./hop3-toml-schema.ts";
import type { Hop3Toml } from "./hop3-toml-schema.ts";
import { problemsMessage } from "./problems-message.ts";
import { processTypeNameProblem } from "./process-types.ts";
import { schemaProblems } from "./schema-problems.ts";
import { shown } from "./shown.ts";
import { logPatternProblem } from "./log-pattern.ts";

/**
 * Parses and validates a `hop3.toml`. Throws `HOP3_TOML_INVALID`: for a syntax error with its
 * line and column, otherwise with up to five problems, each naming the full key path;
 * `ENV_VAR_FORBIDDEN` for a loader variable in [env].
 */
export function parseHop3Toml(text: string, fileName = "hop3.toml"): Hop3Toml {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <reason>" followed by a code excerpt.
    const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document:\s*/, "");
    throw new Hop3Error("HOP3_TOML_INVALID", `${fileName} line ${error.line}, column ${error.column}: ${reason}`, { cause: error });
  }

  const problems = schemaProblems(hop3TomlSchema, data);
  // Names and limits are checked once the shapes are known to be right.
  if (problems.length === 0) problems.push(...nameProblems(data as Hop3Toml), ...durationProblems(data as Hop3Toml), ...cronProblems(data as Hop3Toml), ...volumeProblems(data as Hop3Toml), ...portProblems(data as Hop3Toml), ...alertProblems(data as Hop3Toml));
  if (problems.length > 0) throw new Hop3Error("HOP3_TOML_INVALID", problemsMessage(fileName, problems));
  const committed = committedCredential(data as Hop3Toml);
  if (committed !== undefined) {
    throw new Hop3Error("HOP3_TOML_INVALID", `${fileName} [env] ${committed.key} looks like a committed credential (${committed.kind}): it would be readable by anyone with the repository`, {
      hint: `Remove it from ${fileName}, revoke it, and set the new value with \`hop3 config:set APP ${committed.key}=…\` (or ask Hop3 to generate one: ${committed.key} = { generate = "hex" }).`,
    });
  }
  const loader = envVariableNames(data as Hop3Toml).find(isLoaderVariable);
  if (loader !== undefined) throw new Hop3Error("ENV_VAR_FORBIDDEN", `${fileName} [env]: ${loaderVariableProblem(loader)}`);
  return data as Hop3Toml;
}

/** A log-pattern the daemon cannot run in linear time, or malformed. */
function alertProblems(config: Hop3Toml): string[] {
  const pattern = config.alerts?.["log-pattern"];
  const problem = pattern === undefined ? undefined : logPatternProblem(pattern);
  return problem === undefined ? [] : [`[alerts] log-pattern ${JSON.stringify(pattern)}: ${problem}`];
}

/** Problems with the free-form names of hop3.toml: variables, process types and URL paths. */
function nameProblems(config: Hop3Toml): string[] {
  const problems: string[] = [];
  for (const name of envVariableNames(config)) {
    const problem = envNameProblem(name);
    if (problem !== undefined) problems.push(`in [env], ${problem}`);
  }

  const seen = new Map<string, string>();
  for (const name of Object.keys(config.run?.workers ?? {})) {
    const problem = processTypeNameProblem(name);
    if (problem !== undefined) problems.push(`in [run.workers], ${problem}`);
    const same = seen.get(name.toLowerCase());
    if (same !== undefined) problems.push(`in [run.workers], "${same}" and "${name}" name the same process type`);
    seen.set(name.toLowerCase(), name);
  }

  for (const urlPath of Object.keys(config.static ?? {})) {
    if (!urlPath.startsWith("/")) problems.push(`in [static], ${shown(urlPath)} is not a URL path (it must start with "/")`);
  }
  return problems;
}

/** Durations longer than a day: surely a mistake of unit, and beyond what timers hold. */
function durationProblems(config: Hop3Toml): string[] {
  const durations = [
    ["build.timeout", config.build?.timeout],
    ["run.start-timeout", config.run?.["start-timeout"]],
    ["run.healthcheck-timeout", config.run?.["healthcheck-timeout"]],
    ["healthcheck.interval", config.healthcheck?.interval],
    ["healthcheck.timeout", config.healthcheck?.timeout],
  ] as const;
  return durations
    .filter(([, value]) => value !== undefined && durationMs(value) > maxDurationMs)
    .map(([key, value]) => `"${key}" must be at most a day (86400 seconds, "24h"), got ${typeof value === "string" ? shown(value) : value}`);
}

/** `[cron.<name>]` tables: a name usable in a log instance (`cron.<name>`), a schedule that parses. */
function cronProblems(config: Hop3Toml): string[] {
  const problems: string[] = [];
  for (const [name, job] of Object.entries(config.cron ?? {})) {
    if (!cronJobNamePattern.test(name)) {
      problems.push(`in [cron], ${shown(name)} is not a valid job name (lowercase letters, digits, "-" and "_", starting with a letter or digit, at most 63)`);
    }
    const problem = cronScheduleProblem(job.schedule);
    if (problem !== undefined) problems.push(`"cron.${name}.schedule": invalid cron schedule ${shown(job.schedule)}: ${problem}`);
  }
  return problems;
}

/** A tmpfs of less than a page could hold nothing; more than a terabyte is a mistake of unit. */
function volumeProblems(config: Hop3Toml): string[] {
  return (config.volumes ?? []).flatMap((volume, index) => {
    if (volume.size === undefined) return [];
    const bytes = parseByteSize(volume.size) ?? 0;
    return bytes >= 4096 && bytes <= 2 ** 40 ? [] : [`"volumes[${index}].size" must be from 4K to 1T, got ${shown(volume.size)}`];
  });
}

/** `[[ports]]`: ports an app account can listen on, outside Hop3's own ranges, each declared once. */
function portProblems(config: Hop3Toml): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, port] of (config.ports ?? []).entries()) {
    const key = `"ports[${index}].number"`;
    if (port.number < 1024) problems.push(`${key} must be from 1024 to 65535, got ${port.number} (apps cannot listen on ports below 1024; 22, 80 and 443 are the server's)`);
    else if (port.number >= frontPortRange.first && port.number <= instancePortRange.last) {
      problems.push(`${key} must be outside ${frontPortRange.first}-${instancePortRange.last}, the ports Hop3 gives instances, got ${port.number}`);
    }
    const id = `${port.number}/${port.protocol ?? "tcp"}`;
    if (seen.has(id)) problems.push(`[[ports]] declares ${id} twice`);
    seen.add(id);
    if (port.source !== undefined && port.source !== "any" && !ipv4Cidr.test(port.source)) problems.push(`"ports[${index}].source" must be "any" or an IPv4 CIDR such as "10.0.0.0/8", got ${shown(port.source)}`);
  }
  return problems;
}

const ipv4Cidr = /^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}\/([0-9]|[12][0-9]|3[0-2])$/;

const cronJobNamePattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The variables [env] and [env.computed] set (`_policy` and `computed` are settings, not variables). */
export function envVariableNames(config: Hop3Toml): string[] {
  return [...envEntries(config.env).map(([name]) => name), ...Object.keys(config.env?.computed ?? {})];
}

/** Values that are secrets by their form: a key of a live service, or a URL carrying a password. */
const credentialForms: readonly (readonly [RegExp, string])[] = [
  [/\bsk_live_[0-9A-Za-z]{8,}/, "a Stripe live key"],
  [/\bgh[pousr]_[0-9A-Za-z]{20,}/, "a GitHub token"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bxox[abpr]-[0-9A-Za-z-]{10,}/, "a Slack token"],
  [/^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@$]+@/i, "a URL with a password"],
];

/** The first [env] value that looks like a committed credential (the original Hop3 refuses them too). */
function committedCredential(config: Hop3Toml): { key: string; kind: string } | undefined {
  for (const [key, value] of [...envEntries(config.env), ...Object.entries(config.env?.computed ?? {})]) {
    if (typeof value !== "string") continue;
    const form = credentialForms.find(([pattern]) => pattern.test(value));
    if (form !== undefined) return { key, kind: form[1] };
  }
  return undefined;
}
