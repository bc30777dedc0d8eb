import { runBuildStep } from "./build-step.ts";
import type { BuildContext } from "./builder.ts";

/** A phase of `AppConfig.buildHooks`; the deploy pipeline decides where each runs around the builder. */
export type BuildHookPhase = "before" | "build" | "after";

/**
 * Runs the app's own build hooks of one phase, in order, in the app directory. Each is the
 * user's shell command, so it goes through `/bin/sh -c`; the first failure stops the build.
 */
export async function runBuildHooks(ctx: BuildContext, phase: BuildHookPhase): Promise<void> {
  for (const command of ctx.config.buildHooks[phase]) {
    await runBuildStep(ctx, {
      label: `build hook "${phase}"`,
      title: `Running ${phase} hook: ${command}`,
      argv: ["/bin/sh", "-c", command],
      shown: command,
    });
  }
}
