import { chmodSync, chownSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { StateLayout } from "../config/state-layout.ts";
import type { SshSettings } from "../git/ssh-settings.ts";
import type { SshAccount } from "../host/ssh-account.ts";
import { writeFileAtomically } from "./write-file-atomically.ts";

/** Where sshd reads the keys of the account (its home is always `<home>/ssh`). */
export function authorizedKeysFile(layout: StateLayout): string {
  return join(layout.sshDir, ".ssh", "authorized_keys");
}

/**
 * Creates the SSH account's state with the modes sshd's StrictModes and the account need. The
 * server writes `authorized_keys` and the keys' tokens, so their directories are root's: its
 * home `<home>/ssh` (0755), `.ssh/` and `ssh/keys/` (0711: the account opens the files it owns
 * there, lists nothing, and can neither replace nor add a name in them). The files themselves
 * (0600) belong to the account. `git/` (bare repositories, written by `git push`) belongs to the
 * account, 0700; the server changes it only as the account. Then writes the settings file (0644).
 * With `account` null (the server is not root) everything stays the server's own.
 */
export function prepareSshState(layout: StateLayout, account: SshAccount | null, settings: SshSettings, daemon?: { uid: number; gid: number }): void {
  const owner = account ? { uid: account.uid, gid: account.gid } : undefined;
  const self = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const dir = (path: string, mode: number, by: { uid: number; gid: number }) => {
    // Anything but a directory at that name (it can only be a leftover) is replaced.
    const found = lstatSync(path, { throwIfNoEntry: false });
    if (found && !found.isDirectory()) unlinkSync(path);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    chownSync(path, by.uid, by.gid);
    chmodSync(path, mode);
  };
  dir(layout.sshDir, 0o755, self);
  dir(join(layout.sshDir, ".ssh"), 0o711, self);
  if (daemon && account) giveKeysToDaemon(layout, account, daemon);
  else dir(layout.sshKeysDir, 0o711, self);
  // Separated, the daemon (in the account's group) may look up a repository by name, not list them (ADR 31).
  // Without an SSH account nobody pushes: the repositories are the daemon's own when it is separated.
  dir(layout.gitDir, daemon && account ? 0o710 : 0o700, owner ?? daemon ?? self);
  const keysFile = authorizedKeysFile(layout);
  if (!existsSync(keysFile)) writeFileAtomically(keysFile, "", { mode: 0o600, owner });
  writeFileAtomically(layout.sshSettings, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o644 });
  writeFileAtomically(join(layout.sshDir, "README"), readme, { mode: 0o644 });
}

const readme = `This is the home of Hop3's SSH account. sshd lets it in with the keys in
.ssh/authorized_keys only; every key runs \`hop3-server ssh-command\` (git push, Hop3 commands).
Manage keys with \`hop3 keys:add\`, \`hop3 keys:list\` and \`hop3 keys:remove\`; this directory is
rewritten by Hop3.
`;

/**
 * Lets the SSH account connect to the API socket (group = the account's, mode 0660): the
 * forced command reaches the daemon only there, and only with its key's token.
 */
export function shareSocket(socket: string, account: SshAccount | null): void {
  if (!account) return;
  chownSync(socket, process.getuid?.() ?? 0, account.gid);
  chmodSync(socket, 0o660);
}

/**
 * With the daemon separated (ADR 31), the keys' tokens are the daemon's to write: `ssh/keys/`
 * becomes the daemon's, its group the SSH account's with the setgid bit (2710: the account
 * opens the files it is given, lists nothing), each token 0640. Tokens written by root before
 * are handed over while the directory is still root's.
 */
function giveKeysToDaemon(layout: StateLayout, account: SshAccount, daemon: { uid: number; gid: number }): void {
  const keys = layout.sshKeysDir;
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  const before = lstatSync(keys);
  if (!before.isDirectory()) throw new Error(`${keys} must be a directory`);
  if (before.uid === 0) {
    for (const name of readdirSync(keys)) {
      const path = join(keys, name);
      lchownSync(path, daemon.uid, account.gid);
      if (lstatSync(path).isFile()) chmodSync(path, 0o640);
    }
  }
  lchownSync(keys, daemon.uid, account.gid);
  chmodSync(keys, 0o2710);
}
