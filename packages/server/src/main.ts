import { parseArgs } from "node:util";
import { Hop3Error } from "@hop3/contract";
import { loadServerConfig } from "./config/server-config.ts";
import { StateLayout } from "./config/state-layout.ts";
import { openDatabase } from "./store/database.ts";
import { TokenStore } from "./auth/token-store.ts";
import { setupSsh } from "./keys/setup-ssh.ts";
import { prepareStateRoot, serverVersion, startServer } from "./compose.ts";

const usage = `Usage: hop3-server <command> [options]

Commands:
  run                 Run the Hop3 daemon in the foreground. SIGTERM/SIGINT stop it cleanly;
                      apps and the proxy keep running and the next run adopts them
  setup               Create the state root and database, and print a new admin API token
                        --new-token   create another admin token even if one exists
                        --json        print {home, socket, token, sshUser, ssh} as JSON
                      As root, also creates the SSH account for git push (HOP3_SSH_USER)
  ssh-command         The forced command of every SSH key (run by sshd, see docs/git-push.md)
  git-hook            The pre-receive hook of app repositories (run by git)

Configuration (environment, or <HOP3_HOME>/server.toml, or the file in HOP3_CONFIG):
  HOP3_HOME           state root (default /var/lib/hop3)
  HOP3_DOMAIN         apps are served at <app>.<domain> (default localhost)
  HOP3_HTTP_PORT      port where the proxy serves apps (default 80)
  HOP3_API_PORT       loopback TCP port of the API, 0 to disable (default 8000)
  HOP3_START_TIMEOUT  seconds a web process has to accept connections (default 30)
  HOP3_STOP_TIMEOUT   seconds an instance has to exit after SIGTERM before SIGKILL (default 10)
  HOP3_DRAIN_TIMEOUT  seconds old instances keep serving requests in flight after a switch (default 1)
  HOP3_KEEP_RELEASES  releases kept per app (default 5)
  HOP3_APP_PATH       PATH for builds and app processes
  HOP3_LOG_LEVEL      fatal, error, warn, info or debug (default info)
  HOP3_SSH_USER       Unix account of git push and SSH commands (default hop3)
  HOP3_PROXY_USER     Unix account Caddy runs as when the server runs as root (default hop3-proxy)
  HOP3_GIT_AUTO_CREATE  a push to an unknown app creates it: true or false (default true)
  HOP3_DEPLOY_LOCK_WAIT  seconds a push waits for another deploy of its app (default 600)
  HOP3_BUILD_TIMEOUT  seconds a build may run before it is stopped; hop3.toml [build] timeout
                      can only lower it (default 1800)
  HOP3_BUILD_SLOTS    builds that run at once, the others wait in a queue (default half the
                      CPU cores, at least 1)
  HOP3_DEPLOY_OUTPUT_MAX  output of one deploy streamed and kept, e.g. 10M; past it, lines are
                      dropped with a notice (default 10M)
  HOP3_UPLOAD_MAX_UNPACKED  size a deploy upload may unpack to (default 2G)
  HOP3_UPLOAD_MAX_FILES  files, directories and links a deploy upload may hold (default 100000)
  HOP3_NETWORK_ISOLATION  keep apps from each other's ports, the API and the metadata address,
                      and Hop3's port ranges from other machines: true or false (default true)
  HOP3_FIREWALL_CONFIRM_TIMEOUT  seconds a closing \`hop3 firewall\` change has to be confirmed
                      before it is undone (default 60)

Options:
  -h, --help          show this help
  -v, --version       print the version`;

async function main(argv: string[]): Promise<number> {
  // Run by sshd and git as the SSH account; bin/hop3-server starts ssh-main.ts directly.
  if (argv[0] === "ssh-command" || argv[0] === "git-hook") return (await import("./ssh-main.ts")).sshMain(argv);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" }, "new-token": { type: "boolean" }, json: { type: "boolean" } },
  });
  if (values.version) {
    console.log(serverVersion);
    return 0;
  }
  const command = positionals[0];
  if (values.help || command === undefined || command === "help") {
    console.log(usage);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadServerConfig(process.env);
  if (command === "setup") return setup(config, values["new-token"] === true, values.json === true);
  if (command === "run") return run(config);
  throw new Hop3Error("CLI_USAGE", `Unknown command "${command}".`, { hint: "Run `hop3-server --help` to see the commands." });
}

async function setup(config: ReturnType<typeof loadServerConfig>, newToken: boolean, json: boolean): Promise<number> {
  ownFilesPrivate();
  const home = config.home;
  const layout = new StateLayout(home);
  prepareStateRoot(layout);
  const db = openDatabase(layout.database);
  const tokens = new TokenStore(db);
  const token = newToken || tokens.count() === 0 ? tokens.create("admin", "admin") : null;
  db.close();
  const ssh = await setupSsh(config);
  if (json) {
    console.log(JSON.stringify({ home, socket: layout.socket, token, sshUser: ssh.account ? ssh.user : null, ssh: ssh.message }, null, 2));
  } else if (token) {
    console.log(`Hop3 state root is ready: ${home}\n\nAdmin API token (shown only now; keep it secret):\n  ${token}\n\nUse it with:\n  export HOP3_URL=unix://${layout.socket} HOP3_TOKEN=${token}\n\n${ssh.message}`);
  } else {
    console.log(`Hop3 state root is ready: ${home}\nAn admin token already exists; run \`hop3-server setup --new-token\` to create another.\n${ssh.message}`);
  }
  return 0;
}

async function run(config: ReturnType<typeof loadServerConfig>): Promise<number> {
  ownFilesPrivate();
  const server = await startServer(config);
  await new Promise<void>((resolve) => {
    const onSignal = () => resolve();
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  });
  await server.stop();
  // App processes and the proxy were detached on purpose and keep running; nothing else is
  // left to wait for, so exit now rather than when their handles are collected.
  process.exit(0);
}

/**
 * The daemon's files (database and its -wal/-shm, keys, records, logs) are private from the
 * moment they exist: a mode set afterwards leaves a window. Files others must read get their
 * mode set explicitly; processes the daemon starts inherit the same umask (apps' files are
 * their own unless an app chooses otherwise).
 */
function ownFilesPrivate(): void {
  process.umask(0o077);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof Hop3Error) {
      console.error(`error: ${error.message}\nhint: ${error.hint}`);
    } else if (error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS")) {
      console.error(`error: ${error.message}\nhint: Run \`hop3-server --help\` to see the usage.`);
      process.exitCode = 2;
      return;
    } else {
      console.error(`error: ${(error as Error)?.stack ?? String(error)}`);
    }
    // A start that failed half-way may hold handles (the proxy's child, timers): exit anyway.
    process.exit(1);
  },
);
