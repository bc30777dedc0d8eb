import { createHash } from "node:crypto";
import { join } from "node:path";
import { announce, note, runBuildStep } from "../build-step.ts";
import type { BuildContext } from "../builder.ts";
import { isDirectory, isFile } from "../file-probe.ts";
import type { UserFs } from "../user-fs.ts";
import { readAppFile } from "../../host/read-app-file.ts";

/** Written last into a cached install: a directory without it is an interrupted build. */
const completeMarker = ".complete";
/** The files an install depends on, copied next to the cached node_modules to install there. */
const installInputs = ["package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "yarn.lock", ".npmrc", ".yarnrc"];

/**
 * A node_modules built once per set of install inputs (package.json, lockfile, package
 * manager config), Node.js version and kind (`production`, or `with devDependencies` for a
 * build script), in the app's cache, then linked into the release: a redeploy whose lockfile
 * did not change installs nothing.
 */
export async function linkCachedNodeModules(ctx: BuildContext, fs: UserFs, kind: string, salt: string, install: (cwd: string) => Promise<void>): Promise<void> {
  const present: string[] = [];
  const hash = createHash("sha256").update(kind).update("\0").update(salt).update("\0");
  for (const file of installInputs) {
    if (!(await isFile(join(ctx.appDir, file)))) continue;
    present.push(file);
    hash.update(file).update("\0").update((await readAppFile(ctx.appDir, file)) ?? "").update("\0");
  }
  const key = hash.digest("hex").slice(0, 16);
  const dir = join(ctx.cacheDir, "node", "modules", key);
  const link = join(ctx.appDir, "node_modules");
  if (await isFile(join(dir, completeMarker))) {
    announce(ctx, `Reusing node_modules ${key} (${kind}): package.json, the lockfile and Node.js are unchanged`);
  } else {
    if (await isDirectory(dir)) {
      note(ctx, `Discarding the incomplete node_modules ${key} left by an interrupted build`);
      await fs.remove(dir);
    }
    await fs.mkdirp(dir);
    try {
      await runBuildStep(ctx, { label: "node", argv: ["cp", "--", ...present.map((file) => join(ctx.appDir, file)), dir], cwd: "/" });
      await install(dir);
      await fs.touch(join(dir, completeMarker));
    } catch (error) {
      await fs.remove(dir).catch(() => undefined);
      throw error;
    }
  }
  await fs.symlink(join(dir, "node_modules"), link);
}
