/** One line of a line-oriented config file, numbered from 1 as editors show it. */
export interface TextLine {
  readonly number: number;
  readonly text: string;
}

/** Splits a config file into lines, accepting LF and CRLF endings and a leading UTF-8 BOM. */
export function splitLines(text: string): TextLine[] {
  const withoutBom = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return withoutBom.split(/\r?\n/).map((line, index) => ({ number: index + 1, text: line }));
}
