import type { DeployEvent } from "@hop3/contract";

/** How much output one deploy may stream and keep, and the server setting that says so. */
export interface OutputLimit {
  readonly maxBytes: number;
  /** Named in the notice, e.g. `deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX)`. */
  readonly setting: string;
}

/**
 * Caps a deploy's output: the lines of its commands (`log` events) count against the limit;
 * past it they are dropped, after one `output-truncated` notice, from both the client's
 * stream and the release's record. Stages, warnings and the result always pass, so the user
 * still learns how the deploy ended. The commands themselves go on running.
 */
export function capOutput(emit: (event: DeployEvent) => void, limit: OutputLimit): (event: DeployEvent) => void {
  let used = 0;
  let truncated = false;
  return (event) => {
    if (event.type === "log") {
      if (truncated) return;
      const size = Buffer.byteLength(event.line, "utf8") + 1;
      if (used + size > limit.maxBytes) {
        truncated = true;
        emit({ type: "output-truncated", limitBytes: limit.maxBytes, setting: limit.setting });
        return;
      }
      used += size;
    }
    emit(event);
  };
}
