import type { CliIo } from "../io.ts";

/** A CliIo that records output and answers prompts from a script (an Error rejects), for in-process tests. */
export function captureIo(options: { env?: Record<string, string | undefined>; cwd?: string; stdinIsTTY?: boolean; answers?: (string | Error)[]; stdin?: string } = {}) {
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
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    readStdin: () => Promise.resolve(options.stdin ?? ""),
  };
  return { io, stdout: () => stdout, stderr: () => stderr, prompts };
}
