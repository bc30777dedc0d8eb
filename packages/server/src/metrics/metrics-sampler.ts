import type { Supervisor } from "../runtime/supervisor.ts";
import type { InstanceUsage, InstanceUsageBoard } from "../runtime/instance-usage.ts";
import type { CgroupUsage } from "../host/cgroup-usage.ts";
import { ProcessTable } from "../host/process-table.ts";
import { readHost, type HostReading } from "../host/host-usage.ts";
import { directorySize } from "../host/directory-size.ts";
import { stateMounts, type MountUsage } from "../host/state-mounts.ts";
import type { MetricsHistory, MetricValue } from "./metrics-history.ts";
import type { AppRequests, RequestLog } from "./request-log.ts";

/** One running instance's figures at the last sample. */
export interface InstanceSample extends InstanceUsage {
  readonly app: string;
  readonly type: string;
  readonly index: number;
  readonly pid: number;
  readonly restarts: number;
  readonly uptimeSeconds: number;
  /** Descriptors open in the instance's processes, as last counted (ADR 62); null when not counted. */
  readonly openFiles: number | null;
}

/** The host's figures at the last sample; CPU in % of all cores. */
export interface HostSample extends HostReading {
  readonly cpuPercent: number | null;
}

/** Disk used by an app's parts, measured every `diskEveryMs`. */
export interface AppDisk {
  readonly data: number;
  /** The app's persistent home (ADR 37). */
  readonly home: number;
  readonly releases: number;
  readonly logs: number;
}

/** What the sampler last read: the source of `/metrics`, `hop3 metrics` and the alert rules. */
export interface MetricsSnapshot {
  readonly at: Date;
  readonly instances: readonly InstanceSample[];
  readonly host: HostSample;
  readonly disk: ReadonlyMap<string, AppDisk>;
  /** Filesystems mounted below the state root (ADR 62). */
  readonly mounts: readonly MountUsage[];
  /** Each app's requests through the proxy (its access log); apps with none yet are absent. */
  readonly requests: ReadonlyMap<string, AppRequests>;
}

export interface MetricsSamplerDeps {
  readonly supervisor: Pick<Supervisor, "allUnits">;
  /** Apps by name -> id, for the history (which is keyed by id). */
  readonly appIds: () => ReadonlyMap<string, number>;
  readonly groups: Pick<CgroupUsage, "ofProcess">;
  readonly board: InstanceUsageBoard;
  readonly history: MetricsHistory;
  readonly paths: { readonly state: string; readonly data: (app: string) => string; readonly home: (app: string) => string; readonly releases: (app: string) => string; readonly logs: (app: string) => string };
  readonly diskEveryMs: number;
  readonly now?: () => number;
  readonly readHost?: (statePath: string) => HostReading;
  readonly readMounts?: (statePath: string) => MountUsage[];
  readonly processTable?: () => ProcessTable;
  /** The proxy's access log, read at each sample. */
  readonly requests?: Pick<RequestLog, "read">;
  /** Counts the open files of instances by pid (asynchronous: the parent may be asked). */
  readonly openFiles?: (pids: readonly number[]) => Promise<ReadonlyMap<number, number>>;
}

/**
 * Samples, inside the daemon (no agent process), each running instance's CPU and working-set
 * memory from its control group (or its process tree in /proc when it has none), the host's
 * CPU, memory, disk and load, and now and then each app's disk use; keeps the last sample for
 * the API and adds it to the history. It only reads kernel files and, with the daemon's own
 * rights, sizes of directories: nothing an app writes is parsed.
 */
export class MetricsSampler {
  readonly #deps: MetricsSamplerDeps;
  /** The previous CPU reading of each instance (by pid) and of the host: rates need two. */
  #previous = new Map<number, { cpuMicros: number; atMs: number }>();
  #previousHost: { busy: number; total: number } | null = null;
  #disk = new Map<string, AppDisk>();
  #diskAtMs = Number.NEGATIVE_INFINITY;
  #last: MetricsSnapshot | null = null;
  #openFiles: ReadonlyMap<number, number> = new Map();

  constructor(deps: MetricsSamplerDeps) {
    this.#deps = deps;
  }

  latest(): MetricsSnapshot | null {
    return this.#last;
  }

