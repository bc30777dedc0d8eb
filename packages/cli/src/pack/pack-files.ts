import { Readable } from "node:stream";
import { create } from "tar";

/** Streams a gzipped tar of `files` (relative to `dir`), without owner names or ids. */
export function packFiles(dir: string, files: readonly string[]): Readable {
  // node-tar reads an entry starting with "@" as an archive to append; "./" keeps it a file.
  const entries = files.map((path) => (path.startsWith("@") ? `./${path}` : path));
  return Readable.from(create({ gzip: true, cwd: dir, portable: true }, entries));
}
