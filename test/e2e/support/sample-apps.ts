import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { repoRoot } from "./hop3-fixture.ts";

const made: string[] = [];
process.once("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hop3-app-"));
  made.push(dir);
  return dir;
}

/** A writable copy of `test/apps/<name>` in a temporary directory, optionally as a git repository. */
export function copySample(name: string, options: { git?: boolean } = {}): string {
  const dir = join(tempDir(), name);
  cpSync(join(repoRoot, "test/apps", name), dir, { recursive: true });
  if (options.git) {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.org", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.org" } });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "sample");
  }
  return dir;
}

/** A temporary app directory made of the given files. */
export function makeApp(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}
