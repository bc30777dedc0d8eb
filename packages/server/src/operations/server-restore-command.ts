import { existsSync, readFileSync } from "node:fs";
import { backupPaths, Hop3Error, type BackupRecovery, type ServerRestoreAccess, type ServerRestorePlan } from "@hop3/contract";
import type { ServerConfig } from "../config/server-config.ts";
import { StateLayout } from "../config/state-layout.ts";
import { openDatabase } from "../store/database.ts";
import { TokenStore } from "../auth/token-store.ts";
import { UserStore } from "../auth/user-store.ts";
import { hop3Api } from "../git/hop3-api.ts";
import { parseS3Credentials, type S3Key } from "../backups/s3-credentials.ts";

export interface ServerRestoreOptions {
  readonly repository: string | undefined;
  readonly passwordFile: string | undefined;
  /** An s3: repository's key: a file of AWS_ACCESS_KEY_ID= and AWS_SECRET_ACCESS_KEY= lines (else those variables). */
  readonly s3CredentialsFile?: string | undefined;
  readonly json: boolean;
  /** Bring back the apps only, not the lost server's users, roles, keys and tokens (ADR 83). */
  readonly withoutAccess?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What `hop3-server restore --json` prints. */
export interface ServerRestoreResult {
  readonly repository: string;
  readonly server: ServerRestorePlan["server"];
  readonly apps: BackupRecovery["apps"];
  /** What came back of the lost server's users, roles, SSH keys and tokens; null with --without-access or without a server-level snapshot. */
  readonly access: ServerRestoreAccess | null;
}

/**
 * `hop3-server restore --repo REPO` (ADR 70): disaster recovery onto this fresh server, which
 * must be running. The daemon adopts the repository and the lost server's config key, then
 * brings the apps back one by one — each built from its latest backup and served — while this
 * command shows each as it goes; then the lost server's users, roles, SSH keys and tokens
 * come back (ADR 83: after the apps, which their roles and tokens name). The password comes from a file, RESTIC_PASSWORD or a prompt:
 * never from argv (which every user of the host can read in /proc).
 */
export async function serverRestoreCommand(config: ServerConfig, options: ServerRestoreOptions): Promise<number> {
  if (!options.repository) throw new Hop3Error("CLI_USAGE", "hop3-server restore needs --repo REPO (an absolute path, sftp:USER@HOST:/PATH or s3:http(s)://HOST/BUCKET).", { hint: "Run `hop3-server --help`." });
  const password = await readPassword(options);
  const s3 = options.repository.startsWith("s3:") ? readS3Key(options) : undefined;
  const layout = new StateLayout(config.home);
  if (!existsSync(layout.socket)) {
    throw new Hop3Error("SERVER_UNREACHABLE", `No Hop3 server answers on ${layout.socket}.`, { hint: "Run `hop3-server setup`, start the server (`hop3-server run` or its service), then run this again." });
  }
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  return withToken(layout, options.env.HOP3_TOKEN, async (token) => {
    const api = hop3Api(layout.socket, token);
    progress(`Reading the repository ${options.repository}…`);
    const plan = await api.json<ServerRestorePlan>("POST", backupPaths.serverRestore, { repository: options.repository, password, ...(s3 ? { s3 } : {}) });
    progress(
      plan.server
        ? `Server-level backup of ${plan.server.time}: ${plan.server.configKey ? "the lost server's config key is kept (its apps' config vars decrypt here)" : "it holds no config key"}.`
        : "warning: the repository holds no server-level backup: config vars of its apps cannot be decrypted unless this server has their key.",
    );
    progress(`${plan.apps.length} app(s) to bring back: ${plan.apps.join(", ") || "none"}.`);
    const apps: BackupRecovery["apps"] = [];
    for (const [index, name] of plan.apps.entries()) {
      progress(`[${index + 1}/${plan.apps.length}] Restoring ${name} (built from its latest backup)…`);
      const recovered = await api.json<BackupRecovery>("POST", backupPaths.recoverApp(name));
      for (const app of recovered.apps) {
        apps.push(app);
        progress(`[${index + 1}/${plan.apps.length}] ${app.app}: ${app.status}${app.reason ? ` (${app.reason})` : ""}`);
      }
    }
    let access: ServerRestoreAccess | null = null;
    if (options.withoutAccess) progress("Users, roles, SSH keys and tokens are not restored (--without-access).");
    else if (!plan.server) progress("warning: without a server-level backup, no user, role, SSH key or token can be restored.");
    else {
      progress("Restoring the lost server's users, roles, SSH keys and API tokens…");
      access = await api.json<ServerRestoreAccess>("POST", backupPaths.serverRestoreAccess, { snapshot: plan.server.snapshot });
      progress(describeAccess(access));
      for (const skipped of access.skipped) progress(`  skipped ${skipped.kind} ${skipped.name}: ${skipped.reason}`);
    }
    const result: ServerRestoreResult = { repository: plan.repository, server: plan.server, apps, access };
    const failed = apps.filter((app) => app.status === "failed");
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else console.log(`Restored ${apps.filter((app) => app.status === "restored").length} of ${apps.length} app(s) from ${plan.repository}.${failed.length > 0 ? ` Failed: ${failed.map((app) => app.app).join(", ")}.` : ""}`);
    if (failed.length > 0) {
      progress(`error: ${failed.length} app(s) could not be brought back (reasons above).\nhint: Fix the reason, then run \`hop3 backups:recover\`: it brings back the apps this server still lacks.`);
      return 1;
    }
    return 0;
  });
}

/** One line of what came back of the lost server's access. */
function describeAccess(access: ServerRestoreAccess): string {
  const merged = access.merged.length > 0 ? ` (${access.merged.join(", ")} merged with this server's: they keep its password and gain the lost one's roles, keys and tokens)` : "";
  return `Access: ${access.users} user(s) added${merged}, ${access.grants} app role(s), ${access.sshKeys} SSH key(s), ${access.tokens} API token(s)${access.skipped.length > 0 ? `; ${access.skipped.length} skipped:` : "."}`;
}

/** The repository's password: --password-file, else RESTIC_PASSWORD, else asked on the terminal. */
async function readPassword(options: ServerRestoreOptions): Promise<string> {
  if (options.passwordFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.passwordFile, "utf8");
    } catch (error) {
      throw new Hop3Error("CLI_USAGE", `The password file ${options.passwordFile} could not be read: ${(error as Error).message}.`);
    }
    const password = text.replace(/\r?\n$/, "");
    if (password === "") throw new Hop3Error("CLI_USAGE", `The password file ${options.passwordFile} is empty.`);
    return password;
  }
  const fromEnv = options.env.RESTIC_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new Hop3Error("CLI_USAGE", "hop3-server restore needs the repository's password.", { hint: "Give --password-file FILE or RESTIC_PASSWORD, or run it on a terminal to be asked." });
  return promptHidden("Repository password: ");
}

