import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { apiPaths, authorizeOnlyHeader, deployEventWriter, deployUploadContentType, gitPaths, Hop3Error, readDeployEvents, type AppGit, type DeployEvent } from "@hop3/contract";
import { StateLayout } from "../config/state-layout.ts";
import { runAttached } from "../exec/run-attached.ts";
import { ensureRepository, gitEnv, preReceiveHook } from "./git-repo.ts";
import { hop3Api, type Hop3Api } from "./hop3-api.ts";
import { sshCliInvocation } from "./ssh-cli-invocation.ts";
import { parseSshCommand, type SshRequest } from "./ssh-command-line.ts";
import { sshHelp } from "./ssh-help.ts";
import { cliProgram, readSshSettings, serverProgram, type SshSettings } from "./ssh-settings.ts";

export interface SshCommandOptions {
  /** The state root, from the authorized_keys line. */
  readonly home: string;
  /** The key's id, from the authorized_keys line. */
  readonly keyId: string;
  /** What the client asked for (SSH_ORIGINAL_COMMAND); undefined for a plain `ssh user@server`. */
  readonly originalCommand: string | undefined;
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Exit status of `flock -E` when the lock stayed busy. */
const lockBusy = 75;

/**
 * The forced command of every SSH key: `hop3-server ssh-command --home <home> <key-id>`.
 * It runs as the SSH account, checks the request before doing anything, then serves git
 * (receive-pack / upload-pack on the app's bare repository) or a Hop3 command (run by the
 * real `hop3` CLI against the API socket, with the key's own token, config values on its
 * stdin rather than in its argv: see ssh-cli-invocation.ts). Refusals are one `error:` line
 * and exit status 1.
 */
export async function sshCommand(options: SshCommandOptions): Promise<number> {
  let request: SshRequest;
  let settings: SshSettings;
  let token: string;
  try {
    if (!/^[1-9]\d{0,8}$/.test(options.keyId)) throw new Hop3Error("SSH_COMMAND_REFUSED", "The key id of this forced command is not valid.");
    request = parseSshCommand(options.originalCommand);
    settings = readSshSettings(options.home);
    token = readToken(new StateLayout(settings.home), options.keyId);
  } catch (error) {
    return fail(options.stderr, error);
  }
  const api = hop3Api(settings.socket, token);
  try {
    switch (request.kind) {
      case "help":
        options.stdout.write(sshHelp(settings.sshUser));
        return 0;
      case "git":
        return await serveGit(request, settings, api, options);
      case "deploy-upload":
        return await deployUpload(request.app, api, options);
      case "cli": {
        const cli = sshCliInvocation(request.command, request.args);
        return await runAttached({
          argv: [cliProgram, ...cli.args],
          cwd: new StateLayout(settings.home).sshDir,
          env: { ...gitEnv, HOME: new StateLayout(settings.home).sshDir, HOP3_URL: `unix://${settings.socket}`, HOP3_TOKEN: token },
          input: cli.input,
        });
      }
    }
  } catch (error) {
    return fail(options.stderr, error);
  }
}

function readToken(layout: StateLayout, keyId: string): string {
  try {
    return readFileSync(join(layout.sshKeysDir, `${keyId}.token`), "utf8").trim();
  } catch {
    throw new Hop3Error("AUTH_INVALID", "This SSH key is no longer registered with Hop3.", { hint: "Ask an admin to add it again with `hop3 keys:add`." });
  }
}

async function serveGit(request: Extract<SshRequest, { kind: "git" }>, settings: SshSettings, api: Hop3Api, options: SshCommandOptions): Promise<number> {
  const layout = new StateLayout(settings.home);
  const repo = layout.gitRepo(request.app);
  // Also proves the key's token is still valid before anything is touched.
  const exists = await api.json<AppGit>("GET", gitPaths.appGit(request.app)).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Hop3Error && error.code === "APP_NOT_FOUND") return false;
      throw error;
    },
  );
  const env = { ...gitEnv, HOME: layout.sshDir };
  if (request.verb === "git-upload-pack") {
    if (!existsSync(join(repo, "HEAD")) || !exists) throw new Hop3Error("APP_NOT_FOUND", `App "${request.app}" has no git repository; push to it first.`);
    return runAttached({ argv: ["git", "upload-pack", "--strict", repo], cwd: layout.sshDir, env });
  }
  if (!exists && !settings.gitAutoCreate) {
    throw new Hop3Error("APP_NOT_FOUND", `App "${request.app}" does not exist, and this server creates apps only with \`hop3 apps:create ${request.app}\`.`);
  }
  // The key's user must be allowed to deploy the app (or, for a new app, to create apps): asked
  // of the one authorisation point before git receives anything.
  await api.json("POST", exists ? apiPaths.deploys(request.app) : apiPaths.apps, undefined, { [authorizeOnlyHeader]: "1" });
  await ensureRepository(repo, preReceiveHook(serverProgram, settings.home), layout.sshDir);
  // One push per app at a time, from ref advertisement to ref update: a second push sees the
  // first one's result, so the branch ref and the serving release never disagree.
  const lock = join(repo, "hop3-push.lock");
  const receive = ["git", "receive-pack", repo];
  const pushEnv = { ...env, HOP3_SSH_KEY_ID: options.keyId, HOP3_APP: request.app };
  const first = await runAttached({ argv: ["flock", "--nonblock", "--conflict-exit-code", String(lockBusy), lock, ...receive], cwd: layout.sshDir, env: pushEnv });
  if (first !== lockBusy) return first;
  options.stderr.write(`Another push to ${request.app} is in progress; waiting up to ${settings.deployLockWait}s for it to finish...\n`);
  const waited = await runAttached({
    argv: ["flock", "--timeout", String(settings.deployLockWait), "--conflict-exit-code", String(lockBusy), lock, ...receive],
    cwd: layout.sshDir,
    env: pushEnv,
  });
  if (waited !== lockBusy) return waited;
  throw new Hop3Error("DEPLOY_IN_PROGRESS", `Another push to ${request.app} was still running after ${settings.deployLockWait}s.`);
}

/** The CLI's `hop3 deploy` over SSH: stdin is the upload, stdout the deploy's NDJSON events. */
async function deployUpload(app: string, api: Hop3Api, options: SshCommandOptions): Promise<number> {
  let last: DeployEvent | null = null;
  // Not ended here: stdout is the SSH channel, closed when the command exits.
  const events = deployEventWriter({ writableEnded: false, write: (chunk) => options.stdout.write(chunk), end: () => undefined });
  try {
    const response = await api.upload(`${apiPaths.deploys(app)}?create=true`, options.stdin, deployUploadContentType);
    for await (const event of readDeployEvents(response)) {
      events.emit(event);
      last = event;
    }
  } catch (error) {
    const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `The upload failed: ${(error as Error).message}`);
    last = { type: "failed", error: failure.toBody() };
    events.emit(last);
  }
  return last?.type === "succeeded" ? 0 : 1;
}

function fail(stderr: Writable, error: unknown): number {
  const message = error instanceof Hop3Error ? `${error.message} ${error.hint}` : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
  stderr.write(`error: ${message.replace(/\s+/g, " ").trim()}\n`);
  return 1;
}
