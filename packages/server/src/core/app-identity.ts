import type { Confinement } from "./confinement.ts";

/** A numeric Unix identity to run a process as, and the sandbox to run it in. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  /** Absent when the host has no sandbox: the process then runs with the user's rights only. */
  readonly confinement?: Confinement | undefined;
}

/** The Unix account of an app, and how to run as it. */
export interface AppIdentity {
  readonly user: string;
  /** How the app's processes run. Absent when the server cannot switch users (it is not running as root). */
  readonly runAs: RunAs | undefined;
  /** How the app's builds run: like `runAs`, with the build's own writable paths and limits. */
  readonly buildAs?: RunAs | undefined;
}

/** Creates, finds and removes the Unix accounts apps run as. */
export interface AppIdentities {
  /** Creates the app's account if needed; `home` becomes its home directory. */
  ensure(user: string, home: string): Promise<AppIdentity>;
  remove(user: string): Promise<void>;
}
