import { EventEmitter } from "node:events";
import { isStillRunning, type ProcessIdentity } from "../exec/process-identity.ts";
import { startTimestamped } from "../exec/line-timestamper.ts";
import { groupAlive, killTree } from "../exec/kill-tree.ts";
import type { InstanceSpec, ProcessLauncher, SupervisedChild } from "./instance-spec.ts";

/** How often a process adopted from an earlier server run is checked (it is not our child). */
const adoptedPollMs = 500;

/**
 * Starts instances as real detached process groups running the Procfile command under /bin/sh,
 * each line of their output timestamped on its way to the log file (ADR 18).
 */
export const detachedLauncher: ProcessLauncher = {
  launch(spec: InstanceSpec): SupervisedChild {
    const { child, outputDone } = startTimestamped({ command: spec.command, cwd: spec.cwd, env: spec.env, runAs: spec.runAs, release: spec.release, logFile: spec.logFile });
    return Object.assign(child, { outputDone });
  },
  killGroup(pid: number, signal: NodeJS.Signals): void {
    killTree(pid, signal);
  },
  groupAlive(pid: number): boolean {
    return groupAlive(pid);
  },
  watch(identity: ProcessIdentity): SupervisedChild {
    const child = Object.assign(new EventEmitter(), { pid: identity.pid });
    const timer = setInterval(() => {
      if (isStillRunning(identity)) return;
      clearInterval(timer);
      child.emit("exit", null, null);
    }, adoptedPollMs);
    timer.unref();
    return child;
  },
};
