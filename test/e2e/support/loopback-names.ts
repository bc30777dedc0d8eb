/**
 * Preloaded into a CLI a test starts (`NODE_OPTIONS=--import <this file>`): the hostnames in
 * HOP3_TEST_LOOPBACK_NAMES (comma-separated) resolve to 127.0.0.1, as an /etc/hosts line would,
 * without changing the machine's. Everything else resolves as usual.
 */
import dns, { type LookupOptions } from "node:dns";

const names = new Set((process.env.HOP3_TEST_LOOPBACK_NAMES ?? "").split(",").filter((name) => name !== ""));
const resolve = dns.lookup.bind(dns) as (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => void;

function lookup(hostname: string, options: LookupOptions | number | ((...args: unknown[]) => void), callback?: (...args: unknown[]) => void): void {
  const done = typeof options === "function" ? options : (callback as (...args: unknown[]) => void);
  const given: LookupOptions = typeof options === "function" ? {} : typeof options === "number" ? { family: options } : options;
  if (!names.has(hostname)) return resolve(hostname, given, done);
  if (given.all === true) done(null, [{ address: "127.0.0.1", family: 4 }]);
  else done(null, "127.0.0.1", 4);
}

Object.assign(dns, { lookup });
