import { closeSync, constants, fstatSync, openSync } from "node:fs";
import { join, sep } from "node:path";
import type { ServerConfig } from "../config/server-config.ts";
import { StateLayout } from "../config/state-layout.ts";
import type { Argv } from "../exec/confine.ts";
import { asServiceAccount, type ServiceAccount } from "../exec/as-service-account.ts";
import { spawnHere } from "../exec/spawn-as.ts";
import { systemEnv } from "../exec/system-env.ts";
import { ranOutOfMemory, releaseGroup, killGroup } from "../exec/confine.ts";
import type { CallRequest, SpawnRequest } from "../exec/privileged-protocol.ts";
import { RefusedRequest } from "../exec/privileged-protocol.ts";
import { processGroupOwners, type ParentHost, type TargetKind } from "./privileged-parent.ts";
import { parentOperations } from "./parent-operations.ts";
import { accountOf } from "../host/passwd.ts";
import { engineSecretEnv, isEngineProgram } from "../addon-drivers/engine-binaries.ts";

/** The tools Hop3 runs as the SSH account: changes to the apps' repositories (host/app-tree.ts). */
const sshTools = new Set(["rm", "mkdir", "find", "mv", "ln", "tar"]);

export interface ParentHostOptions {
  readonly config: ServerConfig;
  readonly daemon: { readonly pid: () => number | undefined; readonly uid: number; readonly gid: number };
  readonly proxy: ServiceAccount;
  /** The addon engines' account (ADR 42). */
  readonly addons: ServiceAccount;
  /** Root's own directory for what the parent keeps (the firewall's rollback scripts). */
  readonly privateDir: string;
}

/**
 * The real host behind the privileged parent (ADR 31): spawns the sandbox chain, signals,
 * checks accounts against /etc/passwd, reopens the daemon's log descriptors, and runs the
 * named operations of parent-operations.ts.
 */
export function parentHost(options: ParentHostOptions): ParentHost {
  const { config, daemon, proxy, addons } = options;
  const layout = new StateLayout(config.home);
  const appsPrefix = `${layout.appsDir}${sep}`;
  const operations = parentOperations({ config, layout, daemon, privateDir: options.privateDir });
  return {
    targetOf(uid, gid) {
      if (uid === 0 || gid === 0) return null;
      const entry = accountOf(uid);
      if (entry === null || (gid !== undefined && entry.gid !== gid)) return null;
      if (entry.name.startsWith("h3-") && entry.home.startsWith(appsPrefix)) return "app";
      if (entry.name === config["ssh-user"] && entry.home === layout.sshDir) return "ssh";
      if (entry.name === config["proxy-user"] && entry.uid === proxy.uid) return "proxy";
      if (entry.name === config["addons-user"] && entry.uid === addons.uid) return "addons";
      return null;
    },
    allowsCommand(kind, request) {
      if (kind === "app") return true;
      if (kind === "ssh") return sshTools.has(request.argv[0] ?? "") && request.runFirst.length === 0 && request.runAs.confinement === undefined;
      // The engine account runs the engines' programs only, by absolute path (ADR 42).
      if (kind === "addons") return isEngineProgram(request.argv[0] ?? "") && request.runFirst.length === 0 && request.runAs.confinement === undefined;
      // The proxy runs Caddy as the parent's own config names it, reading its config on stdin.
      return request.argv.join("\0") === [caddyBinary(), "run", "--config", "-"].join("\0") && request.runFirst.length === 0 && request.stdio[0] === "pipe" && request.runAs.confinement === undefined;
    },
    spawn(request, stdio, kind) {
      // Caddy serves HTTPS too unless tls = "off": either port may be a privileged one.
      const bindLowPorts = Math.min(config["http-port"], config.tls === "off" ? 65535 : config["https-port"]) < 1024;
      if (kind === "proxy") return spawnProxy(request, stdio, proxy, { bindLowPorts, home: join(layout.proxyDir, "caddy") });
      if (kind === "addons") return spawnEngine(request, stdio, addons);
      // The SSH account's tools are found through Hop3's own PATH, not one the daemon names.
      const env = kind === "ssh" ? systemEnv : request.env;
      const spawned = spawnHere({ argv: request.argv as unknown as Argv, cwd: request.cwd, env, runAs: request.runAs as never, runFirst: request.runFirst, stdio });
      return {
        child: spawned.child,
        finish: () => {
          const outOfMemory = ranOutOfMemory(spawned.group);
          releaseGroup(spawned.group);
          return outOfMemory;
        },
        killGroup: () => killGroup(spawned.group),
      };
    },
    openDaemonFd(fd) {
      const pid = daemon.pid();
      if (pid === undefined) throw new RefusedRequest("the daemon is not running");
      // Reopened with root's rights: only a regular file the daemon owns (a log) may be handed on;
      // never blocking (a FIFO the daemon handed over would wait for a reader).
      const opened = openSync(`/proc/${pid}/fd/${fd}`, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY | constants.O_NONBLOCK);
      const stat = fstatSync(opened);
      if (!stat.isFile() || stat.uid !== daemon.uid) {
        closeSync(opened);
        throw new RefusedRequest(`descriptor ${fd} of the daemon is not a file of its own`);
      }
      return opened;
    },
    closeFd: (fd) => closeSync(fd),
    groupOwners: processGroupOwners,
    signal(pid, signal) {
      try {
        process.kill(-pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    },
    call: (request: CallRequest) => operations.run(request),
  };

  function caddyBinary(): string {
    return "caddy";
  }
}

/**
 * Caddy as the proxy account with no capability but, for ports below 1024,
 * CAP_NET_BIND_SERVICE (ADR 26), and a umask that lets the daemon's group use its admin socket.
 */
function spawnProxy(request: SpawnRequest, stdio: readonly ("ignore" | "pipe" | number)[], account: ServiceAccount, options: { bindLowPorts: boolean; home: string }) {
  // setpriv runs as root before it drops: its environment and directory are the parent's own,
  // never the daemon's (an LD_PRELOAD there would run as root). Caddy writes under its home.
  const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: options.home, XDG_DATA_HOME: join(options.home, "data"), XDG_CONFIG_HOME: join(options.home, "config") };
  const previous = process.umask(0o007);
  try {
    const spawned = spawnHere({ argv: asServiceAccount(request.argv as unknown as Argv, account, { bindLowPorts: options.bindLowPorts }), cwd: "/", env, runAs: undefined, stdio });
    return { child: spawned.child, finish: () => false, killGroup: () => undefined };
  } finally {
    process.umask(previous);
  }
}

/**
 * An engine program as the engines' account: no capability, no new privileges, a fixed
 * environment (never the daemon's) but for versitygw's root key, checked by shape (ADR 51).
 */
function spawnEngine(request: SpawnRequest, stdio: readonly ("ignore" | "pipe" | number)[], account: ServiceAccount) {
  const env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", LC_ALL: "C.UTF-8", ...engineSecretEnv(request.argv, request.env) };
  const spawned = spawnHere({ argv: asServiceAccount(request.argv as unknown as Argv, account, { bindLowPorts: false }), cwd: "/", env, runAs: undefined, stdio });
  return { child: spawned.child, finish: () => false, killGroup: () => undefined };
}

export type { TargetKind };
