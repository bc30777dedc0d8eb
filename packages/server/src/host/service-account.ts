import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceAccount } from "../exec/as-service-account.ts";
import { runCommand } from "../exec/run-command.ts";
import { systemEnv } from "../exec/system-env.ts";


/** The account's ids from /etc/passwd, or null when there is none. */
export function lookupServiceAccount(user: string): ServiceAccount | null {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const fields = line.split(":");
    if (fields[0] === user && fields.length >= 7) return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  return null;
}

/**
 * Creates a system account for a service of Hop3's own (the proxy) when it does not exist: its
 * own group, no home, no login shell, no password. Several servers on one machine may share
 * it and create it at the same moment: useradd losing that race (or /etc/passwd's lock) is
 * tried again, and an account that appeared meanwhile is taken.
 */
export async function ensureServiceAccount(user: string): Promise<ServiceAccount> {
  let failure = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = lookupServiceAccount(user);
    if (existing) return existing;
    const result = await runCommand({
      argv: ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", user],
      cwd: "/",
      env: systemEnv,
      timeoutMs: 30_000,
    });
    if (result.exitCode === 0) continue;
    failure = `useradd ${user} failed (exit ${result.exitCode}): ${result.tail.join(" ").slice(0, 300)}`;
    await sleep(100 * (attempt + 1));
  }
  const created = lookupServiceAccount(user);
  if (created) return created;
  throw new Error(failure || `useradd reported success but ${user} is not in /etc/passwd`);
}
