import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StateLayout } from "../config/state-layout.ts";
import type { SshSettings } from "../git/ssh-settings.ts";
import type { SshAccount } from "../host/ssh-account.ts";
import { writeFileAtomically } from "./authorized-keys.ts";

/** Where sshd reads the keys of the account (its home is always `<home>/ssh`). */
export function authorizedKeysFile(layout: StateLayout): string {
  return join(layout.sshDir, ".ssh", "authorized_keys");
}

/**
 * Creates the SSH account's state with the modes sshd's StrictModes and the account need:
 * its home `<home>/ssh` owned by root (0755) with `.ssh/` (0700) and `authorized_keys`
 * (0600) owned by the account; `ssh/keys/` (the keys' tokens) and `git/` (bare
 * repositories) owned by the account, 0700. Then writes the settings file (root, 0644).
 * With `account` null (the server is not root) everything stays the server's own.
 */
export function prepareSshState(layout: StateLayout, account: SshAccount | null, settings: SshSettings): void {
  const owner = account ? { uid: account.uid, gid: account.gid } : undefined;
  const dir = (path: string, mode: number, owned: boolean) => {
    mkdirSync(path, { recursive: true });
    chmodSync(path, mode);
    if (owner && owned) chownSync(path, owner.uid, owner.gid);
  };
  dir(layout.sshDir, 0o755, false);
  if (process.getuid?.() === 0) chownSync(layout.sshDir, 0, 0);
  dir(join(layout.sshDir, ".ssh"), 0o700, true);
  dir(layout.sshKeysDir, 0o700, true);
  dir(layout.gitDir, 0o700, true);
  const keysFile = authorizedKeysFile(layout);
  if (!existsSync(keysFile)) writeFileAtomically(keysFile, "", { mode: 0o600, owner });
  writeFileAtomically(layout.sshSettings, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o644 });
  writeFileSync(join(layout.sshDir, "README"), readme);
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
