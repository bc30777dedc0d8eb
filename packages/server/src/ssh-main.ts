import { parseArgs } from "node:util";
import { sshCommand } from "./git/ssh-command.ts";
import { preReceive } from "./git/pre-receive.ts";

/**
 * The light entry point of `hop3-server ssh-command` and `hop3-server git-hook` (bin/hop3-server
 * starts it directly): it loads neither the HTTP server nor the database, since it runs on
 * every SSH connection and every push. These run as the SSH account and reach the daemon only
 * through its API socket.
 */
export async function sshMain(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { home: { type: "string" } } });
  const [command, argument, extra] = positionals;
  const home = values.home;
  if (home === undefined || !home.startsWith("/") || extra !== undefined) return usage();
  if (command === "ssh-command" && argument !== undefined) {
    return sshCommand({ home, keyId: argument, originalCommand: process.env.SSH_ORIGINAL_COMMAND, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  }
  if (command === "git-hook" && argument === "pre-receive") {
    // A pusher who goes away (Ctrl-C) must not cut a deploy in half: the hook carries on, and
    // git still updates the ref when it succeeds, so ref and serving release agree.
    for (const signal of ["SIGHUP", "SIGINT"] as const) process.on(signal, () => undefined);
    process.stderr.on("error", () => undefined);
    return preReceive({ home, env: process.env, cwd: process.cwd(), stdin: process.stdin, stderr: process.stderr });
  }
  return usage();
}

function usage(): number {
  process.stderr.write("error: usage: hop3-server ssh-command --home HOME KEY_ID | hop3-server git-hook pre-receive --home HOME (run by sshd and git, not by people)\n");
  return 2;
}

if (import.meta.main) {
  const code = await sshMain(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  });
  // Exit now: an idle stdin (the SSH channel) must not keep the command alive.
  process.exit(code);
}
