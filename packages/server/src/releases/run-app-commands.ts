import { Hop3Error, type ErrorCode } from "@hop3/contract";
import type { RunAs } from "../core/app-identity.ts";
import { runCommand } from "../exec/run-command.ts";

export interface AppCommandsOptions {
  /** The user's own shell commands (from Procfile, hop3.toml or app.json), run one after the other. */
  readonly commands: readonly string[];
  /** What they are, for messages: "release command", "postdeploy command". */
  readonly label: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly runAs: RunAs | undefined;
  readonly timeoutMs: number;
  readonly errorCode: ErrorCode;
  readonly onLine: (line: string) => void;
}

/**
 * Runs an app's own commands (release phase, post-deploy) as the app, in its release
 * directory, with its environment; the first failure throws `errorCode` naming the command.
 */
export async function runAppCommands(options: AppCommandsOptions): Promise<void> {
  for (const command of options.commands) {
    options.onLine(`-----> Running ${options.label}: ${command}`);
    const result = await runCommand({
      argv: ["/bin/sh", "-c", command],
      cwd: options.cwd,
      env: options.env,
      runAs: options.runAs,
      timeoutMs: options.timeoutMs,
      onLine: (_stream, line) => options.onLine(line),
    });
    if (result.exitCode !== 0 || result.timedOut) {
      const how = result.timedOut ? `did not finish within ${options.timeoutMs / 1000}s` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
      throw new Hop3Error(options.errorCode, `The ${options.label} \`${command}\` ${how}.`);
    }
  }
}
