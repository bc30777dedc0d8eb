import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { gitFiles } from "./git-files.ts";
import { walkFiles } from "./walk-files.ts";

/** The files of an app directory to upload, and their total size on disk. */
export interface FileList {
  files: string[];
  bytes: number;
  /** "git": the tracked files of a work tree; "walk": every file not ignored by .gitignore. */
  source: "git" | "walk";
  /** In a git work tree, the files git does not track (nor ignore): they are not uploaded. */
  untracked: string[];
}

/** Lists what `hop3 deploy` uploads from `dir`: git's tracked files, else a .gitignore-aware walk. */
export async function listFiles(dir: string): Promise<FileList> {
  const git = await gitFiles(dir);
  const candidates = git?.tracked ?? (await walkFiles(dir));
  const files: string[] = [];
  let bytes = 0;
  for (const path of candidates) {
    const stats = await lstat(join(dir, path)).catch((error: NodeJS.ErrnoException) => {
      // A tracked file deleted in the work tree is not part of what gets deployed.
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw error;
    });
    // Directories here are git submodules: their files belong to another repository.
    if (stats === undefined || stats.isDirectory()) continue;
    files.push(path);
    bytes += stats.size;
  }
  return { files, bytes, source: git === undefined ? "walk" : "git", untracked: git?.untracked ?? [] };
}
