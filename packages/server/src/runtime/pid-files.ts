import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProcessIdentity } from "../exec/process-identity.ts";
import type { InstanceSpec } from "./instance-spec.ts";

/** What the server remembers of a running instance, so that a restarted server can adopt it. */
export interface InstanceRecord extends ProcessIdentity {
  readonly app: string;
  readonly release: number;
  readonly type: string;
  readonly index: number;
  readonly port: number | null;
  readonly startedAt: string;
}

/** One small JSON file per running instance under `<home>/run/<app>/`, written atomically. */
export class PidFiles {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  write(spec: InstanceSpec, identity: ProcessIdentity): void {
    const dir = join(this.#dir, spec.app);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const record: InstanceRecord = { ...identity, app: spec.app, release: spec.release, type: spec.type, index: spec.index, port: spec.port, startedAt: new Date().toISOString() };
    const file = this.#fileOf(spec);
    writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /**
   * Forgets an instance's record; with `pid`, only if the record is still that process's (a
   * restart of the same release writes the new instance's record before the old one stops).
   */
  remove(spec: Pick<InstanceSpec, "app" | "release" | "type" | "index">, pid?: number): void {
    const file = this.#fileOf(spec);
    if (pid !== undefined) {
      try {
        if ((JSON.parse(readFileSync(file, "utf8")) as InstanceRecord).pid !== pid) return;
      } catch {
        // No record, or a torn one: removing it is right.
      }
    }
    rmSync(file, { force: true });
  }

  list(app: string): InstanceRecord[] {
    const dir = join(this.#dir, app);
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith(".json"));
    } catch {
      return [];
    }
    const records: InstanceRecord[] = [];
    for (const name of names) {
      try {
        records.push(JSON.parse(readFileSync(join(dir, name), "utf8")) as InstanceRecord);
      } catch {
        rmSync(join(dir, name), { force: true });
      }
    }
    return records;
  }

  removeApp(app: string): void {
    rmSync(join(this.#dir, app), { recursive: true, force: true });
  }

  #fileOf(spec: Pick<InstanceSpec, "app" | "release" | "type" | "index">): string {
    return join(this.#dir, spec.app, `${spec.release}.${spec.type}.${spec.index}.json`);
  }
}
