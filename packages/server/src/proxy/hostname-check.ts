import type { HostCheck } from "@hop3/contract";

// Not ES imports (the daemon's footprint, ADR 30): loaded when a check first runs.
const dnsModule = () => process.getBuiltinModule("node:dns");
const httpModule = () => process.getBuiltinModule("node:http");

/** The challenge path the proxy answers with `token` on `http-port` (proxy/caddy/render.ts): Caddy's own ACME tokens never look like it. */
export const checkPath = "/.well-known/acme-challenge/hop3-reachability-check";

export interface HostnameCheckOptions {
  /** The DNS server to ask (`IP[:PORT]`, server setting `dns-server`); "" for the system's resolver. */
  readonly dnsServer: string;
  /** The port the CA's HTTP challenge comes to (`http-port`). */
  readonly httpPort: number;
  /** What this server's proxy answers at `checkPath`: another server answers something else. */
  readonly token: string;
  /** Per DNS question and per HTTP request; 3 s by default. */
  readonly timeoutMs?: number;
}

/**
 * What the CA will find for a hostname, seen from this server: its A/AAAA records, then a GET
 * of the challenge path at each address (4 at most) on the HTTP port with the hostname as Host.
 * This server's proxy answers with its token, so an address answering anything else is not
 * this server (a NAT that does not loop back looks the same: the check says what it saw).
 */
export async function checkHostname(host: string, options: HostnameCheckOptions): Promise<HostCheck> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const resolver = options.dnsServer === "" ? "system" : options.dnsServer;
  const resolved = await resolve(host, options.dnsServer, timeoutMs);
  if ("error" in resolved) return { host, outcome: "unresolved", addresses: [], resolver, address: null, error: resolved.error };
  const { addresses } = resolved;
  let last: { address: string; error: string; answered: boolean } | null = null;
  for (const address of addresses.slice(0, 4)) {
    const answer = await probe(host, address, options.httpPort, timeoutMs);
    if (answer.status === 200 && answer.body.trim() === options.token) return { host, outcome: "ok", addresses, resolver, address, error: null };
    // An address that answered says more than one that did not: keep it.
    if (last === null || !last.answered || answer.status !== 0) last = { address, error: answer.status === 0 ? answer.error : `HTTP ${answer.status}`, answered: answer.status !== 0 };
  }
  return { host, outcome: last?.answered === true ? "elsewhere" : "unreachable", addresses, resolver, address: last?.address ?? null, error: last?.error ?? null };
}

async function resolve(host: string, server: string, timeoutMs: number): Promise<{ addresses: string[] } | { error: string }> {
  const dns = dnsModule();
  if (server === "") {
    const found = await dns.promises.lookup(host, { all: true }).catch((error: NodeJS.ErrnoException) => ({ error: error.code ?? error.message }));
    if ("error" in found) return found;
    return found.length === 0 ? { error: "ENODATA" } : { addresses: found.map((entry) => entry.address) };
  }
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 2 });
  resolver.setServers([server]);
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const addresses = [...(v4.status === "fulfilled" ? v4.value : []), ...(v6.status === "fulfilled" ? v6.value : [])];
  if (addresses.length > 0) return { addresses };
  const reason = v4.status === "rejected" ? (v4.reason as NodeJS.ErrnoException) : null;
  return { error: reason?.code ?? "ENODATA" };
}

function probe(host: string, address: string, port: number, timeoutMs: number): Promise<{ status: number; body: string; error: string }> {
  return new Promise((done) => {
    const request = httpModule().request({ host: address, port, path: checkPath, headers: { host }, agent: false, timeout: timeoutMs }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        // The token is 32 characters: a page of someone else's server is not read whole.
        if (body.length < 256) body += chunk;
      });
      response.on("end", () => done({ status: response.statusCode ?? 0, body, error: "" }));
      response.on("error", (error: NodeJS.ErrnoException) => done({ status: 0, body: "", error: error.code ?? error.message }));
    });
    request.on("timeout", () => request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    request.on("error", (error: NodeJS.ErrnoException) => done({ status: 0, body: "", error: error.code ?? error.message }));
    request.end();
  });
}
