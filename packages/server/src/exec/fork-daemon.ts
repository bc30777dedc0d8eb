import { fork, type ChildProcess } from "node:child_process";

export interface ForkDaemonOptions {
  /** This program's entry point (the daemon is `<entry> daemon`). */
  readonly entry: string;
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups the daemon keeps (the SSH account's, to share the API socket). */
  readonly groups: readonly number[];
  readonly env: NodeJS.ProcessEnv;
  /** Node flags for the daemon alone, before the ones this process was started with (which win). */
  readonly nodeFlags: readonly string[];
}

/**
 * Starts `hop3-server daemon` as the daemon account with an IPC channel (ADR 31). Through
 * `setpriv`, not fork's own `uid` option, which would drop the supplementary groups: the
 * daemon gets no capability, an empty bounding set and `no_new_privs`.
 */
export function forkDaemon(options: ForkDaemonOptions): ChildProcess {
  const groups = options.groups.length > 0 ? [`--groups=${options.groups.join(",")}`] : ["--clear-groups"];
  return fork(options.entry, ["daemon"], {
    execPath: "/usr/bin/setpriv",
    execArgv: [`--reuid=${options.uid}`, `--regid=${options.gid}`, ...groups, "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", process.execPath, ...options.nodeFlags, ...process.execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: options.env,
    cwd: "/",
  });
}
