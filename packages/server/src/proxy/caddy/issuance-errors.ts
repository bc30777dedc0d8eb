import { open } from "node:fs/promises";

/** The last failed attempt to obtain a hostname's certificate, as Caddy logged it. */
export interface IssuanceError {
  readonly host: string;
  /** Seconds since the epoch (Caddy's `ts`). */
  readonly at: number;
  /** The CA's problem detail when Caddy logged one, else Caddy's error text. */
  readonly reason: string;
}

// The end of the log is enough: Caddy retries with backoff, so a failing name is logged again.
const tailBytes = 512 * 1024;

/**
 * The last issuance failure of each of `hosts` in Caddy's log (ADR 65). Caddy 2.6 has no API
 * for it; its JSON log (level ERROR and above, ADR 41) has, per failed attempt, `challenge
 * failed` with the ACME problem (`problem.detail`: what the CA found) and `could not get
 * certificate from issuer` with the whole error; both name the hostname in `identifier`. A
 * success is logged at INFO, so not at all: the caller trusts the served certificate first.
 */
export async function readIssuanceErrors(logFile: string, hosts: readonly string[]): Promise<Map<string, IssuanceError>> {
  const wanted = new Set(hosts);
  const found = new Map<string, ReturnType<typeof parse> & object>();
  for (const line of (await tail(logFile)).split("\n")) {
    const entry = parse(line);
    if (entry === null || !wanted.has(entry.host)) continue;
    const before = found.get(entry.host);
    // Within one attempt (lines seconds apart) the CA's problem detail is the better reason than the summary line.
    const sameAttempt = before !== undefined && entry.at - before.at < 5;
    if (!sameAttempt || entry.problem || !before.problem) found.set(entry.host, entry);
  }
  return new Map([...found].map(([host, { at, reason }]) => [host, { host, at, reason }]));
}

function parse(line: string): { host: string; at: number; reason: string; problem: boolean } | null {
  if (!line.startsWith("{") || !line.includes("identifier")) return null;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { msg, identifier, ts } = entry;
  if (typeof identifier !== "string" || typeof ts !== "number") return null;
  const problem = entry.problem as { detail?: unknown; type?: unknown } | undefined;
  if (msg === "challenge failed" && typeof problem?.detail === "string") return { host: identifier, at: ts, reason: `CA: ${problem.detail}`, problem: true };
  if (msg === "could not get certificate from issuer" && typeof entry.error === "string") return { host: identifier, at: ts, reason: entry.error, problem: false };
  return null;
}

async function tail(file: string): Promise<string> {
  const handle = await open(file, "r").catch(() => null);
  if (handle === null) return "";
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - tailBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}
