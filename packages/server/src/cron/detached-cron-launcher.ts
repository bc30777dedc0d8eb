import { killTree } from "../exec/kill-tree.ts";
import { identifyProcess, isStillRunning } from "../exec/process-identity.ts";
import { startTimestamped } from "../exec/line-timestamper.ts";
import type { CronExit, CronLauncher, CronRunSpec, LaunchedRun } from "./cron-launcher.ts";

/**
 * Runs jobs as detached process groups under /bin/sh, each line of their output timestamped
 * into the job's log file (ADR 18): a run outlives a server stop, like the app's processes (ADR 10, ADR 16).
 */
export const detachedCronLauncher: CronLauncher = {
  launch(spec: CronRunSpec): LaunchedRun {
    const { child } = startTimestamped({ command: spec.command, cwd: spec.cwd, env: spec.env, runAs: spec.runAs, release: spec.release, logFile: spec.logFile });
    const exited = new Promise<CronExit>((resolve) => {
      child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
      // A spawn failure (e.g. a missing working directory) is reported as a run that failed to start.
      child.once("error", () => resolve({ exitCode: 127, signal: null }));
    });
    return {
      identity: new Promise((resolve) => {
        if (child.pid !== undefined) return resolve(identifyProcess(child.pid));
        child.once("spawn", () => resolve(child.pid === undefined ? null : identifyProcess(child.pid)));
        child.once("error", () => resolve(null));
      }),
      exited,
      kill: () => killTree(child.pid, "SIGKILL"),
      detach: () => child.unref(),
    };
  },
  stillRunning: (identity) => isStillRunning(identity),
  kill: (identity) => {
    if (isStillRunning(identity)) killTree(identity.pid, "SIGKILL");
  },
};
