import { chmodSync, chownSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import type { ServerConfig } from "../config/server-config.ts";
import type { StateLayout } from "../config/state-layout.ts";
import { renderAuthorizedKeys } from "../keys/authorized-keys.ts";
import { randomBytes } from "node:crypto";
import { serverProgram } from "../git/ssh-settings.ts";
import { RefusedRequest, type CallArgs, type CallName, type CallRequest } from "../exec/privileged-protocol.ts";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";
import { UnixAppIdentities } from "../host/unix-app-identities.ts";
import { accountNamed, accountOf } from "../host/passwd.ts";
import { lookupSshAccount } from "../host/ssh-account.ts";
import { nftAvailable, runNftScript, tableName } from "../host/nft-script.ts";
import { renderGuardScript } from "../host/nft-guard-script.ts";
import { renderForwardScript } from "../host/nft-forward-script.ts";
import { NftHostFirewall } from "../host/nft-host-firewall.ts";
import { probeSandbox } from "../host/sandbox-probe.ts";
import { countOpenFiles } from "../host/open-files.ts";

export interface ParentOperationsOptions {
  readonly config: ServerConfig;
  readonly layout: StateLayout;
  readonly daemon: { readonly uid: number; readonly gid: number };
  /** Root's own directory for the firewall's rollback scripts (not in the daemon's state root). */
  readonly privateDir: string;
}

type Handlers = { [Name in CallName]: (args: CallArgs<Name>) => Promise<unknown> | unknown };

/**
 * The named operations of the privileged parent (ADR 31), each with arguments already checked
 * against its schema. Every path is built here from names; whatever lies in a directory the
 * daemon or an app can write is opened without following links or changed as its owner.
 */
export function parentOperations(options: ParentOperationsOptions): { run(request: CallRequest): Promise<unknown> } {
  const { config, layout, daemon } = options;
  const accounts = new UnixAppIdentities();
  const firewall = new NftHostFirewall({ home: layout.home, runDir: options.privateDir, available: true });
  /** An existing account of that name must be an app's of this state root (not an account that happens to match). */
  const appAccount = (user: string) => {
    const found = accountNamed(user);
    if (found !== null && !found.home.startsWith(`${layout.appsDir}/`)) throw new RefusedRequest(`${user} is not an app account of ${layout.home}`);
    return found;
  };
  const handlers: Handlers = {
    async "account.ensure"({ user, app }) {
      appAccount(user);
      return (await accounts.ensure(user, layout.appRoot(app))).runAs;
    },
    async "account.remove"({ user }) {
      if (appAccount(user) !== null) await accounts.remove(user);
    },
    "tree.create": ({ app, uid }) => createAppRoot(layout, app, uid, daemon.gid),
    "tree.remove": ({ app }) => removeAppRoot(layout, app),
    "sandbox.probe": () => probeSandbox(),
    "nft.available": () => nftAvailable(),
    "nft.guard": (rules) => runNftScript(renderGuardScript(tableName("hop3g", layout.home), rules)),
    "nft.forward": ({ forwards }) => runNftScript(renderForwardScript(tableName("hop3", layout.home), new Map(forwards))),
    "firewall.apply": ({ rules }) => firewall.apply(rules),
    "firewall.applyWithRollback": ({ rules, fallback, seconds }) => firewall.applyWithRollback(rules, fallback, seconds),
    "firewall.confirm": ({ rollback }) => firewall.confirm(rollback),
    "firewall.sshPorts": () => firewall.sshPorts(),
    "proc.openFiles": ({ pids }) => {
      // Per call: an account made since the last one is found; each uid is looked up once.
      const isApp = new Map<number, boolean>();
      const counts = (uid: number) => {
        if (!isApp.has(uid)) {
          const entry = uid === 0 ? null : accountOf(uid);
          isApp.set(uid, entry !== null && entry.name.startsWith("h3-") && entry.home.startsWith(`${layout.appsDir}/`));
        }
        return isApp.get(uid) === true;
      };
      return pids.map((pid) => countOpenFiles(pid, counts));
    },
    "ssh.authorizedKeys"({ keys }) {
      const account = lookupSshAccount(config["ssh-user"]);
      if (account === null || account.home !== layout.sshDir) throw new RefusedRequest(`the SSH account ${config["ssh-user"]} is not set up`);
      const text = renderAuthorizedKeys(keys, { program: serverProgram, home: layout.home });
      writeAuthorizedKeys(layout, text, account);
    },
  };
  return {
    run: async (request) => (handlers[request.name] as (args: unknown) => unknown)(request.args),
  };
}

/**
 * Opens root's `apps/` without following a link: the daemon owns the state root and could
 * have put one there. Everything below is reached through this descriptor (`/proc/self/fd`),
 * so no name the daemon swaps later changes where root acts.
 */
function openAppsDir(layout: StateLayout): number {
  const fd = openSync(layout.appsDir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  const stat = fstatSync(fd);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    closeSync(fd);
    throw new RefusedRequest(`${layout.appsDir} is not root's own directory`);
  }
  return fd;
}

/**
 * An app's root: made fresh by root in root's `apps/`, owned by the app, its group the
 * daemon's with the setgid bit (what the app makes below is readable by the daemon and no
 * other account), 2750.
 */
function createAppRoot(layout: StateLayout, app: string, uid: number, daemonGid: number): void {
  const owner = accountOf(uid);
  if (owner === null || !owner.name.startsWith("h3-") || !owner.home.startsWith(`${layout.appsDir}/`)) throw new RefusedRequest(`uid ${uid} is not an app account`);
  const apps = openAppsDir(layout);
  try {
    const path = `/proc/self/fd/${apps}/${app}`;
    mkdirSync(path, { mode: 0o700 });
    chownSync(path, uid, daemonGid);
    chmodSync(path, 0o2750);
  } finally {
    closeSync(apps);
  }
}

/**
 * Removes what is at `apps/<app>`: a file or link is unlinked; a directory is emptied as its
 * owner (an app account: the links it planted reach only what it can reach), then removed.
 */
async function removeAppRoot(layout: StateLayout, app: string): Promise<void> {
  const apps = openAppsDir(layout);
  try {
    const path = `/proc/self/fd/${apps}/${app}`;
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (!stat.isDirectory()) return unlinkSync(path);
    // Only the parent makes directories in root's apps/, each for an app's account: its owner
    // is an app's, possibly removed already (destroy removes the account first). As that uid,
    // find deletes only what the app could delete itself.
    if (stat.uid !== 0) {
      const result = await runCommand({ argv: ["find", "-P", layout.appRoot(app), "-mindepth", "1", "-delete"], cwd: "/", env: systemEnv, runAs: { uid: stat.uid, gid: stat.gid }, timeoutMs: 30 * 60 * 1000 });
      if (result.exitCode !== 0) throw new Error(`Could not empty ${layout.appRoot(app)} as its owner: ${result.tail.join(" ").slice(0, 300)}`);
    }
    rmdirSync(path);
  } finally {
    closeSync(apps);
  }
}

/** Opens a directory of root's without following a link, through `parent` (a descriptor path) when given. */
function openRootDir(path: string, shown: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  const stat = fstatSync(fd);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    closeSync(fd);
    throw new RefusedRequest(`${shown} is not root's own directory`);
  }
  return fd;
}

/**
 * Rewrites the SSH account's authorized_keys. `ssh/` lies in the daemon's state root, which
 * the daemon could rename and replace with a link (to /root, say): each directory is opened
 * without following links and must be root's, and the file is written and renamed through
 * the last descriptor, so no name swapped meanwhile changes where root writes.
 */
export function writeAuthorizedKeys(layout: StateLayout, text: string, account: { uid: number; gid: number }): void {
  const ssh = openRootDir(layout.sshDir, layout.sshDir);
  try {
    const dotSsh = openRootDir(`/proc/self/fd/${ssh}/.ssh`, `${layout.sshDir}/.ssh`);
    try {
      const dir = `/proc/self/fd/${dotSsh}`;
      const temporary = `${dir}/.hop3-${randomBytes(12).toString("hex")}.tmp`;
      const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, text);
        fchownSync(fd, account.uid, account.gid);
        fchmodSync(fd, 0o600);
        fsyncSync(fd);
      } catch (error) {
        closeSync(fd);
        unlinkSync(temporary);
        throw error;
      }
      closeSync(fd);
      renameSync(temporary, `${dir}/authorized_keys`);
    } finally {
      closeSync(dotSsh);
    }
  } finally {
    closeSync(ssh);
  }
}
