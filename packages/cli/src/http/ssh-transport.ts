import { spawn, type ChildProcessByStdio } from "node:child_process";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { Hop3Error } from "@hop3/contract";
import type { CliIo } from "../io.ts";
import type { ApiClient } from "./api-client.ts";
import type { SshTarget } from "./server-url.ts";

/** ssh exits with 255 for its own errors (connection, authentication); the remote's status otherwise. */
const sshFailed = 255;

/**
 * The command line of `ssh` for one remote command. HOP3_SSH_COMMAND (like git's
 * GIT_SSH_COMMAND: a program and options split on spaces) replaces the plain `ssh`. The
 * remote command is one string, quoted for the server's parser (`ssh` joins words with spaces).
 */
export function sshArgv(target: SshTarget, env: CliIo["env"], remote: readonly string[], terminal = false): [string, ...string[]] {
  const [program = "ssh", ...options] = (env.HOP3_SSH_COMMAND ?? "ssh").split(/\s+/).filter((word) => word !== "");
  const port = target.port === undefined ? [] : ["-p", String(target.port)];
  // -tt: a terminal even when ssh's own stdin is not one (`hop3 run --tty` in a script).
  return [program, ...options, terminal ? "-tt" : "-T", ...port, `${target.user}@${target.host}`, "--", remote.map(quoteWord).join(" ")];
}

/** Quotes a word for the server's command parser (single quotes, `'\''` for a quote). */
export function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs a Hop3 command on the server through SSH, as typed: the server's forced command runs
 * the same command with the key's own API token. Output is relayed as it comes (as bytes,
 * on this process's own streams, when `stdio` says so); the exit status is the remote command's.
 * `input`, when given, is the remote command's stdin.
 */
export async function runRemote(target: SshTarget, remote: readonly string[], io: CliIo, stdio?: { terminal: boolean }, input?: string): Promise<number> {
  const [program, ...args] = sshArgv(target, io.env, remote, stdio?.terminal);
  if (stdio !== undefined) {
    const attached = spawn(program, args, { env: { ...io.env }, stdio: "inherit" });
    const code = await exitOf(attached, target);
    if (code === sshFailed) throw unreachable(target);
    return code;
  }
  const child = spawn(program, args, { env: { ...io.env }, stdio: [input === undefined ? "inherit" : "pipe", "pipe", "pipe"] }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
  if (input !== undefined) {
    // A refusal may come before the remote command reads its input: its status is the answer.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input);
  }
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => io.stdout(chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => io.stderr(chunk));
  const code = await exitOf(child, target);
  if (code === sshFailed) throw unreachable(target);
  return code;
}

/** Runs a remote command and returns its stdout (for `hop3 login` against an SSH URL). */
export async function captureRemote(target: SshTarget, remote: readonly string[], io: CliIo): Promise<string> {
  const [program, ...args] = sshArgv(target, io.env, remote);
  const child = spawn(program, args, { env: { ...io.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => io.stderr(chunk));
  const code = await exitOf(child, target);
  if (code === sshFailed) throw unreachable(target);
  if (code !== 0) throw new Hop3Error("SERVER_UNREACHABLE", `\`${remote.join(" ")}\` failed on ${target.display} (exit ${code}).`);
  return stdout;
}

/**
 * The API client of an SSH target. Only the deploy upload goes through it (`hop3 deploy` packs
 * locally): the tar.gz is piped into `deploy-upload --app NAME`, whose stdout is the deploy's
 * event stream. Every other command runs remotely as a whole (see runRemote).
 */
export function createSshClient(target: SshTarget, io: CliIo): ApiClient {
  return {
    server: target.display,
    json() {
      return Promise.reject(new Hop3Error("INTERNAL", `This command cannot call the API over SSH (${target.display}).`));
    },
    upgrade() {
      return Promise.reject(new Hop3Error("INTERNAL", `This command cannot call the API over SSH (${target.display}).`));
    },
    stream() {
      return Promise.reject(new Hop3Error("INTERNAL", `This command cannot call the API over SSH (${target.display}).`));
    },
    upload(path: string, body: Readable): Promise<Readable> {
      const match = /^\/v1\/apps\/([^/?]+)\/deploys(?:\?.*)?$/.exec(path);
      if (!match?.[1]) return Promise.reject(new Hop3Error("INTERNAL", `Uploading to ${path} is not possible over SSH.`));
      const [program, ...args] = sshArgv(target, io.env, ["deploy-upload", "--app", decodeURIComponent(match[1])]);
      const child = spawn(program, args, { env: { ...io.env }, stdio: ["pipe", "pipe", "pipe"] });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => io.stderr(chunk));
      const events = new PassThrough();
      let received = 0;
      child.stdout.on("data", (chunk: Buffer) => {
        received += chunk.length;
        events.write(chunk);
      });
      // The event stream ends when ssh does; an ssh failure before any event is the error to show.
      void exitOf(child, target).then(
        (code) => (code === sshFailed && received === 0 ? events.destroy(unreachable(target)) : events.end()),
        (error: unknown) => events.destroy(error as Error),
      );
      body.on("error", (error) => {
        child.kill();
        events.destroy(new Hop3Error("INTERNAL", `Packing the upload failed: ${error.message}.`, { cause: error }));
      });
      // The server may stop reading early (a refused deploy): that is its answer, not an error here.
      child.stdin.on("error", () => undefined);
      body.pipe(child.stdin);
      return Promise.resolve(events);
    },
  };
}

function exitOf(child: ReturnType<typeof spawn>, target: SshTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Hop3Error("SERVER_UNREACHABLE", `Cannot run ssh to reach ${target.display}: ${error.code === "ENOENT" ? "ssh is not installed" : error.message}.`)),
    );
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function unreachable(target: SshTarget): Hop3Error {
  return new Hop3Error("SERVER_UNREACHABLE", `Cannot reach the Hop3 server at ${target.display}: ssh failed (its message is above).`, {
    hint: "Check the host, that your key was added with `hop3 keys:add`, and HOP3_SSH_COMMAND if you set one.",
  });
}
