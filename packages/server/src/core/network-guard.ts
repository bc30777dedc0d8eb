/**
 * Per-app network rules (ADR 24): an app's processes may not connect to another app's
 * instance or front ports, to Hop3's API, nor to the cloud metadata address; nothing outside
 * the host reaches an instance port. Each call rebuilds the rules whole, in one step.
 */
export interface NetworkGuard {
  readonly name: string;
  /** The apps' accounts (app name -> uid) exist: their processes are confined from now on (before any build). */
  admit(apps: ReadonlyMap<string, number>): Promise<void>;
  /** The account is gone: its uid is no longer confined (it may be reused by someone else). */
  forget(uid: number): Promise<void>;
  /** The loopback ports each app may still connect to: its own front port and instance ports. */
  ownPorts(ports: ReadonlyMap<string, readonly number[]>): Promise<void>;
}
