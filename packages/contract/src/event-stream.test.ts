import { test } from "node:test";
import assert from "node:assert/strict";
import { deployEventWriter, readDeployEvents } from "./event-stream.ts";
import type { DeployEvent } from "./events.ts";

const events: DeployEvent[] = [
  { type: "received", app: "blog", release: 1, files: 2, bytes: 10 },
  { type: "log", source: "build", stream: "stdout", line: "héllo ✓" },
  { type: "succeeded", app: "blog", release: 1, url: null, seconds: 1 },
];

/** What the writer wrote, as one string. */
function written(): { sink: { writableEnded: boolean; write(chunk: string): void; end(): void }; text: () => string } {
  let text = "";
  const sink = { writableEnded: false, write: (chunk: string) => void (text += chunk), end: () => void (sink.writableEnded = true) };
  return { sink, text: () => text };
}

async function readAll(chunks: (Uint8Array | string)[]): Promise<DeployEvent[]> {
  const read: DeployEvent[] = [];
  for await (const event of readDeployEvents((async function* () { yield* chunks; })())) read.push(event);
  return read;
}

test("what the writer writes, the reader reads back, even cut inside a line and inside a UTF-8 character", async () => {
  const { sink, text } = written();
  const writer = deployEventWriter(sink);
  for (const event of events) writer.emit(event);
  writer.end();
  const bytes = new TextEncoder().encode(text());
  const chunks = [];
  for (let at = 0; at < bytes.length; at += 7) chunks.push(bytes.slice(at, at + 7));
  assert.deepEqual(await readAll(chunks), events);
});

test("events after the end are dropped, not written to a closed stream", () => {
  const { sink, text } = written();
  const writer = deployEventWriter(sink);
  writer.end();
  writer.emit(events[0] as DeployEvent);
  assert.equal(text(), "");
});

test("a line that is not JSON is an INTERNAL error; a broken connection ends the events quietly", async () => {
  await assert.rejects(readAll(["<html>\n"]), { code: "INTERNAL" });
  const broken = async function* () {
    yield `${JSON.stringify(events[0])}\n`;
    throw new Error("socket hang up");
  };
  const read: DeployEvent[] = [];
  for await (const event of readDeployEvents(broken())) read.push(event);
  assert.deepEqual(read, [events[0]]);
});
