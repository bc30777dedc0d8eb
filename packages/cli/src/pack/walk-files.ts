import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ignore from "ignore";

type Ignore = ignore.Ignore;

interface IgnoreScope {
  /** Directory of the .gitignore, relative to the root ("" for the root). */
  base: string;
  rules: Ignore;
}

/**
 * Lists the files under `root` (relative, `/`-separated) that git would not ignore: the
 * `.gitignore` of the root and of every subdirectory apply, deeper ones overriding. `.git` is
 * always skipped. Symbolic links are listed, never followed; empty directories are dropped.
 */
export async function walkFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  await visit(root, "", [], files);
  return files;
}

async function visit(root: string, dir: string, scopes: readonly IgnoreScope[], files: string[]): Promise<void> {
  const absolute = join(root, dir);
  const own = await readGitignore(absolute);
  const active = own ? [...scopes, { base: dir, rules: own }] : scopes;
  const entries = await readdir(absolute, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === ".git") continue;
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    const isDirectory = entry.isDirectory();
    if (isIgnored(active, path, isDirectory)) continue;
    if (isDirectory) await visit(root, path, active, files);
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
  }
}

async function readGitignore(dir: string): Promise<Ignore | undefined> {
  try {
    return ignore().add(await readFile(join(dir, ".gitignore"), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

// Like git: the deepest .gitignore with an opinion on the path (a match or a `!` re-include) wins.
function isIgnored(scopes: readonly IgnoreScope[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, rules } of scopes) {
    const local = base === "" ? path : path.slice(base.length + 1);
    const result = rules.test(isDirectory ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
