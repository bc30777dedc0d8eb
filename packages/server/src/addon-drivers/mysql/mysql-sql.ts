import { open } from "node:fs/promises";

/** A MariaDB identifier in backquotes (names here are Hop3's: lowercase letters, digits, hyphens). */
export function quoteName(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

export function quoteString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Whether `file` starts as a mariadb-dump does: SQL of any other origin is refused unread. */
export async function isMariadbDump(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  const head = Buffer.alloc(256);
  await handle.read(head, 0, 256, 0).finally(() => handle.close());
  // mariadb-dump since 10.11.8 starts with its sandbox-mode line, then its banner.
  return /^(\/\*M?!999999\\- enable the sandbox mode \*\/\s*\n)?-- (MariaDB|MySQL) dump/.test(head.toString("utf8"));
}
