import type { ProgressLine } from "../command.ts";
import { plural } from "../format/plural.ts";

/** Files left out of a git work tree's upload because git does not track them. */
export interface UntrackedFiles {
  readonly type: "untracked";
  readonly paths: readonly string[];
}

// Files Hop3 reads to configure or detect an app: leaving one out changes what is deployed.
const readByHop3 = new Set([
  "hop3.toml",
  "Procfile",
  "app.json",
  "ENV",
  ".env",
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "requirements.txt",
  "pyproject.toml",
  "uv.lock",
  "poetry.lock",
  "Pipfile",
  "Pipfile.lock",
  "runtime.txt",
  "go.mod",
  "go.sum",
  "Cargo.toml",
  "Cargo.lock",
  "Gemfile",
  "Gemfile.lock",
  "composer.json",
  "composer.lock",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "index.html",
]);

const shownAtMost = 10;

/**
 * The warning `hop3 deploy` prints when a git work tree has untracked files: which ones were
 * left out and how to include them, and a louder line when one is a file Hop3 reads (an
 * uncommitted Procfile otherwise ends in "No builder recognises this app").
 */
export function renderUntrackedNote({ paths }: UntrackedFiles): ProgressLine | undefined {
  if (paths.length === 0) return undefined;
  const shown = paths.slice(0, shownAtMost).join(", ") + (paths.length > shownAtMost ? `, and ${paths.length - shownAtMost} more` : "");
  const lines = [`warning: ${plural(paths.length, "untracked file")} left out of the upload (in a git work tree only the files git tracks are deployed): ${shown}`];
  const used = paths.filter((path) => readByHop3.has(path));
  if (used.length > 0) {
    lines.push(`warning: ${used.join(", ")} ${used.length === 1 ? "is a file" : "are files"} Hop3 reads to build and run the app: \`git add ${used.join(" ")}\` to deploy ${used.length === 1 ? "it" : "them"}.`);
  } else {
    lines.push("warning: `git add FILE...` includes a file in the next deploy (a commit is not needed).");
  }
  return { stream: "stderr", text: lines.join("\n") };
}
