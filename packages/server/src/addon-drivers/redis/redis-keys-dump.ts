import { readFile, writeFile } from "node:fs/promises";
import { Hop3Error } from "@hop3/contract";

/** The first line of a dump: what the file is, so any other file is refused unread. */
const header = { format: "hop3-redis-keys", version: 1 } as const;

/**
 * Every key of a Redis (or those matching ARGV[1]: an external server's addon, ADR 77) with its
 * DUMP payload and remaining time to live, read by one script: Redis runs a script alone, so
 * the keys are one point in time (ADR 50).
 */
export const dumpScript = `local out = {}
for _, key in ipairs(redis.call('KEYS', ARGV[1] or '*')) do
  out[#out + 1] = key
  out[#out + 1] = redis.call('DUMP', key)
  out[#out + 1] = redis.call('PTTL', key)
end
return out`;

/**
 * Loads ARGV (key, ttl ms, payload)…: every payload is first checked by RESTORE into a
 * scratch key (Redis checks its checksum and version), so a bad one changes nothing; then
 * the keys are restored, replacing those of the same name, in the same atomic script. KEYS[1],
 * if given, is the scratch key (an external server's addon keeps to its prefix).
 */
export const loadScript = `local scratch = KEYS[1] or '{hop3-restore-check}'
for i = 1, #ARGV, 3 do
  local checked = redis.pcall('RESTORE', scratch, 0, ARGV[i + 2], 'REPLACE')
  if type(checked) == 'table' and checked.err then return redis.error_reply('the dump of key ' .. ARGV[i] .. ' is not valid: ' .. checked.err) end
  redis.call('DEL', scratch)
end
for i = 1, #ARGV, 3 do
  local ttl = tonumber(ARGV[i + 1])
  if ttl < 0 then ttl = 0 end
  redis.call('RESTORE', ARGV[i], ttl, ARGV[i + 2], 'REPLACE')
end
return #ARGV / 3`;

/** One key as a dump holds it. */
export interface DumpedKey {
  readonly key: Buffer;
  /** Milliseconds left to live; -1: none. */
  readonly ttl: number;
  readonly payload: Buffer;
}

/** The reply of `dumpScript` as keys. */
export function keysOfReply(reply: unknown): DumpedKey[] {
  if (!Array.isArray(reply) || reply.length % 3 !== 0) throw new Error("Redis answered the dump script with something else than key, payload, ttl triples");
  const keys: DumpedKey[] = [];
  for (let i = 0; i < reply.length; i += 3) {
    const [key, payload, ttl] = [reply[i], reply[i + 1], reply[i + 2]];
    // A key that expired between KEYS and DUMP inside the script cannot happen (one point in time); a null payload is skipped all the same.
    if (Buffer.isBuffer(key) && Buffer.isBuffer(payload) && typeof ttl === "number") keys.push({ key, ttl, payload });
  }
  return keys;
}

/** Writes the keys as JSON lines (base64 bytes) after the header line; 0600, the daemon's. */
export async function writeKeysDump(file: string, keys: readonly DumpedKey[]): Promise<void> {
  const lines = [JSON.stringify({ ...header, keys: keys.length }), ...keys.map((k) => JSON.stringify([k.key.toString("base64"), k.ttl, k.payload.toString("base64")]))];
  await writeFile(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}

/** Reads a dump written by `writeKeysDump`; anything else is refused before Redis is touched. */
export async function readKeysDump(file: string, addon: string): Promise<DumpedKey[]> {
  const invalid = (why: string) => new Hop3Error("ADDON_IMPORT_INVALID", `The file is not a Hop3 Redis dump (${why}); nothing was imported into the addon "${addon}".`);
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line !== "");
  let first: unknown;
  try {
    first = JSON.parse(lines[0] ?? "");
  } catch {
    throw invalid("its first line is not its header");
  }
  const head = first as { format?: unknown; version?: unknown; keys?: unknown };
  if (head.format !== header.format || head.version !== header.version || head.keys !== lines.length - 1) throw invalid("its header does not match");
  return lines.slice(1).map((line, index) => {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw invalid(`line ${index + 2} is not JSON`);
    }
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[1] !== "number" || typeof entry[2] !== "string") throw invalid(`line ${index + 2} is not a key`);
    return { key: Buffer.from(entry[0], "base64"), ttl: entry[1], payload: Buffer.from(entry[2], "base64") };
  });
}
