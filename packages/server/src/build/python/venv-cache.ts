import { createHash } from "node:crypto";
import { join } from "node:path";
import { announce, note } from "../build-step.ts";
import type { BuildContext } from "../builder.ts";
import { isDirectory, isFile } from "../file-probe.ts";
import type { UserFs } from "../user-fs.ts";

/** Written last into a cached virtualenv: a directory without it is an interrupted build. */
const completeMarker = ".complete";

/** A hash of everything a cached virtualenv's content depends on (tool, Python, lockfiles). */
export function venvKey(parts: readonly (string | Buffer)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/**
 * The virtualenv for `key` in the app's cache, filled by `fill` unless a previous build
 * completed it: a redeploy with unchanged lockfiles and Python only links it.
 * `reused` says which happened, for the caller's messages.
 */
export async function cachedVenv(
  ctx: BuildContext,
  fs: UserFs,
  key: string,
  what: string,
  fill: (venv: string) => Promise<void>,
): Promise<{ venv: string; reused: boolean }> {
  const venvs = join(ctx.cacheDir, "python", "venvs");
  const venv = join(venvs, key);
  if (await isFile(join(venv, completeMarker))) {
    announce(ctx, `Reusing virtualenv ${key}: ${what} and Python are unchanged`);
    return { venv, reused: true };
  }
  // Virtualenvs are not relocatable (scripts carry absolute shebangs), so the venv is built
  // at its final path; the marker written last tells a finished one from an interrupted one.
  if (await isDirectory(venv)) {
    note(ctx, `Discarding the incomplete virtualenv ${key} left by an interrupted build`);
    await fs.remove(venv);
  }
  await fs.mkdirp(venvs);
  try {
    await fill(venv);
    await fs.touch(join(venv, completeMarker));
  } catch (error) {
    await fs.remove(venv).catch(() => undefined);
    throw error;
  }
  return { venv, reused: false };
}
