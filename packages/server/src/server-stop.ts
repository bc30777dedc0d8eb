/** What a running server lets go of when it stops, each part as the composition root made it. */
export interface StoppingParts {
  /** Stops listening on the API socket and port; resolves once open requests are answered. */
  closePorts(): Promise<unknown>;
  /** The periodic jobs: no new run starts. */
  stopJobs(): void;
  /** Monitoring's samplers and alert delivery. */
  stopMonitoring(): Promise<void>;
  /** Cron: no new run starts; runs in progress go on, detached, and the next server adopts them (ADR 16). */
  stopCron(): void;
  /** Resolves once no deploy or other change holds an app's lock, or false after `timeoutMs`. */
  deploysDone(timeoutMs: number): Promise<boolean>;
  /** Old instances still draining after a switch. */
  drainsDone(): Promise<void>;
  /** Apps, the proxy and the addon engines keep running and serving; the next server adopts them. */
  detach(): Promise<void>;
  closeDatabase(): void;
}

/** How long a stop waits for deploys in progress before letting go of them. */
export const deployGraceMs = 60_000;

/** How a stop ends what is under way. */
export interface StopOptions {
  /**
   * The privileged parent is gone (it was killed): nothing the daemon started can be signalled or
   * heard from any more, so deploys in progress and draining instances would be waited for in
   * vain. They are left as they are: the next server marks the deploys failed and stops the old
   * instances (operations/restore-apps.ts).
   */
  readonly parentGone?: boolean;
}

/**
 * Stops a server in the order that keeps users served. The ports go first, so no request is
 * taken that the stop would cut short. Deploys in progress then finish, so none is left half
 * switched, and draining old instances are stopped before the rest is let go of.
 */
export async function stopServer(parts: StoppingParts, options: StopOptions = {}): Promise<void> {
  const closing = parts.closePorts();
  parts.stopJobs();
  await parts.stopMonitoring();
  parts.stopCron();
  await closing;
  if (!options.parentGone) {
    await parts.deploysDone(deployGraceMs);
    await parts.drainsDone();
  }
  await parts.detach();
  parts.closeDatabase();
}
