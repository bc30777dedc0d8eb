/** A numeric Unix identity to run a process as. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** The Unix account of an app, and how to run as it. */
export interface AppIdentity {
  readonly user: string;
  /** Absent when the server cannot switch users (it is not running as root). */
  readonly runAs: RunAs | undefined;
}

/** Creates, finds and removes the Unix accounts apps run as. */
export interface AppIdentities {
  /** Creates the app's account if needed; `home` becomes its home directory. */
  ensure(user: string, home: string): Promise<AppIdentity>;
  remove(user: string): Promise<void>;
  /** Gives a directory tree to the app's account. */
  chownTree(path: string, identity: AppIdentity): Promise<void>;
}
