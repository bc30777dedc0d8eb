import { Hop3Error } from "@hop3/contract";
import { realpath } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { announce, readStepOutput } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isDirectory } from "../file-probe.ts";
import { staticServerCommand } from "../web-server-command.ts";
import { findStaticRoot } from "./detect.ts";

const label = "static";

/**
 * Resolves the directory to serve; there is nothing to compile or install. The files are served
 * by a `web` process of the app's own (ADR 26), never by the proxy, which reads no app file.
 */
export async function buildStatic(ctx: BuildContext): Promise<BuildResult> {
  const root = (await findStaticRoot(ctx.appDir, ctx.config)) ?? ".";
  const appDir = await realpath(ctx.appDir);
  const requested = resolve(appDir, root);
  if (!(await isDirectory(requested))) {
    throw new Hop3Error("BUILD_FAILED", `${label}: the static root "${root}" is not a directory of the app`);
  }
  // The root itself must be the app's: links inside it are followed by a server that runs as the
  // app's user, in its sandbox, and so reach only what the app may read.
  const staticRoot = await realpath(requested);
  if (staticRoot !== appDir && !staticRoot.startsWith(appDir + sep)) {
    throw new Hop3Error("APP_CONFIG_INVALID", `${label}: the static root "${root}" is outside the app's directory`);
  }
  announce(ctx, `Serving static files from ${relative(appDir, staticRoot) || "the app's root"}`);
  // The server the site runs on is its runtime: the SBOM names it and its Debian packages.
  const [version] = await readStepOutput(ctx, { label, argv: ["caddy", "version"] });
  const runtime = { name: "caddy", version: /^v?(\d+\.\d+\.\d+)/.exec(version ?? "")?.[1] ?? "unknown", command: "caddy" };
  return { defaultProcesses: { web: staticServerCommand(staticRoot) }, env: {}, staticRoot, runtime };
}
