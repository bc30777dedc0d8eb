import { runCommand } from "../exec/run-command.ts";

const nobody = "65534";

/**
 * Checks that this host can run the sandbox: util-linux's setpriv, bubblewrap, and user
 * namespaces for an unprivileged user (some kernels and AppArmor profiles refuse them).
 * Returns null when it works, else the reason in words.
 */
export async function probeSandbox(): Promise<string | null> {
  if (process.getuid?.() !== 0) return "the server does not run as root, so it cannot switch to the apps' users";
  const argv = ["/usr/bin/setpriv", `--reuid=${nobody}`, `--regid=${nobody}`, "--clear-groups", "--no-new-privs", "--", "/usr/bin/bwrap", "--unshare-pid", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "/bin/true"] as const;
  try {
    const result = await runCommand({ argv, cwd: "/", env: { PATH: "/usr/bin:/bin" }, timeoutMs: 10_000 });
    if (result.exitCode === 0) return null;
    return `bubblewrap failed for an unprivileged user (${result.tail.join(" ").trim() || `exit code ${result.exitCode}`}); user namespaces may be disabled`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "setpriv (util-linux) or bwrap (bubblewrap) is not installed" : `the sandbox check could not run: ${(error as Error).message}`;
  }
}
