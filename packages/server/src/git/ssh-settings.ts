import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { StateLayout } from "../config/state-layout.ts";

/**
 * What the SSH forced command and the git hook need of the server's settings. sshd gives a
 * forced command a bare environment, so the daemon writes these at start to
 * `<home>/ssh/settings.json` (root-owned, world-readable: no secrets) and the forced command
 * reads them from the `--home` of its authorized_keys line.
 */
export interface SshSettings {
  readonly home: string;
  readonly socket: string;
  readonly sshUser: string;
  readonly gitAutoCreate: boolean;
  /** Seconds a push waits for another push or deploy of the same app. */
  readonly deployLockWait: number;
}

/** The `hop3-server` launcher (packages/server/bin), from src/ as from dist/. */
export const serverProgram = resolve(import.meta.dirname, "../../bin/hop3-server");

/** The `hop3` CLI launcher, run by the forced command for Hop3 commands over SSH. */
export const cliProgram = resolve(import.meta.dirname, "../../../cli/bin/hop3");

/** Reads the settings the daemon wrote under `home`. */
export function readSshSettings(home: string): SshSettings {
  const file = new StateLayout(home).sshSettings;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Hop3Error("SSH_NOT_SET_UP", `Cannot read ${file}: ${(error as Error).message.split("\n")[0]}`, {
      hint: "Run `hop3-server setup`, then start `hop3-server run`: it writes this file.",
    });
  }
  const settings = value as Partial<SshSettings>;
  if (
    typeof settings.home !== "string" ||
    typeof settings.socket !== "string" ||
    typeof settings.sshUser !== "string" ||
    typeof settings.gitAutoCreate !== "boolean" ||
    typeof settings.deployLockWait !== "number"
  ) {
    throw new Hop3Error("SSH_NOT_SET_UP", `${file} is incomplete.`, { hint: "Start `hop3-server run` again: it rewrites this file." });
  }
  return settings as SshSettings;
}
