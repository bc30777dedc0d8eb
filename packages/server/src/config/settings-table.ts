import { serverSettings, type Setting } from "./server-settings.ts";

/** The lines around the generated table in docs/server.md; `npm run docs:settings` rewrites what is between. */
export const settingsTableStart = "<!-- settings-table: generated from packages/server/src/config/server-settings.ts by `npm run docs:settings` -->";
export const settingsTableEnd = "<!-- /settings-table -->";

/** The settings table of docs/server.md, one row per setting in declaration order. */
export function settingsTable(): string {
  const rows = Object.entries(serverSettings as Record<string, Setting>).map(([key, setting]) =>
    row([`\`${key}\``, `\`${setting.env}\``, setting.defaultText ?? `\`${String(setting.default)}\``, setting.doc ?? setting.help]),
  );
  return [row(["file key", "environment", "default", "meaning"]), row(["---", "---", "---", "---"]), ...rows].join("\n");
}

/** `markdown` with the text between the two marker lines replaced by the current table. */
export function withSettingsTable(markdown: string): string {
  const start = markdown.indexOf(settingsTableStart);
  const end = markdown.indexOf(settingsTableEnd);
  if (start === -1 || end < start) throw new Error(`docs/server.md must hold the lines ${settingsTableStart} and ${settingsTableEnd}, in that order`);
  return `${markdown.slice(0, start + settingsTableStart.length)}\n${settingsTable()}\n${markdown.slice(end)}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
}
