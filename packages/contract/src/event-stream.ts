import { Hop3Error } from "./errors.ts";
import type { DeployEvent } from "./events.ts";

/** Where an event stream's lines go: an HTTP response body, an SSH channel, stdout. */
export interface LineSink {
  readonly writableEnded: boolean;
  write(chunk: string): unknown;
  end(): unknown;
}

/** Writes deploy events as newline-delimited JSON; events after the end are dropped. */
export interface DeployEventWriter {
  emit(event: DeployEvent): void;
  end(): void;
}

/** The one writer of deploy event streams (`application/x-ndjson`, one event per line). */
export function deployEventWriter(sink: LineSink): DeployEventWriter {
  return {
    emit(event) {
      if (!sink.writableEnded) sink.write(`${JSON.stringify(event)}\n`);
    },
    end() {
      if (!sink.writableEnded) sink.end();
    },
  };
}

/**
 * The one reader of deploy event streams. Lines (and UTF-8 characters) may be split anywhere
 * across chunks. A line that is not JSON fails with INTERNAL; a connection that breaks
 * mid-stream ends the iteration quietly: the caller decides what a missing `succeeded` or
 * `failed` event means.
 */
export async function* readDeployEvents(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<DeployEvent, void, undefined> {
  try {
    for await (const value of readNdjson(body)) {
      if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") yield value as DeployEvent;
    }
  } catch (error) {
    if (error instanceof Hop3Error) throw error;
  }
}

/** Newline-delimited JSON values of a byte stream; blank lines are skipped. */
export async function* readNdjson(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown, void, undefined> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of source) {
    buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim() !== "") yield parseLine(line);
      newline = buffer.indexOf("\n");
    }
  }
  buffer += decoder.decode();
  if (buffer.trim() !== "") yield parseLine(buffer);
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
    throw new Hop3Error("INTERNAL", `The server sent a line that is not JSON: ${JSON.stringify(shown)}.`);
  }
}
