import type { DatabaseSync } from "node:sqlite";
import { Hop3Error, isBranchName, type AppGit } from "@hop3/contract";
import type { App } from "../core/app.ts";

/** Per app, the branch whose pushes are deployed (table app_git). */
export class DeployBranchStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(appId: number): string | null {
    const row = this.#db.prepare("SELECT deploy_branch FROM app_git WHERE app_id = ?").get(appId);
    return row ? String(row.deploy_branch) : null;
  }

  set(appId: number, branch: string): void {
    this.#db.prepare("INSERT INTO app_git (app_id, deploy_branch) VALUES (?, ?) ON CONFLICT (app_id) DO UPDATE SET deploy_branch = excluded.deploy_branch").run(appId, branch);
  }
}

/** Reading and choosing an app's deploy branch; the app must exist. */
export class DeployBranches {
  readonly #store: DeployBranchStore;
  readonly #requireApp: (name: string) => App;

  constructor(store: DeployBranchStore, requireApp: (name: string) => App) {
    this.#store = store;
    this.#requireApp = requireApp;
  }

  get(appName: string): AppGit {
    const app = this.#requireApp(appName);
    return { app: app.name, deployBranch: this.#store.get(app.id) };
  }

  set(appName: string, branch: string): AppGit {
    const app = this.#requireApp(appName);
    const name = branch.replace(/^refs\/heads\//, "");
    if (!isBranchName(name)) {
      throw new Hop3Error("GIT_BRANCH_INVALID", `${JSON.stringify(branch.slice(0, 80))} is not a branch name Hop3 accepts.`);
    }
    this.#store.set(app.id, name);
    return { app: app.name, deployBranch: name };
  }
}
