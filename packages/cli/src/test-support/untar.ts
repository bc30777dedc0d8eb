import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";

/** Paths and contents of the entries of a gzipped tar, for tests that inspect an upload. */
export async function untar(gzipped: Buffer): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const parser = new Parser();
  parser.on("entry", (entry: ReadEntry) => {
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: Buffer) => chunks.push(chunk));
    entry.on("end", () => entries.set(entry.path.replace(/^\.\//, ""), Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve, reject) => {
    parser.on("error", reject);
    parser.on("end", () => resolve());
    parser.end(gunzipSync(gzipped));
  });
  return entries;
}