/**
 * An s3: repository's key: --s3-credentials-file, else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY;
 * neither: none, and the server uses the file of its backup-s3-credentials-file setting.
 */
function readS3Key(options: ServerRestoreOptions): S3Key | undefined {
  if (options.s3CredentialsFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.s3CredentialsFile, "utf8");
    } catch (error) {
      throw new Hop3Error("CLI_USAGE", `The S3 credentials file ${options.s3CredentialsFile} could not be read: ${(error as Error).message}.`);
    }
    try {
      return parseS3Credentials(text, options.s3CredentialsFile);
    } catch (error) {
      throw new Hop3Error("CLI_USAGE", (error as Error).message.replace(" (server setting backup-s3-credentials-file)", ""), { hint: "Give a file of two lines: AWS_ACCESS_KEY_ID=… and AWS_SECRET_ACCESS_KEY=…" });
    }
  }
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = options.env;
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let typed = "";
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return done(null);
        if (char === "\u0003") return done(new Hop3Error("CLI_USAGE", "Interrupted."));
        typed = char === "\u007f" ? typed.slice(0, -1) : typed + char;
      }
    };
    const done = (error: Error | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    stdin.on("data", onData);
  });
}

/** HOP3_TOKEN when given; else, as `setup` does, a token of the first admin made for this run and revoked after. */
async function withToken<T>(layout: StateLayout, given: string | undefined, run: (token: string) => Promise<T>): Promise<T> {
  if (given) return run(given);
  const db = openDatabase(layout.database);
  const admin = new UserStore(db).list().find((user) => user.admin);
  if (!admin) {
    db.close();
    throw new Hop3Error("CLI_USAGE", `The state root ${layout.home} has no admin user.`, { hint: "Run `hop3-server setup` first." });
  }
  const tokens = new TokenStore(db);
  const issued = tokens.issue("hop3-server restore", admin.id, { expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString() });
  try {
    return await run(issued.token);
  } finally {
    tokens.revoke(issued.id);
    db.close();
  }
}
