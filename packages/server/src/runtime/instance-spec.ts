import type { EventEmitter } from "node:events";
import type { ProcessIdentity } from "../exec/process-identity.ts";
import type { RunAs } from "../core/app-identity.ts";

/** Everything needed to start (and restart) one instance of a process type. */
export interface InstanceSpec {
  readonly app: string;
  readonly release: number;
  readonly type: string;
  /** 1-based instance number within its type. */
  readonly index: number;
  /** The Procfile command, run by /bin/sh. */
  readonly command: string;
  readonly cwd: string;
  /** Complete environment, PORT included for web instances. */
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
  readonly logFile: string;
  readonly port: number | null;
}

/** The part of a child process the supervisor uses; real children and test fakes both fit. */
export interface SupervisedChild extends Pick<EventEmitter, "once"> {
  readonly pid?: number | undefined;
  /** Settles once all its output is in the log (its timestamper is done); absent when unknown (adopted). */
  readonly outputDone?: Promise<void> | undefined;
}

/** Starts an instance's process; `killGroup` signals its whole process group. */
export interface ProcessLauncher {
  launch(spec: InstanceSpec): SupervisedChild;
  killGroup(pid: number, signal: NodeJS.Signals): void;
  /** True while any process of the group is alive. */
  groupAlive(pid: number): boolean;
  /** Watches a process started by an earlier server run: emits `exit` once it is gone. */
  watch(identity: ProcessIdentity): SupervisedChild;
}
