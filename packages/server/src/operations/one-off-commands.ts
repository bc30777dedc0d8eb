import { Hop3Error } from "@hop3/contract";
import type { Release } from "../core/release.ts";
import type { App } from "../core/app.ts";
import type { ReleaseStore } from "../releases/release-store.ts";
import type { RunContexts } from "../releases/run-context.ts";
import { runInteractive, type InteractiveProcess, type TerminalSize } from "../exec/run-interactive.ts";
import type { AppService } from "../apps/app-service.ts";

export interface OneOffCommandsDeps {
  readonly apps: AppService;
  readonly releases: ReleaseStore;
  readonly contexts: RunContexts;
}

/** What `hop3 run` asks for. */
export interface OneOffRequest {
  readonly argv: readonly string[];
  /** Run on a pseudo-terminal of this size. */
  readonly terminal?: TerminalSize | undefined;
}

/**
 * `hop3 run APP -- CMD ARGS…`: runs a command the way the app's processes run — in the
 * current release's directory, with its environment and config vars, as the app's user —
 * with its input and output handed to the caller.
 */
export class OneOffCommands {
  readonly #deps: OneOffCommandsDeps;

  constructor(deps: OneOffCommandsDeps) {
    this.#deps = deps;
  }

  /** Throws APP_NOT_FOUND or APP_NOT_DEPLOYED when the app cannot run commands. */
  check(appName: string): void {
    this.#currentRelease(appName);
  }

  /** Starts the command; `env` adds to (and overrides) the app's own environment (`addons:connect`: its client's). */
  async start(appName: string, request: OneOffRequest, env: Readonly<Record<string, string>> = {}): Promise<InteractiveProcess> {
    const [program, ...args] = request.argv;
    if (program === undefined || program === "") throw new Hop3Error("RUN_COMMAND_EMPTY", `No command to run in ${appName}.`);
    const { app, release } = this.#currentRelease(appName);
    const context = await this.#deps.contexts.of(app, release);
    return runInteractive({
      argv: [program, ...args],
      cwd: context.cwd,
      env: { ...context.env, ...env },
      runAs: context.runAs,
      terminal: request.terminal,
    });
  }

  #currentRelease(appName: string): { app: App; release: Release } {
    const app = this.#deps.apps.require(appName);
    const release = this.#deps.releases.current(app.id);
    if (!release) throw new Hop3Error("APP_NOT_DEPLOYED", `App "${app.name}" was never deployed: there is no release to run a command in.`);
    return { app, release };
  }
}
