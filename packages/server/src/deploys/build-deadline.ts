import { formatDuration, Hop3Error, type DeployEvent } from "@hop3/contract";

/** The server's build time limit and the setting that holds it, for messages. */
export interface BuildTimeout {
  readonly ms: number;
  /** e.g. `build-timeout (HOP3_BUILD_TIMEOUT)`. */
  readonly setting: string;
}

/** The time limit a build runs under, and where it was set. */
export interface BuildTimeLimit {
  readonly ms: number;
  /** In words, for the error: `server setting build-timeout (HOP3_BUILD_TIMEOUT)` or `hop3.toml [build] timeout`. */
  readonly source: string;
  readonly fromApp: boolean;
  /** Set when the app asked for more than the server allows. */
  readonly capped: Extract<DeployEvent, { type: "build-timeout-capped" }> | null;
}

/**
 * The server's limit, or the app's `[build] timeout` when it is lower. An app cannot raise
 * it: whoever can push must not hold the app's lock and a build slot longer than the
 * server's operator allows (ADR 23). A higher value is a warning, not an error, so the same
 * hop3.toml deploys on servers with different limits.
 */
export function buildTimeLimit(server: BuildTimeout, appMs: number | null): BuildTimeLimit {
  const serverLimit = { ms: server.ms, source: `server setting ${server.setting}`, fromApp: false };
  if (appMs === null) return { ...serverLimit, capped: null };
  if (appMs <= server.ms) return { ms: appMs, source: "hop3.toml [build] timeout", fromApp: true, capped: null };
  return { ...serverLimit, capped: { type: "build-timeout-capped", askedMs: appMs, serverMs: server.ms, setting: server.setting } };
}

/** A running deadline: its signal aborts with BUILD_TIMED_OUT when the limit is reached. */
export interface BuildDeadline {
  readonly signal: AbortSignal;
  /** Stops the clock (the build ended). */
  clear(): void;
}

/** Starts the clock of one build; `parent` (a cancellation from elsewhere) aborts it too. */
export function startDeadline(app: string, limit: BuildTimeLimit, parent?: AbortSignal): BuildDeadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timedOut(app, limit)), limit.ms);
  const signal = parent ? AbortSignal.any([controller.signal, parent]) : controller.signal;
  return { signal, clear: () => clearTimeout(timer) };
}

/** The error of a build stopped at its time limit: the limit, where it is set, what to do. */
export function timedOut(app: string, limit: BuildTimeLimit): Hop3Error {
  const hint = limit.fromApp
    ? "Make the build faster, or raise [build] timeout in hop3.toml (up to the server's build-timeout). The previous release keeps serving."
    : undefined;
  return new Hop3Error("BUILD_TIMED_OUT", `The build of ${app} did not finish within ${formatDuration(limit.ms)} (${limit.source}); it was stopped with every process it started.`, { hint });
}

/** `90s`, `30m`, `1.5h`: as a duration is written in hop3.toml (the renderer's words). */
export { formatDuration };
