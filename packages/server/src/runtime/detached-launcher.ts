import { startDetached } from "../exec/start-detached.ts";
import { groupAlive, killTree } from "../exec/kill-tree.ts";
import type { InstanceSpec, ProcessLauncher, SupervisedChild } from "./instance-spec.ts";

/** Starts instances as real detached process groups running the Procfile command under /bin/sh. */
export const detachedLauncher: ProcessLauncher = {
  launch(spec: InstanceSpec): SupervisedChild {
    return startDetached({
      argv: ["/bin/sh", "-c", spec.command],
      cwd: spec.cwd,
      env: spec.env,
      runAs: spec.runAs,
      logFile: spec.logFile,
    });
  },
  killGroup(pid: number, signal: NodeJS.Signals): void {
    killTree(pid, signal);
  },
  groupAlive(pid: number): boolean {
    return groupAlive(pid);
  },
};
