const units: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * Reads a size as users write it: `768M`, `2G`, `1.5g`, `512MiB`, `1048576` (bytes). Units are
 * binary (K = 1024), as for memory everywhere else on Linux. Returns null when it is not a size.
 */
export function parseByteSize(text: string): number | null {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return null;
  const bytes = Math.round(Number(match[1]) * (units[(match[2] ?? "").toLowerCase()] ?? 1));
  return bytes > 0 ? bytes : null;
}

/** A size for messages: `256 MiB`, `1.5 GiB`. */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
