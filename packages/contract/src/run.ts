import { Type, type Static } from "@sinclair/typebox";

/**
 * `hop3 run APP -- CMD ARGS…`: the API route answers an HTTP Upgrade to this protocol, after
 * which both sides exchange frames (docs/adr/0015-one-off-commands.md). A frame is one type
 * byte, the payload's length as a 32-bit big-endian integer, then the payload.
 */
export const runProtocol = "hop3-run/1";

/** Frame types. The client sends 0x0_, the server 0x1_. */
export const runFrames = {
  /** Client, first frame, once: the command (JSON RunStart). */
  start: 0x01,
  /** Client: bytes for the command's stdin. */
  stdin: 0x02,
  /** Client: the end of stdin (empty payload). */
  stdinEnd: 0x03,
  /** Client: the terminal's new size (JSON RunResize); ignored without a terminal. */
  resize: 0x04,
  /** Server: bytes the command wrote to stdout (to the terminal, with --tty). */
  stdout: 0x11,
  /** Server: bytes the command wrote to stderr (never sent with a terminal). */
  stderr: 0x12,
  /** Server, last frame: how the command ended (JSON RunExit). */
  exit: 0x13,
  /** Server, last frame: the command could not run (JSON ErrorResponse). */
  error: 0x14,
} as const;
export type RunFrameType = (typeof runFrames)[keyof typeof runFrames];

/** The largest payload either side accepts; larger data is split into several frames. */
export const maxRunFramePayload = 1024 * 1024;

const headerLength = 5;

export const RunResize = Type.Object(
  {
    columns: Type.Integer({ minimum: 1, maximum: 65535 }),
    rows: Type.Integer({ minimum: 1, maximum: 65535 }),
  },
  { additionalProperties: false, description: "A terminal size in character cells" },
);
export type RunResize = Static<typeof RunResize>;

export const RunStart = Type.Object(
  {
    argv: Type.Array(Type.String({ maxLength: 65536 }), { maxItems: 4096, description: "Program and arguments, run without a shell" }),
    tty: Type.Boolean({ description: "Run on a pseudo-terminal (stdout and stderr then both arrive as stdout frames)" }),
    size: Type.Optional(RunResize),
  },
  { additionalProperties: false },
);
export type RunStart = Static<typeof RunStart>;

export const RunExit = Type.Object(
  {
    exitCode: Type.Union([Type.Integer(), Type.Null()], { description: "Null when a signal ended the command" }),
    signal: Type.Union([Type.String(), Type.Null()], { description: "e.g. SIGKILL" }),
  },
  { additionalProperties: false },
);
export type RunExit = Static<typeof RunExit>;

/** One decoded frame. */
export interface RunFrame {
  readonly type: number;
  readonly payload: Uint8Array;
}

/** Encodes one frame. */
export function encodeRunFrame(type: RunFrameType, payload: Uint8Array | string = new Uint8Array(0)): Uint8Array {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  if (bytes.length > maxRunFramePayload) throw new RangeError(`A run frame carries at most ${maxRunFramePayload} bytes (got ${bytes.length})`);
  const frame = new Uint8Array(headerLength + bytes.length);
  frame[0] = type;
  new DataView(frame.buffer).setUint32(1, bytes.length);
  frame.set(bytes, headerLength);
  return frame;
}

/** Encodes data of any size as as many frames of `type` as needed. */
export function encodeRunFrames(type: RunFrameType, data: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += maxRunFramePayload) frames.push(encodeRunFrame(type, data.subarray(at, at + maxRunFramePayload)));
  return frames;
}

/**
 * Turns a byte stream back into frames, whatever the chunking. A length over the limit
 * throws: the peer does not speak this protocol.
 */
export class RunFrameDecoder {
  #buffer = new Uint8Array(0);

  /** Adds received bytes; returns the frames they complete. */
  push(chunk: Uint8Array): RunFrame[] {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const frames: RunFrame[] = [];
    let at = 0;
    while (joined.length - at >= headerLength) {
      const length = new DataView(joined.buffer, joined.byteOffset + at + 1, 4).getUint32(0);
      if (length > maxRunFramePayload) throw new RangeError(`A run frame announced ${length} bytes; the limit is ${maxRunFramePayload}`);
      if (joined.length - at < headerLength + length) break;
      frames.push({ type: joined[at] ?? 0, payload: joined.slice(at + headerLength, at + headerLength + length) });
      at += headerLength + length;
    }
    this.#buffer = joined.slice(at);
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pending(): number {
    return this.#buffer.length;
  }
}

/** Exit status of a command as a shell reports it: its code, or 128 + the signal's number. */
export function exitStatusOf(exit: RunExit): number {
  if (exit.exitCode !== null) return exit.exitCode;
  return 128 + (exit.signal === null ? 0 : (signalNumbers[exit.signal] ?? 0));
}

// Linux numbers of the signals that end commands in practice.
const signalNumbers: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
  SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGXCPU: 24, SIGXFSZ: 25,
};