  /** Counts the open files of the instances of the last sample; the next sample shows them. */
  async countOpenFiles(): Promise<void> {
    const count = this.#deps.openFiles;
    if (count === undefined || this.#last === null) return;
    this.#openFiles = await count(this.#last.instances.map((sample) => sample.pid));
  }

  sample(): MetricsSnapshot {
    const deps = this.#deps;
    const nowMs = (deps.now ?? Date.now)();
    let table: ProcessTable | null = null;
    const procTree = (pid: number) => (table ??= (deps.processTable ?? (() => ProcessTable.read()))()).treeOf(pid);
    const previous = new Map<number, { cpuMicros: number; atMs: number }>();
    const instances: InstanceSample[] = [];
    for (const unit of deps.supervisor.allUnits()) {
      const pid = unit.pid;
      if (unit.state !== "running" || pid === null) continue;
      const group = deps.groups.ofProcess(pid);
      const needsTree = group === null || group.cpuMicros === null || group.memoryBytes === null;
      const tree = needsTree ? procTree(pid) : null;
      const cpuMicros = group?.cpuMicros ?? tree?.cpuMicros ?? null;
      const memoryBytes = group?.memoryBytes ?? tree?.memoryBytes ?? null;
      const before = this.#previous.get(pid);
      if (cpuMicros !== null) previous.set(pid, { cpuMicros, atMs: nowMs });
      const elapsedMs = before ? nowMs - before.atMs : 0;
      const cpuPercent = before && cpuMicros !== null && elapsedMs > 0 ? round(Math.max(0, cpuMicros - before.cpuMicros) / (elapsedMs * 10)) : null;
      const startedAt = unit.startedAt?.getTime() ?? nowMs;
      instances.push({
        app: unit.spec.app,
        type: unit.spec.type,
        index: unit.spec.index,
        pid,
        restarts: unit.restarts,
        uptimeSeconds: Math.max(0, Math.round((nowMs - startedAt) / 1000)),
        cpuPercent,
        memoryBytes,
        memoryLimitBytes: group?.memoryLimitBytes ?? null,
        openFiles: this.#openFiles.get(pid) ?? null,
      });
    }
    this.#previous = previous;
    deps.board.replace(new Map(instances.map((sample) => [sample.pid, sample])));
    const host = this.#sampleHost();
    this.#sampleDisk(nowMs);
    const known = new Set(deps.appIds().keys());
    const requests = deps.requests?.read(known, nowMs) ?? new Map<string, AppRequests>();
    const mounts = (deps.readMounts ?? stateMounts)(deps.paths.state);
    const snapshot: MetricsSnapshot = { at: new Date(nowMs), instances, host, disk: this.#disk, mounts, requests };
    this.#last = snapshot;
    deps.history.record(Math.floor(nowMs / 1000), this.#values(snapshot));
    return snapshot;
  }

  #sampleHost(): HostSample {
    const reading = (this.#deps.readHost ?? readHost)(this.#deps.paths.state);
    const before = this.#previousHost;
    this.#previousHost = { busy: reading.cpuBusyTicks, total: reading.cpuTotalTicks };
    const total = before ? reading.cpuTotalTicks - before.total : 0;
    return { ...reading, cpuPercent: before && total > 0 ? round(((reading.cpuBusyTicks - before.busy) / total) * 100) : null };
  }

  /** Every app's disk use each `diskEveryMs`; an app not measured yet (new, renamed) at once. */
  #sampleDisk(nowMs: number): void {
    const { paths } = this.#deps;
    const all = nowMs - this.#diskAtMs >= this.#deps.diskEveryMs;
    const disk = new Map<string, AppDisk>();
    for (const app of this.#deps.appIds().keys()) {
      const known = all ? undefined : this.#disk.get(app);
      disk.set(app, known ?? { data: directorySize(paths.data(app)), home: directorySize(paths.home(app)), releases: directorySize(paths.releases(app)), logs: directorySize(paths.logs(app)) });
    }
    this.#disk = disk;
    if (all) this.#diskAtMs = nowMs;
  }

  /** The history's series: per app sums over its instances, and the host's figures. */
  #values(snapshot: MetricsSnapshot): MetricValue[] {
    const ids = this.#deps.appIds();
    const perApp = new Map<number, { cpu: number; memory: number; restarts: number; running: number }>();
    for (const sample of snapshot.instances) {
      const appId = ids.get(sample.app);
      if (appId === undefined) continue;
      const sums = perApp.get(appId) ?? { cpu: 0, memory: 0, restarts: 0, running: 0 };
      sums.cpu += sample.cpuPercent ?? 0;
      sums.memory += sample.memoryBytes ?? 0;
      sums.restarts += sample.restarts;
      sums.running += 1;
      perApp.set(appId, sums);
    }
    const values: MetricValue[] = [];
    for (const [appId, sums] of perApp) {
      values.push({ appId, name: "cpuPercent", value: sums.cpu }, { appId, name: "memoryBytes", value: sums.memory }, { appId, name: "restarts", value: sums.restarts }, { appId, name: "instances", value: sums.running });
    }
    for (const [app, disk] of snapshot.disk) {
      const appId = ids.get(app);
      if (appId !== undefined) values.push({ appId, name: "diskBytes", value: disk.data + disk.home + disk.releases + disk.logs });
    }
    for (const [app, counted] of snapshot.requests) {
      const appId = ids.get(app);
      const { requests, errors, durationSum, seconds } = counted.last;
      if (appId === undefined || seconds <= 0) continue;
      values.push({ appId, name: "requestsPerSecond", value: Math.round((requests / seconds) * 1000) / 1000 }, { appId, name: "errorsPerSecond", value: Math.round((errors / seconds) * 1000) / 1000 });
      if (requests > 0) values.push({ appId, name: "latencyMs", value: round((durationSum / requests) * 1000) });
    }
    const { host } = snapshot;
    if (host.cpuPercent !== null) values.push({ appId: 0, name: "cpuPercent", value: host.cpuPercent });
    values.push({ appId: 0, name: "memoryBytes", value: host.memoryUsedBytes }, { appId: 0, name: "diskBytes", value: host.diskUsedBytes }, { appId: 0, name: "load1", value: host.load1 });
    return values;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
