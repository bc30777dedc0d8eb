import { serverSettings, type Setting } from "./server-settings.ts";

/** Where descriptions start, and the width they wrap at: the layout of the rest of `--help`. */
const column = 22;
const width = 100;

/** The settings part of `hop3-server --help`: every variable, what it does and its default. */
export function settingsUsage(): string {
  const settings: Setting[] = Object.values(serverSettings);
  return settings.map((setting) => usageLines(setting.env, [...setting.help.split(" "), ...defaultWords(setting)])).join("\n");
}

/** `(default …)` in one piece when it fits on a line: a line that ends in "(default" reads as a cut. */
function defaultWords(setting: Setting): string[] {
  const words = `(default ${defaultOf(setting)})`;
  return words.length <= width - column ? [words] : words.split(" ");
}

function defaultOf(setting: Setting): string {
  return setting.defaultText ?? String(setting.default);
}

/** `  NAME  words`, wrapped at `width` and continued under themselves. */
function usageLines(name: string, words: readonly string[]): string {
  const head = `  ${name}`;
  const lines: string[] = [];
  let line = head.length + 2 <= column ? head.padEnd(column) : `${head}  `;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = " ".repeat(column);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}
