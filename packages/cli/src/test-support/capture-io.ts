import type { CliIo } from "../io.ts";

/** A CliIo that records output and answers prompts from a script, for in-process tests. */
export function captureIo(options: { env?: Record<string, string | undefined>; cwd?: string; stdinIsTTY?: boolean; answers?: string[] } = {}) {
  let stdout = "";
  let stderr = "";
  const answers = [...(options.answers ?? [])];
  const prompts: string[] = [];
  const io: CliIo = {
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdinIsTTY: options.stdinIsTTY ?? false,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    prompt: (question) => {
      prompts.push(question);
      return Promise.resolve(answers.shift());
    },
  };
  return { io, stdout: () => stdout, stderr: () => stderr, prompts };
}
