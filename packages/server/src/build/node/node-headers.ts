/**
 * Asks the Node on the build's PATH for its version and where its C headers are: node-gyp
 * otherwise downloads them from nodejs.org for every native module (bcrypt, better-sqlite3),
 * which fails on a server that reaches only the npm registry. Debian's and NodeSource's
 * packages, and Node's own tarballs, install them under `<prefix>/include/node`.
 */
export const nodeProbeArgv = [
  "node",
  "-e",
  'const p = require("path"), f = require("fs"); const d = p.dirname(p.dirname(process.execPath)); console.log(process.version); console.log(f.existsSync(p.join(d, "include", "node", "common.gypi")) ? d : "")',
] as const;

export interface NodeProbe {
  /** `v20.11.1`. */
  readonly version: string;
  /** The prefix to give node-gyp as `nodedir` (its headers are in `include/node`), or null when this Node has none. */
  readonly headersDir: string | null;
}

/** Reads the probe's two lines. */
export function parseNodeProbe(lines: readonly string[]): NodeProbe {
  const [version = "(unknown version)", headersDir = ""] = lines;
  return { version, headersDir: headersDir.startsWith("/") ? headersDir : null };
}
