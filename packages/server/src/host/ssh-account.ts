import { readFileSync } from "node:fs";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";

/** The Unix account `git push` and SSH commands log in as. */
export interface SshAccount {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}


/** The account as /etc/passwd describes it, or null when there is none. */
export function lookupSshAccount(user: string): SshAccount | null {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const fields = line.split(":");
    if (fields[0] === user && fields.length >= 7) {
      return { user, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5] ?? "", shell: fields[6] ?? "" };
    }
  }
  return null;
}

/**
 * Creates the SSH account with the system's `useradd` when it does not exist. Its shell is
 * /bin/sh because sshd runs forced commands through the login shell (nologin would refuse
 * them); every authorized key is forced, so that shell only ever runs `hop3-server
 * ssh-command`. The password field is `*`: no password can match it, yet sshd without PAM
 * does not treat the account as locked (it would with `!`) and still accepts keys.
 */
export async function ensureSshAccount(user: string, home: string): Promise<{ account: SshAccount; created: boolean }> {
  const existing = lookupSshAccount(user);
  if (existing) return { account: existing, created: false };
  const result = await runCommand({
    argv: ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", home, "--shell", "/bin/sh", "--password", "*", user],
    cwd: "/",
    env: systemEnv,
    timeoutMs: 30_000,
  });
  if (result.exitCode !== 0) throw new Error(`useradd ${user} failed (exit ${result.exitCode}): ${result.tail.join(" ").slice(0, 300)}`);
  const created = lookupSshAccount(user);
  if (!created) throw new Error(`useradd reported success but ${user} is not in /etc/passwd`);
  return { account: created, created: true };
}
