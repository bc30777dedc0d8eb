import { createInterface } from "node:readline";
import type { CliIo } from "./io.ts";

/** The real process as a CliIo. */
export function processIo(): CliIo {
  // `hop3 apps | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  return {
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: process.stdin.isTTY === true,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    prompt,
  };
}

function prompt(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let answered = false;
    // readline swallows Ctrl-C on a TTY; treat it like an empty answer.
    rl.on("SIGINT", () => {
      process.stderr.write("\n");
      rl.close();
    });
    rl.on("close", () => {
      if (!answered) resolve(undefined);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
  });
}
