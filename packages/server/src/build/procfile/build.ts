import { announce, note } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";

/**
 * Nothing to install: the app's own build hooks (`[build] build` in hop3.toml, Procfile
 * `prebuild`/`postbuild`) do the building, and its processes run as the config gives them.
 */
export function buildProcfile(ctx: BuildContext): Promise<BuildResult> {
  announce(ctx, "No language toolchain: running the processes as the Procfile or hop3.toml gives them");
  const hooks = [...ctx.config.buildHooks.before, ...ctx.config.buildHooks.build, ...ctx.config.buildHooks.after];
  note(ctx, hooks.length === 0 ? "No build command configured" : `The build is the app's own: ${hooks.join("; ")}`);
  return Promise.resolve({ defaultProcesses: {}, env: {}, staticRoot: null });
}
