/**
 * The longest line Hop3 passes on from a command's output, in bytes. A longer line is cut
 * there (never inside a UTF-8 character) and its rest continues as the next line.
 */
export const maxLineBytes = 8 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines at `\n`, `\r\n` or a lone `\r` (a progress bar's redraw),
 * as readline did, but holds at most `maxBytes` of a line: whatever a command prints, the
 * memory kept per stream stays bounded (readline buffered an unbounded line whole).
 */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  readonly #maxBytes: number;
  /** The start of a line not ended yet: at most `maxBytes`. */
  #pending: Buffer = Buffer.alloc(0);
  /** The last byte seen was a `\r` that ended a line: a `\n` right after it ends nothing more. */
  #afterCr = false;

  constructor(onLine: (line: string) => void, maxBytes = maxLineBytes) {
    if (!Number.isInteger(maxBytes) || maxBytes < 4) throw new RangeError(`maxBytes must be an integer of at least 4, got ${maxBytes}`);
    this.#onLine = onLine;
    this.#maxBytes = maxBytes;
  }

  /** Takes the next chunk of output; calls `onLine` for each line it completes. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    // A chunk is at most a pipe read (64 KiB), so this stays bounded too.
    const data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    let start = 0;
    if (this.#afterCr && data[0] === LF) start = 1;
    this.#afterCr = false;
    for (let i = start; i < data.length; i++) {
      const byte = data[i];
      if (byte === LF || byte === CR) {
        this.#emit(data, start, i);
        if (byte === CR) {
          if (i + 1 === data.length) this.#afterCr = true;
          else if (data[i + 1] === LF) i++;
        }
        start = i + 1;
      } else if (i - start === this.#maxBytes) {
        const cut = characterStart(data, start, i);
        this.#emit(data, start, cut);
        start = cut;
      }
    }
    // Copied: keeping a view would keep the whole chunk alive.
    this.#pending = Buffer.from(data.subarray(start));
  }

  /** The stream ended: passes on a last line that had no line end. */
  end(): void {
    if (this.#pending.length > 0) this.#onLine(this.#pending.toString("utf8"));
    this.#pending = Buffer.alloc(0);
    this.#afterCr = false;
  }

  #emit(data: Buffer, start: number, end: number): void {
    this.#onLine(data.toString("utf8", start, end));
  }
}

/**
 * Where to cut before `index` so that no UTF-8 character is split: back over continuation
 * bytes (10xxxxxx) to the start of the character. Bytes that are not UTF-8 are cut anywhere.
 */
function characterStart(data: Buffer, lineStart: number, index: number): number {
  let cut = index;
  while (cut > lineStart && index - cut < 4 && ((data[cut] ?? 0) & 0xc0) === 0x80) cut--;
  const lead = data[cut] ?? 0;
  // A lead byte (11xxxxxx) found within reach starts the cut-off character; anything else is no UTF-8 sequence.
  return cut > lineStart && (lead & 0xc0) === 0xc0 ? cut : index;
}
