import { parseArgs } from "node:util";
import { Hop3Error } from "@hop3/contract";
import { loadServerConfig } from "./config/server-config.ts";
import { StateLayout } from "./config/state-layout.ts";
import { openDatabase } from "./store/database.ts";
import { TokenStore } from "./auth/token-store.ts";
import { UserStore } from "./auth/user-store.ts";
import { setupSsh } from "./keys/setup-ssh.ts";
import { serverUsage } from "./server-usage.ts";
import { serverVersion } from "./version.ts";

async function main(argv: string[]): Promise<number> {
  // Run by sshd and git as the SSH account; bin/hop3-server starts ssh-main.ts directly.
  if (argv[0] === "ssh-command" || argv[0] === "git-hook") return (await import("./ssh-main.ts")).sshMain(argv);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" }, "new-token": { type: "boolean" }, json: { type: "boolean" }, repo: { type: "string" }, "password-file": { type: "string" }, "s3-credentials-file": { type: "string" }, "without-access": { type: "boolean" } },
  });
  if (values.version) {
    console.log(serverVersion);
    return 0;
  }
  const command = positionals[0];
  if (values.help || command === undefined || command === "help") {
    console.log(serverUsage());
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadServerConfig(process.env);
  if (command === "setup") return setup(config, values["new-token"] === true, values.json === true);
  if (command === "run") return run(config);
  // The unprivileged half of `run` (ADR 31): started by the root parent, with its IPC channel.
  if (command === "daemon") return daemon(config);
  if (command === "restore") {
    const { serverRestoreCommand } = await import("./operations/server-restore-command.ts");
    return serverRestoreCommand(config, { repository: values.repo, passwordFile: values["password-file"], s3CredentialsFile: values["s3-credentials-file"], json: values.json === true, withoutAccess: values["without-access"] === true, env: process.env });
  }
  if (command === "doctor") return (await import("./doctor/run-doctor.ts")).runDoctor(config, values.json === true);
  if (command === "addons:install") return (await import("./addon-drivers/install/install-command.ts")).addonsInstallCommand(positionals.slice(1), values.json === true);
  throw new Hop3Error("CLI_USAGE", `Unknown command "${command}".`, { hint: "Run `hop3-server --help` to see the commands." });
}

async function setup(config: ReturnType<typeof loadServerConfig>, newToken: boolean, json: boolean): Promise<number> {
  ownFilesPrivate();
  const home = config.home;
  const layout = new StateLayout(home);
  (await import("./compose.ts")).prepareStateRoot(layout);
  const db = openDatabase(layout.database);
  const tokens = new TokenStore(db);
  // The first admin (docs/access.md); an install from before users already has one (migration 014).
  const users = new UserStore(db);
  const admin = users.list().find((user) => user.admin) ?? users.add({ name: "admin", admin: true });
  const token = newToken || tokens.list(admin.id).length === 0 ? tokens.issue("admin", admin.id).token : null;
  db.close();
  // As root, the state root is prepared for the unprivileged daemon `run` will start (ADR 31).
  const separated = process.getuid?.() === 0 && config["privilege-separation"] ? await (await import("./privileged/setup-separated.ts")).setupSeparated(config, process.env) : null;
  const ssh = await setupSsh(config, separated?.daemon);
  const service = separated?.service ? `\n${separated.service}` : "";
  if (json) {
    console.log(JSON.stringify({ home, socket: layout.socket, token, user: admin.name, sshUser: ssh.account ? ssh.user : null, ssh: ssh.message, service: separated?.service ?? null }, null, 2));
  } else if (token) {
    console.log(`Hop3 state root is ready: ${home}\n\nAPI token of the admin user "${admin.name}" (shown only now; keep it secret):\n  ${token}\n\nUse it with:\n  export HOP3_URL=unix://${layout.socket} HOP3_TOKEN=${token}\n\n${ssh.message}${service}`);
  } else {
    console.log(`Hop3 state root is ready: ${home}\nAn admin token already exists; run \`hop3-server setup --new-token\` to create another.\n${ssh.message}${service}`);
  }
  return 0;
}

async function run(config: ReturnType<typeof loadServerConfig>): Promise<number> {
  if (process.getuid?.() === 0 && config["privilege-separation"]) {
    const { runPrivileged } = await import("./privileged/run-privileged.ts");
    const code = await runPrivileged(config, process.argv[1] as string);
    // Apps and the proxy are detached children of the parent too: do not wait for them.
    process.exit(code);
  }
  return serve(config);
}

async function daemon(config: ReturnType<typeof loadServerConfig>): Promise<number> {
  if (typeof process.send !== "function") {
    throw new Hop3Error("CLI_USAGE", "`hop3-server daemon` is started by `hop3-server run` (as root), not by hand.", { hint: "Run `hop3-server run`." });
  }
  const { PrivilegedClient, useParent } = await import("./exec/privileged-client.ts");
  useParent(new PrivilegedClient(process as never));
  // The parent ends with us, and we with it: a lost channel means the parent is gone. Nothing
  // started through it can be heard from any more, so the stop waits for none of it (ADR 80).
  const stopping = { parentGone: false };
  process.once("disconnect", () => {
    stopping.parentGone = true;
    setTimeout(() => {
      console.error(`error: the privileged parent is gone and the stop did not end within ${parentGoneStopMs / 1000} s; exiting`);
      process.exit(1);
    }, parentGoneStopMs).unref();
    process.kill(process.pid, "SIGTERM");
  });
  return serve(config, stopping);
}

/** The most a daemon whose parent was killed takes to stop: a new server waits for it (ADR 80). */
const parentGoneStopMs = 15_000;

async function serve(config: ReturnType<typeof loadServerConfig>, stopping: { readonly parentGone: boolean } = { parentGone: false }): Promise<number> {
  ownFilesPrivate();
  const { claimStateRoot } = await import("./runtime/state-root-claim.ts");
  const release = await claimStateRoot({ file: new StateLayout(config.home).serverRecord, home: config.home, waitMs: 60_000, onWait: (line) => console.error(line) });
  // Loaded here, not at the top: the root parent of `run` (ADR 31) never needs the daemon's
  // modules, and holding them cost it ~30 MiB (docs/adr/0056-footprint-counted.md).
  const { startServer } = await import("./compose.ts");
  const server = await startServer(config);
  await new Promise<void>((resolve) => {
    const onSignal = () => resolve();
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  });
  await server.stop({ parentGone: stopping.parentGone });
  release();
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
