import type { DeployEvent } from "@hop3/contract";

/** A start command that builds at run time, as a deploy event (the renderer words it). */
export type StartCommandHint = Extract<DeployEvent, { type: "start-command-hint" }>;

/**
 * Hints for process commands that run a toolchain at every start (`go run .`, `npm run
 * dev`): they compile or bundle again each time, with the app's caches read-only at run time
 * (they fail with a read-only cache error), and a dev server is not meant to serve users.
 * `built` is the command the build made for `web`, offered instead when there is one.
 */
export function startCommandHints(processes: Readonly<Record<string, string>>, built: string | undefined): StartCommandHint[] {
  const hints: StartCommandHint[] = [];
  for (const [processType, command] of Object.entries(processes)) {
    const kind = /(^|[\s;&|])go run\b/.test(command) ? "go-run" : /(^|[\s;&|])(npm run|yarn|pnpm( run)?) dev\b/.test(command) ? "dev-server" : null;
    if (kind !== null) hints.push({ type: "start-command-hint", processType, command, kind, built: built ?? null });
  }
  return hints;
}
