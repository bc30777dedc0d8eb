import type { ServerConfig } from "../config/server-config.ts";
import { StateLayout } from "../config/state-layout.ts";
import type { SshSettings } from "../git/ssh-settings.ts";
import { ensureSshAccount, lookupSshAccount, type SshAccount } from "../host/ssh-account.ts";
import { prepareSshState } from "./ssh-state.ts";
import { privilegedParent } from "../exec/privileged-client.ts";

/** What the forced command needs of the frozen server config. */
export function sshSettingsOf(config: ServerConfig): SshSettings {
  const layout = new StateLayout(config.home);
  return {
    home: config.home,
    socket: layout.socket,
    sshUser: config["ssh-user"],
    gitAutoCreate: config["git-auto-create"],
    deployLockWait: config["deploy-lock-wait"],
  };
}

/** `hop3-server setup`'s SSH part: the account (as root) and its state. Returns a line for people. */
export async function setupSsh(config: ServerConfig, daemon?: { uid: number; gid: number }): Promise<{ user: string; account: SshAccount | null; message: string }> {
  const layout = new StateLayout(config.home);
  const user = config["ssh-user"];
  if (process.getuid?.() !== 0) {
    prepareSshState(layout, null, sshSettingsOf(config), daemon);
    return { user, account: null, message: `Not running as root: the SSH account "${user}" was not created; git push over SSH needs \`hop3-server setup\` as root.` };
  }
  const existing = lookupSshAccount(user);
  if (existing && existing.home !== layout.sshDir) {
    prepareSshState(layout, null, sshSettingsOf(config), daemon);
    return {
      user,
      account: null,
      message:
        `warning: The account "${user}" already exists with the home ${existing.home}, not ${layout.sshDir}. Hop3 does not take over an account ` +
        `it did not make (it would rewrite its authorized_keys), so git push over SSH is off. Set HOP3_SSH_USER to another name, or remove that account, and run setup again.`,
    };
  }
  const { account, created } = await ensureSshAccount(user, layout.sshDir);
  prepareSshState(layout, account, sshSettingsOf(config), daemon);
  return {
    user,
    account,
    message: `SSH account "${user}" ${created ? "created" : "is ready"}: add keys with \`hop3 keys:add NAME ~/.ssh/id_ed25519.pub\`, then \`git push ${user}@<server>:<app> main\`.`,
  };
}

/** The account the server works with: when it runs as root, and the account is the one setup made (its home is `<home>/ssh`). */
export function currentSshAccount(config: ServerConfig): SshAccount | null {
  // The separated daemon is not root but works with the account through its parent (ADR 31).
  if (process.getuid?.() !== 0 && privilegedParent() === undefined) return null;
  const account = lookupSshAccount(config["ssh-user"]);
  return account && account.home === new StateLayout(config.home).sshDir ? account : null;
}
