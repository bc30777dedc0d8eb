import type { RunAs } from "../core/app-identity.ts";
import type { ProcessIdentity } from "../exec/process-identity.ts";

/** One run of a job, ready to start: its shell command, where, as whom, and its log file. */
export interface CronRunSpec {
  readonly command: string;
  readonly cwd: string;
  /** Complete environment: the release's, with the app's config vars. */
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
  /** The release the job belongs to, tagged on each line of its output. */
  readonly release?: number;
  /** Receives the run's stdout and stderr (appended). */
  readonly logFile: string;
}

/** How a run ended. */
export interface CronExit {
  readonly exitCode: number | null;
  readonly signal: string | null;
}

/** A started run. */
export interface LaunchedRun {
  /**
   * Settles once the process runs (at once here; a spawn through the privileged parent learns
   * its pid a moment later): null when it was gone before it could be identified (it still
   * reports its exit).
   */
  readonly identity: Promise<ProcessIdentity | null>;
  readonly exited: Promise<CronExit>;
  /** Kills the run's whole process group. */
  kill(): void;
  /** Lets the server exit while the run goes on (its output still goes to its log file). */
  detach(): void;
}

/** Starts runs; the real one spawns detached process groups, tests use a fake. */
export interface CronLauncher {
  launch(spec: CronRunSpec): LaunchedRun;
  /** True while a run started by an earlier server run is still the process recorded. */
  stillRunning(identity: ProcessIdentity): boolean;
  /** Kills a run started by an earlier server run. */
  kill(identity: ProcessIdentity): void;
}
