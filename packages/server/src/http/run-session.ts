import type { Duplex, Readable } from "node:stream";
import type { Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { encodeRunFrame, encodeRunFrames, Hop3Error, RunFrameDecoder, runFrames, RunResize, RunStart, type RunFrame, type RunFrameType } from "@hop3/contract";
import type { InteractiveProcess } from "../exec/run-interactive.ts";

/** Starts the command a session asked for (the app is already known). */
export type StartCommand = (start: RunStart) => Promise<InteractiveProcess>;

/**
 * Serves one `hop3-run/1` connection (docs/adr/0015-one-off-commands.md): waits for the start
 * frame, runs the command, relays stdin/stdout/stderr frames both ways with backpressure, and
 * ends with an exit or error frame. A client that goes away kills the command. Resolves when
 * the session is over.
 */
export function serveRunSession(socket: Duplex, head: Buffer, startCommand: StartCommand): Promise<void> {
  const decoder = new RunFrameDecoder();
  let command: InteractiveProcess | undefined;
  let state: "waiting" | "starting" | "running" | "over" = "waiting";
  const queued: RunFrame[] = [];
  let finish: () => void = () => undefined;
  const over = new Promise<void>((resolve) => (finish = resolve));

  const send = (type: RunFrameType, payload?: Uint8Array | string) => socket.writable && socket.write(encodeRunFrame(type, payload));
  const end = (last: RunFrameType, payload: string) => {
    if (state === "over") return;
    state = "over";
    if (socket.writable) socket.end(encodeRunFrame(last, payload));
    finish();
  };
  const fail = (error: unknown) => {
    const failure = error instanceof Hop3Error ? error : new Hop3Error("INTERNAL", `The command could not run: ${(error as Error)?.message ?? String(error)}.`);
    command?.kill();
    end(runFrames.error, JSON.stringify({ error: failure.toBody() }));
  };

  /** Resolves once the stream has ended (everything read was relayed), or after `capMs`: a child left holding it must not hold the session. */
  const drained = (stream: Readable, capMs: number) =>
    new Promise<void>((resolve) => {
      if (stream.readableEnded || stream.destroyed) return resolve();
      const timer = setTimeout(resolve, capMs);
      stream.once("close", () => (clearTimeout(timer), resolve()));
      stream.once("end", () => (clearTimeout(timer), resolve()));
    });
  const relay = (stream: Readable, type: RunFrameType) => {
    stream.on("data", (chunk: Buffer) => {
      let flowing = true;
      for (const frame of encodeRunFrames(type, chunk)) flowing = socket.write(frame) && flowing;
      if (!flowing && socket.writable) {
        stream.pause();
        socket.once("drain", () => stream.resume());
      }
    });
  };

  const handle = (frame: RunFrame) => {
    if (state === "starting") return void queued.push(frame);
    if (state === "waiting") {
      if (frame.type !== runFrames.start) return fail(invalid("The first frame must be a start frame."));
      const start = parseJson(frame.payload, RunStart, "start");
      state = "starting";
      startCommand(start).then((started) => {
        if (state === "over") return started.kill();
        command = started;
        state = "running";
        relay(started.stdout, runFrames.stdout);
        relay(started.stderr, runFrames.stderr);
        // The exit frame goes after the last output: the process may exit before its pipes are read out.
        void started.exited.then(async (exit) => {
          await Promise.all([drained(started.stdout, 5_000), drained(started.stderr, 5_000)]);
          if (exit.startError !== undefined) send(runFrames.stderr, `hop3: ${exit.startError}\n`);
          end(runFrames.exit, JSON.stringify({ exitCode: exit.exitCode, signal: exit.signal }));
        });
        for (const waiting of queued.splice(0)) handleSafely(waiting);
      }, fail);
      return;
    }
    if (state !== "running" || !command) return;
    if (frame.type === runFrames.stdin) {
      if (!command.stdin.write(frame.payload)) {
        socket.pause();
        command.stdin.once("drain", () => socket.resume());
      }
    } else if (frame.type === runFrames.stdinEnd) {
      command.stdin.end();
    } else if (frame.type === runFrames.resize) {
      command.resize(parseJson(frame.payload, RunResize, "resize"));
    } else {
      fail(invalid(`Unknown frame type ${frame.type}.`));
    }
  };

  const handleSafely = (frame: RunFrame) => {
    try {
      handle(frame);
    } catch (error) {
      fail(error);
    }
  };
  const receive = (chunk: Buffer) => {
    let frames: RunFrame[];
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      return fail(invalid((error as Error).message));
    }
    for (const frame of frames) handleSafely(frame);
  };
  socket.on("data", receive);
  socket.on("error", () => socket.destroy());
  const gone = () => {
    // The client went away (Ctrl-C, lost connection): nobody is left to talk to the command.
    command?.kill();
    if (state !== "over") {
      state = "over";
      finish();
    }
  };
  socket.once("close", gone);
  // The client never half-closes (the end of stdin is a frame), and HTTP sockets allow half-open
  // connections: the end of its side means it is gone.
  socket.once("end", () => {
    gone();
    socket.destroy();
  });
  if (head.length > 0) receive(head);
  return over;
}

function parseJson<T extends typeof RunStart | typeof RunResize>(payload: Uint8Array, schema: T, name: string): Static<T> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw invalid(`The ${name} frame is not JSON.`);
  }
  if (!Value.Check(schema, value)) {
    const first = Value.Errors(schema, value).First();
    throw invalid(`The ${name} frame is not valid${first ? `: ${first.path || "/"} ${first.message}` : ""}.`);
  }
  return value;
}

function invalid(message: string): Hop3Error {
  return new Hop3Error("REQUEST_INVALID", message, { hint: "Speak the hop3-run/1 protocol of docs/adr/0015-one-off-commands.md (the hop3 CLI does)." });
}
