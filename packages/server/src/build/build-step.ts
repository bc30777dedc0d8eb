import { Hop3Error } from "@hop3/contract";
import { formatByteSize } from "../core/byte-size.ts";
import { runCommand } from "../exec/run-command.ts";
import type { BuildContext } from "./builder.ts";

/** One command of a build, run as the app's user with the build's output streamed. */
export interface BuildStep {
  /** Who runs the step, first word of a failure message: `python`, `build hook "before"`… */
  readonly label: string;
  /** Announced as `-----> <title>`; a step without a title runs silently (unless it fails). */
  readonly title?: string | undefined;
  readonly argv: readonly [string, ...string[]];
  /** How the command is named in a failure message; defaults to the quoted argv. */
  readonly shown?: string | undefined;
  /** Defaults to `ctx.appDir`. */
  readonly cwd?: string | undefined;
  /** The complete environment; defaults to `ctx.env`. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Receives the step's lines instead of `ctx.onLine` (used to read a command's output). */
  readonly onLine?: ((stream: "stdout" | "stderr", line: string) => void) | undefined;
}

/** Prints a Heroku-style stage line, the marker users scan the build output for. */
export function announce(ctx: BuildContext, text: string): void {
  ctx.onLine("stdout", `-----> ${text}`);
}

/** Prints a detail line under the current stage. */
export function note(ctx: BuildContext, text: string): void {
  ctx.onLine("stdout", `       ${text}`);
}

/** Prints a warning the user should act on, Heroku-style. */
export function warn(ctx: BuildContext, text: string): void {
  ctx.onLine("stderr", ` !     ${text}`);
}

/** Runs one build step; throws `BUILD_FAILED` naming the step and its exit status when it fails. */
export async function runBuildStep(ctx: BuildContext, step: BuildStep): Promise<void> {
  const shown = step.shown ?? quoteArgv(step.argv);
  if (isAborted(ctx)) throw cancelled(ctx, step.label, shown);
  if (step.title !== undefined) announce(ctx, step.title);
  let result;
  try {
    result = await runCommand({
      argv: step.argv,
      cwd: step.cwd ?? ctx.appDir,
      env: step.env ?? ctx.env,
      runAs: ctx.runAs,
      signal: ctx.signal,
      onLine: step.onLine ?? ctx.onLine,
    });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "was not found on PATH" : "could not be started";
    throw new Hop3Error("BUILD_FAILED", `${step.label}: \`${step.argv[0]}\` ${reason} (running \`${shown}\`)`, { cause: error });
  }
  // Checked first: a step that exits 0 after its deadline fired was still stopped.
  if (isAborted(ctx)) throw cancelled(ctx, step.label, shown);
  if (result.exitCode === 0) return;
  if (result.outOfMemory) throw outOfMemory(ctx, step.label, shown);
  if (result.tail.some((line) => line === `bwrap: execvp ${step.argv[0]}: No such file or directory`)) {
    throw new Hop3Error("BUILD_FAILED", `${step.label}: \`${step.argv[0]}\` was not found on PATH (running \`${shown}\`)`);
  }
  const status = result.exitCode === null ? `was killed by ${result.signal ?? "a signal"}` : `exited with code ${result.exitCode}`;
  throw new Hop3Error("BUILD_FAILED", `${step.label}: \`${shown}\` ${status}`);
}

/** Runs a silent step and returns what it printed on stdout, line by line. */
export async function readStepOutput(ctx: BuildContext, step: Omit<BuildStep, "title" | "onLine">): Promise<string[]> {
  const lines: string[] = [];
  await runBuildStep(ctx, {
    ...step,
    onLine: (stream, line) => {
      if (stream === "stdout") lines.push(line);
      else ctx.onLine(stream, line);
    },
  });
  return lines;
}

/** Renders an argv the way a user would type it, quoting only the words that need it. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(" ");
}

function isAborted(ctx: BuildContext): boolean {
  return ctx.signal?.aborted === true;
}

/** Why the build stopped: the reason its signal carries (its time limit), else a cancellation. */
function cancelled(ctx: BuildContext, label: string, shown: string): Hop3Error {
  const reason: unknown = ctx.signal?.reason;
  if (reason instanceof Hop3Error) return new Hop3Error(reason.code, `${label}: \`${shown}\` was stopped: ${reason.message.charAt(0).toLowerCase()}${reason.message.slice(1)}`, { hint: reason.hint, cause: reason });
  return new Hop3Error("BUILD_FAILED", `${label}: build cancelled during \`${shown}\``);
}

/** The kernel killed the step at the build's memory limit: say so, with the limit and where it is set. */
function outOfMemory(ctx: BuildContext, label: string, shown: string): Hop3Error {
  const confinement = ctx.runAs?.confinement;
  const limit = confinement?.limits.memoryBytes;
  const where = limit === null || limit === undefined ? "" : ` (limit ${formatByteSize(limit)}, ${confinement?.limitSources.memory})`;
  return new Hop3Error("BUILD_FAILED", `${label}: \`${shown}\` was killed: the build ran out of memory${where}`, {
    hint: "Lower the build's memory use, or raise the server's build-memory setting (HOP3_BUILD_MEMORY).",
  });
}
