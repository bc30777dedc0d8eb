import { Readable } from "node:stream";
import { tmpdir } from "node:os";
import { runCommand } from "./run-command.ts";
import { systemEnv } from "./system-env.ts";

/** Where RFC 2136 updates go and what signs them (server settings `dns-update-*`). */
export interface DnsUpdateTarget {
  /** `HOST` or `HOST:PORT` (53 by default). */
  readonly server: string;
  readonly zone: string;
  /** TSIG key file, `tsig-keygen` format. */
  readonly keyFile: string;
}

/** One TXT record change; names are absolute (without the final dot) and values plain text. */
export interface TxtChange {
  readonly action: "add" | "delete";
  readonly name: string;
  readonly value: string;
}

/**
 * Sends TXT record changes as one RFC 2136 update with Debian's `nsupdate` (bind9-dnsutils),
 * signed with the TSIG key it reads from the file (`-k`): the secret never appears in an argv.
 * The update script goes on stdin; names and values were checked by the caller (hostnames and
 * base64url tokens), and are quoted anyway. Throws with nsupdate's own words when refused.
 */
export async function sendTxtUpdate(target: DnsUpdateTarget, changes: readonly TxtChange[], timeoutMs = 30_000): Promise<void> {
  const [host, port] = splitServer(target.server);
  const lines = [`server ${host} ${port}`, `zone ${target.zone}`, ...changes.map((change) => `update ${change.action} ${change.name}. 60 IN TXT "${change.value.replace(/["\\]/g, "")}"`), "send", ""];
  const result = await runCommand({ argv: ["nsupdate", "-k", target.keyFile, "-t", String(Math.ceil(timeoutMs / 1000))], cwd: tmpdir(), env: systemEnv, stdin: Readable.from([lines.join("\n")]), timeoutMs });
  if (result.exitCode !== 0) {
    const said = result.tail.join(" ").trim() || (result.timedOut ? "no answer" : `exit ${String(result.exitCode ?? result.signal)}`);
    throw new Error(`the DNS server ${target.server} refused the update of zone ${target.zone}: ${said}`);
  }
}

function splitServer(server: string): [string, string] {
  const match = /^(.*?)(?::(\d+))?$/.exec(server);
  return [match?.[1] ?? server, match?.[2] ?? "53"];
}
