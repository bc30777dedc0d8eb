import { Hop3Error } from "@hop3/contract";

/**
 * Reads newline-delimited JSON from a byte stream, one value per line. Lines (and UTF-8
 * characters) may be split anywhere across chunks; blank lines are skipped.
 */
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
