import type { Serializable, SendHandle } from "node:child_process";
import { forkDaemon } from "../exec/fork-daemon.ts";
import { daemonEnv, daemonNodeFlags } from "./daemon-runtime.ts";
import { createHash } from "node:crypto";
import { accessSync, constants, mkdirSync, chmodSync } from "node:fs";
import type { ServerConfig } from "../config/server-config.ts";
import { StateLayout } from "../config/state-layout.ts";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";
import { sshSettingsOf } from "../keys/setup-ssh.ts";
import { prepareSshState } from "../keys/ssh-state.ts";
import { PrivilegedParent } from "./privileged-parent.ts";
import { parentHost } from "./parent-host.ts";
import { prepareSeparatedStateRoot } from "./separated-state-root.ts";
import { ensureServiceAccount } from "../host/service-account.ts";
import { lookupSshAccount } from "../host/ssh-account.ts";

/**
 * `hop3-server run` started as root (ADR 31): this process stays the small privileged parent
 * and runs the daemon as the daemon account, with an IPC channel only the two of them hold.
 * Signals to stop go on to the daemon; the parent ends with it. Apps and the proxy are
 * detached from both and keep running.
 */
export async function runPrivileged(config: ServerConfig, entry: string): Promise<number> {
  // What apps create in their trees is readable by the daemon's group (their roots are setgid) and nobody else.
  process.umask(0o027);
  const layout = new StateLayout(config.home);
  const daemonAccount = await ensureServiceAccount(config["daemon-user"]);
  const proxy = await ensureServiceAccount(config["proxy-user"]);
  const addons = await ensureServiceAccount(config["addons-user"]);
  await requireReadable(entry, config["daemon-user"], daemonAccount);
  prepareSeparatedStateRoot(layout, daemonAccount, proxy, addons);
  const ssh = lookupSshAccount(config["ssh-user"]);
  const sshAccount = ssh && ssh.home === layout.sshDir ? ssh : null;
  prepareSshState(layout, sshAccount, sshSettingsOf(config), daemonAccount);
  const privateDir = `/run/hop3/${createHash("sha256").update(layout.home).digest("hex").slice(0, 12)}`;
  mkdirSync(privateDir, { recursive: true, mode: 0o700 });
  chmodSync(privateDir, 0o700);

  const daemon = forkDaemon({ entry, uid: daemonAccount.uid, gid: daemonAccount.gid, groups: sshAccount ? [sshAccount.gid] : [], env: daemonEnv({ ...process.env, HOME: layout.home }), nodeFlags: daemonNodeFlags });
  const parent = new PrivilegedParent({
    host: parentHost({ config, daemon: { pid: () => daemon.pid, uid: daemonAccount.uid, gid: daemonAccount.gid }, proxy, addons, privateDir }),
    daemon: {
      send: (message, handle) => {
        // A daemon that is gone (or going) cannot be answered; it is restarted with us.
        if (daemon.connected) daemon.send(message as Serializable, handle as SendHandle | undefined, () => undefined);
      },
    },
  });
  daemon.on("message", (message) => parent.handle(message));
  const forward = (signal: NodeJS.Signals) => () => daemon.kill(signal);
  process.on("SIGTERM", forward("SIGTERM"));
  process.on("SIGINT", forward("SIGINT"));
  return new Promise((resolve) => daemon.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** The daemon runs Hop3's own code: it must be able to read it (not under a home only root can enter). */
async function requireReadable(entry: string, user: string, account: { uid: number; gid: number }): Promise<void> {
  accessSync(entry, constants.R_OK);
  const result = await runCommand({ argv: ["/usr/bin/test", "-r", entry], cwd: "/", env: systemEnv, runAs: account, timeoutMs: 10_000 });
  if (result.exitCode !== 0) {
    throw new Error(`The daemon account ${user} cannot read Hop3's code at ${entry}: install Hop3 where every account can read it (e.g. /opt/hop3), or set HOP3_PRIVILEGE_SEPARATION=false (not recommended).`);
  }
}
