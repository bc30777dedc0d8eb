import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

// Variables a git hook exports would point git at another repository than DIR's.
const gitLocationVariables = new Set(["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR"]);

function gitEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !gitLocationVariables.has(name)));
}

/** What git lists under `dir`: the files it tracks (or has staged) and the untracked ones it does not ignore. */
export interface GitFiles {
  readonly tracked: string[];
  readonly untracked: string[];
}

/**
 * The files git tracks under `dir`, relative to `dir`, or undefined when `dir` is not inside
 * a git work tree (or git is not installed). Tracked files deleted from disk are still listed.
 */
export async function gitFiles(dir: string): Promise<GitFiles | undefined> {
  const env = gitEnv();
  try {
    await run("git", ["-C", dir, "rev-parse", "--show-toplevel"], { env });
  } catch {
    return undefined;
  }
  // Run from dir, ls-files lists only dir's subtree, relative to dir; -z avoids quoting.
  const list = async (which: string[]) => {
    const { stdout } = await run("git", ["-C", dir, "ls-files", "-z", ...which], { env, maxBuffer: 512 * 1024 * 1024 });
    return [...new Set(stdout.split("\0").filter((path) => path !== ""))];
  };
  // Untracked files are left out of the upload: listed so `hop3 deploy` can name them.
  return { tracked: await list(["--cached"]), untracked: await list(["--others", "--exclude-standard"]) };
}
