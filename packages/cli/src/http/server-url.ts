import { Hop3Error } from "@hop3/contract";

/** Where the server listens: a TCP origin (plus optional path prefix) or a Unix socket. */
export type ServerTarget =
  | { kind: "tcp"; protocol: "http:" | "https:"; hostname: string; port: number | undefined; basePath: string; display: string }
  | { kind: "unix"; socketPath: string; display: string };

const examples = "Use http://HOST:PORT, https://HOST or unix:///path/to/hop3.sock.";

/** Parses HOP3_URL (or the `url` of the config file); `source` names where it came from. */
export function parseServerUrl(url: string, source = "HOP3_URL"): ServerTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url, source);
  }
  if (parsed.protocol === "unix:") {
    // unix:///abs/path has an empty host; unix://relative/path would silently lose "relative".
    if (parsed.host !== "" || !parsed.pathname.startsWith("/")) throw invalid(url, source);
    const socketPath = decodeURIComponent(parsed.pathname);
    return { kind: "unix", socketPath, display: `unix://${socketPath}` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw invalid(url, source);
  const basePath = parsed.pathname.replace(/\/+$/, "");
  return {
    kind: "tcp",
    protocol: parsed.protocol,
    hostname: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port === "" ? undefined : Number(parsed.port),
    basePath,
    // Never show credentials someone may have put in the URL.
    display: `${parsed.protocol}//${parsed.host}${basePath}`,
  };
}

function invalid(url: string, source: string): Hop3Error {
  return new Hop3Error("CLI_NOT_CONFIGURED", `The server URL ${JSON.stringify(url)} from ${source} is not valid.`, { hint: examples });
}
