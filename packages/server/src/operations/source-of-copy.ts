import type { Release, ReleaseSource } from "../core/release.ts";

/**
 * The source recorded on a release built again from a copy of `current`'s build (apps:rename,
 * apps:clone): the commit it came from when known (a rollback or config release names the
 * release whose build it runs: `build`), an upload otherwise.
 */
export function sourceOfCopy(current: Release, build: Release | null = null): ReleaseSource {
  for (const release of [current, build]) {
    const source = release?.source;
    if (source && (source.kind === "git" || source.kind === "rollback") && source.sha !== null && source.ref !== null) {
      return { kind: "git", sha: source.sha, ref: source.ref };
    }
  }
  return { kind: "upload" };
}
