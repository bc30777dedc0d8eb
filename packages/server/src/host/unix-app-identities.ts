import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppIdentities, AppIdentity } from "../core/app-identity.ts";
import { runCommand } from "../exec/run-command.ts";
import { resourceGroups } from "../exec/confine.ts";
import { systemEnv } from "../exec/system-env.ts";


/**
 * The account name of an app: readable (`h3-<app>-<hash>`), within Linux's 32-character
 * limit, and distinct per state root so several servers can share a machine.
 */
export function appUserName(home: string, app: string, attempt = 0): string {
  // Attempts after the first one: the usual name belongs to an app renamed since (ADR 17).
  const hash = createHash("sha256").update(attempt === 0 ? `${home}\0${app}` : `${home}\0${app}\0${attempt}`).digest("hex").slice(0, 6);
  return `h3-${app.slice(0, 20).replace(/-+$/, "")}-${hash}`;
}

/** App accounts made with the system's own `useradd`/`userdel`, when the server runs as root. */
export class UnixAppIdentities implements AppIdentities {
  #queue: Promise<unknown> = Promise.resolve();

  async ensure(user: string, home: string): Promise<AppIdentity> {
    const existing = lookupUser(user);
    if (existing) return { user, runAs: existing };
    await this.#serialised(() =>
      run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", home, "--shell", "/usr/sbin/nologin", user]),
    );
    const created = lookupUser(user);
    if (!created) throw new Error(`useradd reported success but ${user} is not in /etc/passwd`);
    return { user, runAs: created };
  }

  /** Kills whatever still runs as the account (userdel refuses otherwise), then deletes it. */
  async remove(user: string): Promise<void> {
    const identity = lookupUser(user);
    if (!identity) return;
    await killProcessesOf(identity.uid);
    resourceGroups().removeOwner(user);
    await this.#serialised(() => run(["userdel", user]));
  }

  // useradd and userdel lock /etc/passwd; running them one at a time avoids lock failures.
  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** Used when the server is not root: every app runs as the server's own user. */
export class SameUserAppIdentities implements AppIdentities {
  readonly #user: string;

  constructor(user: string) {
    this.#user = user;
  }

  async ensure(): Promise<AppIdentity> {
    return { user: this.#user, runAs: undefined };
  }

  async remove(): Promise<void> {}
}

async function killProcessesOf(uid: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (let pids = pidsOwnedBy(uid); pids.length > 0 && Date.now() < deadline; pids = pidsOwnedBy(uid)) {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
    await sleep(50);
  }
}

function pidsOwnedBy(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** The uid and gid of an account, from /etc/passwd; null when there is none. */
export function lookupUser(user: string): { uid: number; gid: number } | null {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const fields = line.split(":");
    if (fields[0] === user) return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  return null;
}

async function run(argv: [string, ...string[]]): Promise<void> {
  const result = await runCommand({ argv, cwd: "/", env: systemEnv, timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    throw new Error(`${argv[0]} failed (exit ${result.exitCode}): ${result.tail.join(" ").slice(0, 300)}`);
  }
}
