import type { Argv } from "./confine.ts";

/** An account of Hop3's own that a long-running service (the proxy) runs as. */
export interface ServiceAccount {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The argv that runs `argv` as `account`, with no supplementary groups, no way to gain
 * privileges, and no capability at all, except CAP_NET_BIND_SERVICE when it must listen on a
 * port below 1024: kept as an ambient capability so it survives the exec, and the only one
 * left in the bounding set.
 */
export function asServiceAccount(argv: Argv, account: ServiceAccount, options: { bindLowPorts: boolean }): Argv {
  const caps = options.bindLowPorts
    ? ["--bounding-set=-all,+net_bind_service", "--inh-caps=-all,+net_bind_service", "--ambient-caps=-all,+net_bind_service"]
    : ["--bounding-set=-all", "--inh-caps=-all"];
  return ["/usr/bin/setpriv", `--reuid=${account.uid}`, `--regid=${account.gid}`, "--clear-groups", ...caps, "--no-new-privs", "--", ...argv];
}
