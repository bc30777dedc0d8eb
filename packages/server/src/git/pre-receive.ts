import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { text } from "node:stream/consumers";
import { apiPaths, checkAppName, deployUploadContentType, gitPaths, Hop3Error, readDeployEvents, renderDeployEvent, type AppGit, type DeployEvent } from "@hop3/contract";
import { StateLayout } from "../config/state-layout.ts";
import { runCommand } from "../exec/run-command.ts";
import { streamOutput } from "../exec/stream-output.ts";
import { gitEnv } from "./git-repo.ts";
import { hop3Api, type Hop3Api } from "./hop3-api.ts";
import { parseRefUpdates, planPush, type PushPlan } from "./push-plan.ts";
import { readSshSettings, type SshSettings } from "./ssh-settings.ts";

export interface PreReceiveOptions {
  readonly home: string;
  /** The hook's environment: the forced command's HOP3_SSH_KEY_ID and HOP3_APP, and git's GIT_* (quarantine). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The repository (git runs hooks in it). */
  readonly cwd: string;
  readonly stdin: Readable;
  readonly stderr: Writable;
}

/**
 * The pre-receive hook: for a push of the app's deploy branch, uploads `git archive` of the
 * new commit to the deploy API and prints the deploy's progress (git shows it as `remote:`
 * lines). Exits 0 only when the deploy succeeded, so a failed build or start rejects the
 * push and the branch keeps its old commit — as the old release keeps serving.
 */
export async function preReceive(options: PreReceiveOptions): Promise<number> {
  const say = (line: string) => options.stderr.write(`${line}\n`);
  try {
    const keyId = options.env.HOP3_SSH_KEY_ID ?? "";
    const app = checkAppName(options.env.HOP3_APP ?? "");
    if (!/^[1-9]\d{0,8}$/.test(keyId)) throw new Hop3Error("SSH_COMMAND_REFUSED", "Push through SSH (git push hop3 main): this hook runs only for pushes Hop3 received.");
    const settings = readSshSettings(options.home);
    const layout = new StateLayout(settings.home);
    const api = hop3Api(settings.socket, readFileSync(join(layout.sshKeysDir, `${keyId}.token`), "utf8").trim());
    const updates = parseRefUpdates(await text(options.stdin));
    const current = await api.json<AppGit>("GET", gitPaths.appGit(app)).then(
      (git) => git.deployBranch,
      (error: unknown) => {
        if (error instanceof Hop3Error && error.code === "APP_NOT_FOUND") return null;
        throw error;
      },
    );
    const plan = planPush(app, updates, current);
    for (const note of plan.notes) say(`-----> ${note}`);
    if (plan.refusal !== null) {
      say(`error: ${plan.refusal}`);
      say(`hint: Set another deploy branch first with \`hop3 git:set-branch ${app} BRANCH\`.`);
      return 1;
    }
    if (plan.deploy === null) return 0;
    const ok = await deploy(app, plan.deploy, { settings, api, options, say });
    if (ok && plan.deploy.remember) await remember(app, plan.deploy.branch, { api, say });
    // Clones check out the deploy branch, and git protects it (as HEAD) from deletion.
    if (ok) await runCommand({ argv: ["git", "symbolic-ref", "HEAD", plan.deploy.ref], cwd: options.cwd, env: { ...gitEnv, ...gitVariables(options.env) }, timeoutMs: 10_000 });
    return ok ? 0 : 1;
  } catch (error) {
    const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `The push hook failed: ${(error as Error).message}`);
    say(`error: ${failure.message}`);
    say(`hint: ${failure.hint}`);
    return 1;
  }
}

interface Context {
  readonly settings: SshSettings;
  readonly api: Hop3Api;
  readonly options: PreReceiveOptions;
  readonly say: (line: string) => void;
}

async function deploy(app: string, target: NonNullable<PushPlan["deploy"]>, { settings, api, options, say }: Context): Promise<boolean> {
  say(`-----> Deploying ${target.branch} (${target.sha.slice(0, 7)}) to ${app}`);
  // git runs the hook with the quarantine's GIT_* variables: `git archive` sees the pushed objects.
  const archive = streamOutput({ argv: ["git", "archive", "--format=tar.gz", target.sha], cwd: options.cwd, env: { ...gitEnv, ...gitVariables(options.env) } });
  const query = new URLSearchParams({ create: String(settings.gitAutoCreate), wait: String(settings.deployLockWait) });
  if (/^[0-9a-f]{40}$/.test(target.sha)) query.set("gitSha", target.sha);
  query.set("gitRef", target.ref);
  let last: DeployEvent | null = null;
  try {
    const response = await api.upload(`${apiPaths.deploys(app)}?${query.toString()}`, archive.stdout, deployUploadContentType);
    for await (const event of readDeployEvents(response)) {
      for (const rendered of renderDeployEvent(event)) say(rendered.text);
      last = event;
    }
  } catch (error) {
    const result = await archive.done;
    // (Killed by a signal means the server refused the upload and closed the pipe: its error says why.)
    if (result.exitCode !== null && result.exitCode !== 0) say(`error: git archive ${target.sha.slice(0, 7)} failed: ${result.stderr.trim().split("\n").pop() ?? ""}`);
    throw error;
  }
  if (last === null || (last.type !== "succeeded" && last.type !== "failed")) {
    say("error: The server closed the connection before the deploy finished.");
    say(`hint: Run \`hop3 apps:info ${app}\` to see which release is serving; the push was not accepted.`);
    return false;
  }
  if (last.type === "failed") say(`-----> Push rejected: ${target.branch} keeps its previous commit.`);
  return last.type === "succeeded";
}

/** First successful deploy of main/master: that branch becomes the app's deploy branch. */
async function remember(app: string, branch: string, { api, say }: Pick<Context, "api" | "say">): Promise<void> {
  try {
    await api.json<AppGit>("PUT", gitPaths.appGit(app), { deployBranch: branch });
    say(`-----> ${branch} is the deploy branch of ${app} from now on`);
  } catch (error) {
    say(`warning: Could not record ${branch} as the deploy branch of ${app}: ${(error as Error).message}`);
  }
}

function gitVariables(env: PreReceiveOptions["env"]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith("GIT_") && value !== undefined) variables[name] = value;
  if (env.HOME) variables.HOME = env.HOME;
  return variables;
}
