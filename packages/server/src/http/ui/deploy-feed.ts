import type { ReleaseSummary } from "@hop3/contract";
import { followLogs } from "../../runtime/log-follower.ts";

/** What the feed tells the page: a deploy began, one line of its output, or how it ended. */
export type DeployFeedEvent =
  | { readonly type: "deploy"; readonly release: number }
  | { readonly type: "line"; readonly release: number; readonly text: string }
  | { readonly type: "done"; readonly release: number; readonly status: ReleaseSummary["status"]; readonly error: string | null };

export interface DeployFeedSource {
  /** The app's releases, newest first (a deploy, git push, rollback or config restart begins one). */
  releases(): readonly Pick<ReleaseSummary, "number" | "status" | "error">[];
  /** The release's output file, written as each event happens by `recordOutput`. */
  outputFile(release: number): string;
}

/**
 * Follows an app's deploys for the app page, whoever started them (CLI, `git push`, the UI):
 * every deploy writes its events, rendered once by `renderDeployEvent`, to the release's output
 * file as they happen, so the feed reads that file rather than rendering events a second time.
 * A release still building when the feed starts is followed from its first line; later ones
 * as they begin. Each poll reads only what was added.
 */
export function followDeploys(source: DeployFeedSource, send: (event: DeployFeedEvent) => void, intervalMs: number): { stop(): void } {
  const first = source.releases()[0];
  // A deploy already under way is shown from its first line; finished ones are on the page.
  let seen = first && first.status !== "building" ? first.number : (first?.number ?? 1) - 1;
  let current: { release: number; follower: { stop(): void } } | null = null;
  const begin = (release: number) => {
    const file = source.outputFile(release);
    send({ type: "deploy", release });
    current = { release, follower: followLogs([file], (_file, text) => send({ type: "line", release, text }), intervalMs, new Map([[file, 0]])) };
  };
  const poll = () => {
    const releases = source.releases();
    const newest = releases[0];
    if (!newest) return;
    if (!current && newest.number > seen) begin(newest.number);
    if (current && (newest.number !== current.release || newest.status !== "building")) {
      const followed = current.release;
      const ended = releases.find((release) => release.number === followed) ?? { status: "failed" as const, error: null };
      current.follower.stop();
      send({ type: "done", release: current.release, status: ended.status, error: ended.error });
      seen = current.release;
      current = null;
      if (newest.number > seen) begin(newest.number);
    }
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      current?.follower.stop();
    },
  };
}
