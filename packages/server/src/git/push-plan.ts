/** One line of pre-receive's input: a ref and its old and new commits. */
export interface RefUpdate {
  readonly old: string;
  readonly new: string;
  readonly ref: string;
}

/** What a push does: refuse, deploy one commit of the deploy branch, and what to tell the pusher. */
export interface PushPlan {
  readonly refusal: string | null;
  readonly deploy: { readonly ref: string; readonly sha: string; readonly branch: string; readonly remember: boolean } | null;
  readonly notes: readonly string[];
}

const zero = /^0+$/;

/** Parses `<old> <new> <ref>` lines as git gives them to pre-receive. */
export function parseRefUpdates(input: string): RefUpdate[] {
  return input
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [old = "", sha = "", ref = ""] = line.trim().split(" ");
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(old) || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) || !ref.startsWith("refs/")) {
        throw new Error(`Unexpected pre-receive input line: ${JSON.stringify(line.slice(0, 200))}`);
      }
      return { old, new: sha, ref };
    });
}

/**
 * Decides what a push does. The deploy branch is the app's stored one, else the first of
 * `main`/`master` in this push (remembered once deployed). Only that branch deploys; other
 * branches and tags are stored; deleting the deploy branch refuses the whole push.
 */
export function planPush(app: string, updates: readonly RefUpdate[], deployBranch: string | null): PushPlan {
  const pushed = (branch: string) => updates.some((update) => update.ref === `refs/heads/${branch}` && !zero.test(update.new));
  const branch = deployBranch ?? (pushed("main") ? "main" : pushed("master") ? "master" : null);
  const notes: string[] = [];
  let deploy: PushPlan["deploy"] = null;
  for (const update of updates) {
    const deleting = zero.test(update.new);
    if (branch !== null && update.ref === `refs/heads/${branch}`) {
      if (deleting) {
        return { refusal: `Deleting ${branch}, the deploy branch of ${app}, is refused.`, deploy: null, notes: [] };
      }
      deploy = { ref: update.ref, sha: update.new, branch, remember: deployBranch === null };
    } else if (update.ref.startsWith("refs/heads/")) {
      const name = update.ref.slice("refs/heads/".length);
      if (deleting) notes.push(`Deleted branch ${name}.`);
      else if (branch === null) {
        notes.push(`Stored branch ${name}; not deployed: ${app} has no deploy branch yet. Push main or master, or run \`hop3 git:set-branch ${app} ${name}\`.`);
      } else notes.push(`Stored branch ${name}; not deployed (${app} deploys ${branch}).`);
    } else if (update.ref.startsWith("refs/tags/")) {
      notes.push(`${deleting ? "Deleted" : "Stored"} tag ${update.ref.slice("refs/tags/".length)}.`);
    } else {
      notes.push(`${deleting ? "Deleted" : "Stored"} ${update.ref}.`);
    }
  }
  return { refusal: null, deploy, notes };
}
