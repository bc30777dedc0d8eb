import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../exec/run-command.ts";

/** The environment of the git commands the forced command and the hook run. */
export const gitEnv = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" };

/**
 * The pre-receive hook of every app repository: it hands the push to `hop3-server git-hook`,
 * whose exit status decides whether git accepts the push.
 */
export function preReceiveHook(program: string, home: string): string {
  for (const path of [program, home]) {
    if (/['\\\x00-\x1f\x7f]/.test(path)) throw new Error(`The path ${JSON.stringify(path)} cannot appear in a git hook`);
  }
  return [
    "#!/bin/sh",
    "# Written by Hop3: git accepts the push only if the deploy of the deploy branch succeeds.",
    `exec '${program}' git-hook pre-receive --home '${home}'`,
    "",
  ].join("\n");
}

/** Creates the app's bare repository if needed, and (re)writes its pre-receive hook. */
export async function ensureRepository(repo: string, hook: string, home: string): Promise<void> {
  if (!existsSync(join(repo, "HEAD"))) {
    // An empty template: no sample hooks, nothing but what git needs.
    const result = await runCommand({ argv: ["git", "init", "--bare", "--quiet", "--template=", repo], cwd: "/", env: { ...gitEnv, HOME: home }, timeoutMs: 30_000 });
    if (result.exitCode !== 0) throw new Error(`git init ${repo} failed: ${result.tail.join(" ").slice(0, 300)}`);
  }
  const hooks = join(repo, "hooks");
  const file = join(hooks, "pre-receive");
  mkdirSync(hooks, { recursive: true });
  if (!existsSync(file) || readFileSync(file, "utf8") !== hook) writeFileSync(file, hook, { mode: 0o755 });
  chmodSync(file, 0o755);
}
