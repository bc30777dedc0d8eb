import { lstatSync } from "node:fs";
import { Hop3Error } from "@hop3/contract";
import { runCommand } from "../exec/run-command.ts";

const systemEnv = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" };

/**
 * Copies a directory tree that an app's user owns to `dest` (which must not exist) with
 * `cp -a`: links are copied as links, never followed, so a link planted in an app's files
 * cannot make the server copy what the app may not read. The copy keeps the source's owners;
 * give it to its new owner afterwards.
 */
export async function copyTree(source: string, dest: string): Promise<void> {
  const stat = lstatSync(source, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new Hop3Error("INTERNAL", `Cannot copy ${source}: it is ${stat ? "not a directory (a link or a file)" : "missing"}.`);
  }
  const result = await runCommand({ argv: ["cp", "-a", "--no-target-directory", "--", source, dest], cwd: "/", env: systemEnv, timeoutMs: 30 * 60 * 1000 });
  if (result.exitCode !== 0) {
    throw new Hop3Error("INTERNAL", `Copying ${source} to ${dest} failed (exit ${result.exitCode}): ${result.tail.join(" ").slice(0, 300)}`);
  }
}
