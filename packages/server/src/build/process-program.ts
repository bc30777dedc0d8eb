import { Hop3Error } from "@hop3/contract";
import { join } from "node:path";
import type { BuildContext } from "./builder.ts";
import { isFile } from "./file-probe.ts";

/**
 * The program a process command starts: its first word after `exec` and leading `VAR=value`
 * assignments, or null when that word is computed by the shell (`$…`, quotes, backquotes).
 */
export function processProgram(command: string): string | null {
  const words = command.trim().split(/\s+/);
  let index = 0;
  while (index < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[index] ?? "") || words[index] === "exec")) index++;
  const program = words[index];
  if (program === undefined || program === "" || /[$`'"\\]/.test(program)) return null;
  return program;
}

/** True when `program` (a bare name) is an executable file in one of PATH's directories. */
export async function onPath(program: string, path: string | undefined): Promise<boolean> {
  for (const dir of (path ?? "").split(":")) {
    if (dir !== "" && (await isFile(join(dir, program)))) return true;
  }
  return false;
}

/**
 * Fails the build, naming the process and the program, when a process of the app's config runs a
 * binary the build should have produced under `outputDir` (e.g. `target/release`) but did not.
 * `built` are the names produced there; they are on the processes' PATH as bare names too.
 */
export async function checkBuiltPrograms(ctx: BuildContext, options: { label: string; outputDir: string; built: readonly string[]; tool: string }): Promise<void> {
  const { label, outputDir, built, tool } = options;
  const builtList = built.length === 0 ? "none" : built.join(", ");
  for (const [type, command] of Object.entries(ctx.config.processes)) {
    const program = processProgram(command);
    if (program === null) continue;
    const underOutput = program.replace(/^\.\//, "").startsWith(`${outputDir}/`);
    if (underOutput) {
      const name = program.replace(/^\.\//, "").slice(outputDir.length + 1);
      if (!built.includes(name)) {
        throw new Hop3Error("BUILD_FAILED", `${label}: process "${type}" runs ${program}, but ${tool} built no binary named "${name}" (built: ${builtList})`);
      }
    } else if (!program.includes("/") && !built.includes(program) && !(await onPath(program, ctx.env.PATH))) {
      throw new Hop3Error("BUILD_FAILED", `${label}: process "${type}" runs "${program}", which is neither a binary ${tool} built (built: ${builtList}) nor a command on PATH`);
    }
  }
}
