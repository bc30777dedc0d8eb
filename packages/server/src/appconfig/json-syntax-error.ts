/** Where and why a JSON text is invalid, in words an editor user can act on. */
export interface JsonSyntaxProblem {
  /** 1-based, as editors show them; undefined only for pathologically deep nesting. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** V8's reason without its echo of the text (which may hold secrets), plus a hint for common slips. */
  readonly reason: string;
}

/**
 * Explains the `SyntaxError` that `JSON.parse(text)` threw. V8 gives the position in most
 * messages ("… in JSON at position 13 (line 3 column 3)") but not for an unexpected token, so
 * the position is found again by scanning when the message lacks it.
 */
export function jsonSyntaxProblem(text: string, error: SyntaxError): JsonSyntaxProblem {
  const message = error.message;
  const position = /\bat position (\d+)/.exec(message)?.[1];
  const offset = position === undefined ? jsonErrorOffset(text) : Number(position);
  // "Unexpected token 'x', "<excerpt of the text>" is not valid JSON": the excerpt is dropped.
  const token = /^Unexpected token ('[\s\S]+?'), /.exec(message)?.[1];
  let reason = token === undefined ? message.replace(/ at position \d+[\s\S]*$/, "").replace(/ in JSON$/, "") : `Unexpected token ${token}`;
  if (reason.includes("is not valid JSON")) reason = "not valid JSON";
  if (offset === undefined) return { line: undefined, column: undefined, reason };
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column, reason: reason + hint(text, offset) };
}

/** A hint for the slips people make when writing JSON by hand. */
function hint(text: string, offset: number): string {
  const char = text[offset];
  if ((char === "}" || char === "]") && text.slice(0, offset).trimEnd().endsWith(",")) return " (JSON allows no comma after the last item)";
  if (char === "/") return " (JSON allows no comments)";
  if (char === "'") return " (JSON strings take double quotes)";
  return "";
}

/** Thrown inside the scanner to stop at the offending offset. */
class Stop {
  readonly at: number;
  constructor(at: number) {
    this.at = at;
  }
}

/**
 * The offset of the first character at which `text` stops being JSON (its length when it ends
 * too early); undefined when it is valid, or nested too deeply to scan.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const stop = (): never => {
    throw new Stop(at);
  };
  const peek = () => text[at] ?? "";
  const expect = (char: string) => {
    if (peek() !== char) stop();
    at++;
  };
  const space = () => {
    while (/[ \t\n\r]/.test(peek())) at++;
  };
  const digits = () => {
    const start = at;
    while (/[0-9]/.test(peek())) at++;
    if (at === start) stop();
  };

  const string = () => {
    expect('"');
    for (;;) {
      const char = peek();
      if (char === "" || char < " ") stop();
      at++;
      if (char === '"') return;
      if (char !== "\\") continue;
      if (peek() === "u") {
        at++;
        for (let i = 0; i < 4; i++) {
          if (!/[0-9a-fA-F]/.test(peek())) stop();
          at++;
        }
      } else if (peek() !== "" && '"\\/bfnrt'.includes(peek())) {
        at++;
      } else {
        stop();
      }
    }
  };

  const number = () => {
    if (peek() === "-") at++;
    if (peek() === "0") at++;
    else digits();
    if (peek() === ".") {
      at++;
      digits();
    }
    if (peek() === "e" || peek() === "E") {
      at++;
      if (peek() === "+" || peek() === "-") at++;
      digits();
    }
  };

  // Each of `items` is a value, or a `"key": value` pair inside an object.
  const sequence = (close: string, item: () => void) => {
    at++;
    space();
    if (peek() === close) {
      at++;
      return;
    }
    for (;;) {
      space();
      item();
      space();
      if (peek() !== ",") break;
      at++;
    }
    expect(close);
  };

  const value = (): void => {
    space();
    const char = peek();
    if (char === "{") {
      sequence("}", () => {
        string();
        space();
        expect(":");
        value();
      });
    } else if (char === "[") {
      sequence("]", value);
    } else if (char === '"') {
      string();
    } else if (char === "-" || /[0-9]/.test(char)) {
      number();
    } else {
      const word = ["true", "false", "null"].find((candidate) => candidate[0] === char);
      if (word === undefined) stop();
      for (const letter of word ?? "") expect(letter);
    }
  };

  try {
    value();
    space();
    if (at < text.length) stop();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
