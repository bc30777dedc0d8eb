import type { Duplex } from "node:stream";
import { encodeRunFrame, encodeRunFrames, Hop3Error, isErrorCode, RunFrameDecoder, runFrames, type RunExit, type RunFrame, type RunStart } from "@hop3/contract";
import type { ProcessStreams } from "../io.ts";

/**
 * The client half of a `hop3-run/1` session (docs/adr/0015-one-off-commands.md): sends the
 * start frame, relays this process's stdin to the command and the command's output to this
 * process's stdout and stderr, forwards terminal resizes, and resolves with how the command
 * ended. With a terminal on both sides, the local one is put in raw mode for the session, so
 * keys (Ctrl-C included) reach the remote command.
 */
export function relayRun(socket: Duplex, start: RunStart, streams: ProcessStreams, server: string): Promise<RunExit> {
  const { stdin, stdout, stderr } = streams;
  const raw = start.tty && stdin.isTTY === true;
  const decoder = new RunFrameDecoder();

  return new Promise<RunExit>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      cleanUp();
      outcome();
    };
    const onInput = (chunk: Buffer) => {
      let flowing = true;
      for (const frame of encodeRunFrames(runFrames.stdin, chunk)) flowing = socket.write(frame) && flowing;
      if (!flowing) {
        stdin.pause();
        socket.once("drain", () => stdin.resume());
      }
    };
    const onInputEnd = () => socket.writable && socket.write(encodeRunFrame(runFrames.stdinEnd));
    const onResize = () => {
      if (socket.writable) socket.write(encodeRunFrame(runFrames.resize, JSON.stringify({ columns: stdout.columns, rows: stdout.rows })));
    };
    const onFrame = (frame: RunFrame) => {
      if (frame.type === runFrames.stdout) write(stdout, frame.payload);
      else if (frame.type === runFrames.stderr) write(stderr, frame.payload);
      else if (frame.type === runFrames.exit) settle(() => resolve(JSON.parse(new TextDecoder().decode(frame.payload)) as RunExit));
      else if (frame.type === runFrames.error) settle(() => reject(errorOf(frame.payload)));
    };
    const write = (stream: NodeJS.WriteStream, payload: Uint8Array) => {
      if (!stream.write(payload)) {
        socket.pause();
        stream.once("drain", () => socket.resume());
      }
    };
    const onData = (chunk: Buffer) => {
      try {
        decoder.push(chunk).forEach(onFrame);
      } catch (error) {
        settle(() => reject(new Hop3Error("INTERNAL", `${server} sent a malformed run frame: ${(error as Error).message}.`)));
      }
    };
    const onClose = () => settle(() => reject(new Hop3Error("SERVER_UNREACHABLE", `The connection to ${server} closed before the command ended.`)));
    const onError = () => undefined;

    function cleanUp(): void {
      if (raw) stdin.setRawMode(false);
      stdin.off("data", onInput).off("end", onInputEnd);
      // Nothing more to send: stop reading, so this process can exit.
      stdin.destroy();
      stdout.off("resize", onResize);
      socket.off("data", onData).off("close", onClose);
      socket.destroy();
    }

    socket.on("data", onData).on("close", onClose).on("error", onError);
    socket.write(encodeRunFrame(runFrames.start, JSON.stringify(start)));
    if (raw) stdin.setRawMode(true);
    if (start.tty && stdout.isTTY === true) stdout.on("resize", onResize);
    stdin.on("data", onInput).on("end", onInputEnd);
  });
}

/** The terminal size to start a command with, when this process has one. */
export function terminalSize(streams: ProcessStreams): RunStart["size"] {
  const { columns, rows } = streams.stdout;
  return streams.stdout.isTTY === true && columns > 0 && rows > 0 ? { columns, rows } : undefined;
}

function errorOf(payload: Uint8Array): Hop3Error {
  try {
    const { error } = JSON.parse(new TextDecoder().decode(payload)) as { error: { code: unknown; message: string; hint?: string } };
    return new Hop3Error(isErrorCode(error.code) ? error.code : "INTERNAL", error.message, { hint: error.hint });
  } catch {
    return new Hop3Error("INTERNAL", "The server ended the command with an unreadable error.");
  }
}
