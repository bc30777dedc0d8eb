import { Hop3Error } from "@hop3/contract";
import { realpath } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { announce } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isDirectory } from "../file-probe.ts";
import { findStaticRoot } from "./detect.ts";

const label = "static";

/** Resolves the directory the proxy will serve; there is nothing to compile or install. */
export async function buildStatic(ctx: BuildContext): Promise<BuildResult> {
  const root = (await findStaticRoot(ctx.appDir, ctx.config)) ?? ".";
  const appDir = await realpath(ctx.appDir);
  const requested = resolve(appDir, root);
  if (!(await isDirectory(requested))) {
    throw new Hop3Error("BUILD_FAILED", `${label}: the static root "${root}" is not a directory of the app`);
  }
  // Symlinks are followed: the proxy must not be pointed at the host's files through one.
  const staticRoot = await realpath(requested);
  if (staticRoot !== appDir && !staticRoot.startsWith(appDir + sep)) {
    throw new Hop3Error("APP_CONFIG_INVALID", `${label}: the static root "${root}" is outside the app's directory`);
  }
  announce(ctx, `Serving static files from ${relative(appDir, staticRoot) || "the app's root"}`);
  return { defaultProcesses: {}, env: {}, staticRoot };
}
