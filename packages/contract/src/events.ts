import type { ErrorBody } from "./errors.ts";

/** The stages of a deploy, in order. */
export const deployStages = ["wait", "receive", "config", "detect", "build", "release", "start", "health", "route", "cleanup"] as const;
export type DeployStage = (typeof deployStages)[number];

/**
 * What a deploy emits, streamed to the client as newline-delimited JSON. The union is
 * closed: the CLI (and later the web UI) renders each member.
 */
export type DeployEvent =
  | { type: "stage"; stage: DeployStage; message: string }
  | { type: "log"; source: "build" | "start"; stream: "stdout" | "stderr"; line: string }
  | { type: "warning"; message: string }
  /** The deploy waits for one of the server's build slots; `ahead` builds run or wait before it. */
  | { type: "queued"; ahead: number; slots: number; setting: string }
  /** Output past `limitBytes` is neither streamed nor kept (the build goes on); `setting` names the server setting. */
  | { type: "output-truncated"; limitBytes: number; setting: string }
  | { type: "succeeded"; app: string; release: number; url: string | null; seconds: number }
  | { type: "failed"; error: ErrorBody };

export const deployEventContentType = "application/x-ndjson";
