import { randomBytes } from "node:crypto";
import { Hop3Error, type BackupVerified } from "@hop3/contract";
import type { AppService } from "../apps/app-service.ts";
import type { BackupStore } from "../backups/backup-store.ts";
import type { ResticRepository } from "../backups/restic-repository.ts";
import type { BackupRestore } from "./backup-restore.ts";
import type { AddonService } from "./addon-service.ts";
import type { RouteTable } from "../routing/route-table.ts";
import type { DrillMarks } from "../backups/drill-marks.ts";

export interface BackupVerifyDeps {
  readonly apps: Pick<AppService, "require" | "find" | "destroy">;
  readonly store: Pick<BackupStore, "listOf">;
  readonly repository: Pick<ResticRepository, "check">;
  readonly restore: Pick<BackupRestore, "restore">;
  /** The drill's app got addons of its own from the backup (ADR 50): they go with it. */
  readonly addons: Pick<AddonService, "attachedTo" | "destroy">;
  /** The drill's app is never served by the proxy: the restored data stays private (ADR 71). */
  readonly routes: Pick<RouteTable, "hide" | "show">;
  /** Drills in progress, kept across a server stop (ADR 71). */
  readonly marks: Pick<DrillMarks, "mark" | "unmark" | "list">;
}

/**
 * `hop3 backups:verify APP` (ADR 47): a backup is only real once it has been restored. The
 * repository is checked (`restic check`), then the app's latest succeeded backup is restored
 * into a throwaway app — built from the backup alone, started, health-checked — which is
 * removed again whatever happened, with the addons made for it. The app itself is never touched,
 * and the throwaway app is never served by the proxy (ADR 71).
 */
export class BackupVerify {
  readonly #deps: BackupVerifyDeps;

  constructor(deps: BackupVerifyDeps) {
    this.#deps = deps;
  }

  async verify(appName: string): Promise<BackupVerified> {
    const { apps, store, repository, restore } = this.#deps;
    const app = apps.require(appName);
    const latest = store.listOf(app.name).find((record) => record.status === "succeeded");
    if (!latest) throw new Hop3Error("BACKUP_NOT_FOUND", `App "${app.name}" has no succeeded backup to verify.`, { hint: `Make one with \`hop3 backups:create ${app.name}\`.` });
    await repository.check().catch((error: unknown) => {
      throw new Hop3Error("BACKUP_VERIFY_FAILED", `The backup repository has errors: ${(error as Error).message}`);
    });
    const drill = `${app.name.slice(0, 48)}-drill-${randomBytes(3).toString("hex")}`;
    const started = Date.now();
    this.#deps.routes.hide(drill);
    this.#deps.marks.mark(drill);
    try {
      const restored = await restore.restore(app.name, latest.id, drill).catch((error: unknown) => {
        throw new Hop3Error("BACKUP_VERIFY_FAILED", `The restore drill of backup ${latest.id} of "${app.name}" failed: ${(error as Error).message}`);
      });
      return { app: app.name, backup: latest.id, repository: "ok", drill: { app: drill, release: restored.release, seconds: Math.round((Date.now() - started) / 100) / 10 } };
    } finally {
      await this.#removeDrillApp(drill);
    }
  }

  /** Removes, with their addons, the throwaway apps of drills a stopped server left behind (hidden by `hideInterruptedDrills`). */
  async removeInterrupted(): Promise<string[]> {
    const left = this.#deps.marks.list();
    for (const drill of left) await this.#removeDrillApp(drill);
    return left;
  }

  async #removeDrillApp(drill: string): Promise<void> {
    const { apps } = this.#deps;
    const made = apps.find(drill);
    if (made) {
      const addons = this.#deps.addons.attachedTo(made).map((attached) => attached.addon);
      await apps.destroy(drill);
      for (const addon of addons) await this.#deps.addons.destroy(addon, { yes: true, force: false });
    }
    this.#deps.marks.unmark(drill);
    await this.#deps.routes.show(drill);
  }
}

/** At start, before the proxy is given any route: the throwaway apps of unfinished drills stay off it. */
export function hideInterruptedDrills(marks: Pick<DrillMarks, "list">, routes: Pick<RouteTable, "hide">): void {
  for (const drill of marks.list()) routes.hide(drill);
}
