import { createInterface } from "node:readline";
import { text } from "node:stream/consumers";
import { Interrupted } from "./interrupted.ts";
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
    readStdin: () => text(process.stdin),
    streams: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  };
}

function prompt(question: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let settled = false;
    // readline takes Ctrl-C from the terminal instead of the signal: stop as the signal would.
    rl.on("SIGINT", () => {
      settled = true;
      process.stderr.write("\n");
      rl.close();
      reject(new Interrupted());
    });
    // Ctrl-D: no answer.
    rl.on("close", () => {
      if (!settled) resolve(undefined);
    });
    rl.question(question, (answer) => {
      settled = true;
      rl.close();
      resolve(answer);
    });
  });
}
