import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import type { ConfigVarStore, SealedVars } from "../configvars/config-var-store.ts";
import type { ProcessScale } from "../apps/process-scale.ts";
import type { DomainStore } from "../routing/domain-store.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { ReleaseSource } from "../core/release.ts";
import type { DomainService } from "./domain-service.ts";
import type { BackupPart, BackupPartContext, RestoredPart } from "../backups/backup-part.ts";

/** The file the config part stages. */
export const configFile = "config.json";

/** What the config part keeps of an app: enough, with the release part, to build it again. */
export interface BackedUpConfig {
  readonly format: 1;
  readonly app: string;
  /** Still encrypted with the server's config key (secrets/config.key), under `app`'s name. */
  readonly sealed: SealedVars;
  readonly domains: readonly string[];
  readonly hsts: boolean;
  readonly scale: Readonly<Record<string, number>>;
  /** The release whose tree the release part holds (null: never deployed). */
  readonly release: { readonly number: number; readonly source: ReleaseSource } | null;
}

export interface ConfigPartDeps {
  readonly configVars: ConfigVarStore;
  readonly domains: DomainStore;
  readonly domainService: Pick<DomainService, "change">;
  readonly scale: ProcessScale;
  readonly releases: Pick<ReleaseStore, "current">;
}

/** Reads a staged config part back. */
export function readBackedUpConfig(dir: string): BackedUpConfig {
  const config = JSON.parse(readFileSync(join(dir, configFile), "utf8")) as BackedUpConfig;
  if (config.format !== 1) throw new Hop3Error("BACKUP_RESTORE_FAILED", `The backup's ${configFile} has format ${String(config.format)}, which this Hop3 does not know.`);
  return config;
}

/**
 * Config vars (still encrypted), generated secrets, domains with HSTS, and the hand-set scale.
 * In place, everything is replaced by the backup's and can be undone; into a new app, the
 * domains stay with the app that has them (a hostname belongs to one app), unless the new app
 * is the backed-up one brought back under its own name (disaster recovery).
 */
export function configPart(deps: ConfigPartDeps): BackupPart {
  return {
    name: "config",
    async dump({ app, dir }: BackupPartContext) {
      const current = deps.releases.current(app.id);
      const config: BackedUpConfig = {
        format: 1,
        app: app.name,
        sealed: deps.configVars.sealedOf(app.name),
        domains: deps.domains.hostsOf(app.name),
        hsts: deps.domains.hstsOf(app.name),
        scale: deps.scale.scaledOf(app.id),
        release: current ? { number: current.number, source: current.source } : null,
      };
      writeFileSync(join(dir, configFile), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    },
    async restore({ app, dir, from }: BackupPartContext, into): Promise<RestoredPart> {
      const config = readBackedUpConfig(dir);
      const { vars, secrets } = deps.configVars.unseal(config.app, config.sealed);
      const before = { vars: deps.configVars.varsOf(app.name), scale: deps.scale.scaledOf(app.id), domains: deps.domains.hostsOf(app.name), hsts: deps.domains.hstsOf(app.name) };
      const setScale = (scale: Readonly<Record<string, number>>) => {
        deps.scale.unset(app.id, Object.keys(deps.scale.scaledOf(app.id)));
        deps.scale.set(app.id, scale);
      };
      deps.configVars.change(app.name, vars, Object.keys(before.vars).filter((key) => !(key in vars)));
      deps.configVars.addSecrets(app.name, secrets);
      setScale(config.scale);
      const undo = async () => {
        deps.configVars.change(app.name, before.vars, Object.keys(vars).filter((key) => !(key in before.vars)));
        setScale(before.scale);
        if (into === "same") await deps.domainService.change(app.name, { clear: true, add: [...before.domains], hsts: before.hsts });
      };
      // Brought back under its own name (disaster recovery, a destroyed app): its domains are its own again.
      const ownDomains = into === "same" || (app.name === from && config.domains.length > 0);
      if (ownDomains) {
        try {
          await deps.domainService.change(app.name, { clear: true, add: [...config.domains], hsts: config.hsts });
        } catch (error) {
          await undo();
          throw error;
        }
      }
      return { undo, commit: async () => undefined };
    },
  };
}
