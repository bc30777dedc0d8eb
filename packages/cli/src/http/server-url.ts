import { Hop3Error } from "@hop3/contract";

/** Where the server listens: a TCP origin (plus optional path prefix), a Unix socket, or an SSH account. */
export type ServerTarget =
  | { kind: "tcp"; protocol: "http:" | "https:"; hostname: string; port: number | undefined; basePath: string; display: string }
  | { kind: "unix"; socketPath: string; display: string }
  | SshTarget;

/** `ssh://user@host[:port]`: commands run on the server through the system's `ssh`. */
export interface SshTarget {
  kind: "ssh";
  user: string;
  host: string;
  port: number | undefined;
  display: string;
}

const examples = "Use http://HOST:PORT, https://HOST, unix:///path/to/hop3.sock or ssh://hop3@HOST.";

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
  if (parsed.protocol === "ssh:") {
    const user = decodeURIComponent(parsed.username);
    const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
    // Both become ssh arguments: neither may look like an option or hide anything.
    const valid = /^[a-z_][a-z0-9_.-]{0,31}$/i.test(user) && /^[A-Za-z0-9][A-Za-z0-9.:-]*$/.test(host) && parsed.password === "";
    if (!valid || (parsed.pathname !== "" && parsed.pathname !== "/") || parsed.search !== "" || parsed.hash !== "") throw invalid(url, source);
    const port = parsed.port === "" ? undefined : Number(parsed.port);
    return { kind: "ssh", user, host, port, display: `ssh://${user}@${parsed.host}` };
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
