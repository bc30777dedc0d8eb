import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A database server a test starts as an "external" server (ADR 69, ADR 77): a temp directory
 * owned by the Debian account the package made (the servers refuse root or should not run
 * as it), the server run as that account, waited for, and stopped with its directory removed.
 */
export class DatabaseServerProcess {
  readonly dir: string;
  readonly #as: readonly string[];
  #process: ChildProcess | undefined;

  constructor(account: string, prefix: string) {
    const ids = readFileSync("/etc/passwd", "utf8").split("\n").map((line) => line.split(":")).find((fields) => fields[0] === account);
    if (!ids) throw new Error(`no ${account} account: install the engines (scripts/bootstrap.sh)`);
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    chownSync(this.dir, Number(ids[2]), Number(ids[3]));
    this.#as = ["/usr/bin/setpriv", `--reuid=${ids[2]}`, `--regid=${ids[3]}`, "--clear-groups", "--"];
  }

  /** argv run as the account (for a one-off program such as mariadb-install-db). */
  as(argv: readonly string[]): [string, string[]] {
    return [this.#as[0] as string, [...this.#as.slice(1), ...argv]];
  }

  /** Starts the server as the account, feeding it `input`, and waits until `ready` (at most ~60 s); `log` says why it did not start. */
  async start(argv: readonly string[], options: { env: Record<string, string>; input?: string; ready: () => Promise<boolean>; log: () => string }): Promise<void> {
    const [program, args] = this.as(argv);
    const child = spawn(program, args, { env: options.env, cwd: "/", stdio: [options.input === undefined ? "ignore" : "pipe", "ignore", "ignore"] });
    this.#process = child;
    child.stdin?.end(options.input);
    for (let tries = 0; !(await options.ready()); tries++) {
      if (child.exitCode !== null) throw new Error(`${argv[0]} exited at start: ${options.log()}`);
      if (tries > 600) throw new Error(`${argv[0]} did not answer: ${options.log()}`);
      await sleep(100);
    }
  }

  /** A file of the server's directory (its logs), or "" when absent. */
  read(file: string): string {
    try {
      return readFileSync(join(this.dir, file), "utf8");
    } catch {
      return "";
    }
  }

  async stop(): Promise<void> {
    const child = this.#process;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
