import { startDetached } from "./start-detached.ts";
import { systemEnv } from "./system-env.ts";

// Constant script, arguments in argv: after $1 seconds, runs the nft script $2 if it is still
// there (confirming a change deletes it), then deletes it.
const rollbackScript = 'sleep "$1"; if [ -e "$2" ]; then nft -f "$2"; rm -f "$2"; fi';

/**
 * Starts a detached timer that applies an nft script after `seconds` unless the file is
 * deleted first. It is a process of its own so that the rollback happens even if the server
 * is gone (crashed, or its host unreachable) by then.
 */
export function startRollbackTimer(options: { readonly seconds: number; readonly script: string; readonly logFile: string }): void {
  const child = startDetached({
    argv: ["/bin/sh", "-c", rollbackScript, "hop3-firewall-rollback", String(options.seconds), options.script],
    cwd: "/",
    env: systemEnv,
    logFile: options.logFile,
  });
  child.unref();
}
