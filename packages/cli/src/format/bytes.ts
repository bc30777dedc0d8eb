const units = ["KiB", "MiB", "GiB", "TiB"];

/**
 * A size for people in binary units, as the server writes sizes (`Received … (0.8 KiB)`,
 * limits such as `10M`): `512 B`, `3.3 KiB`, `12 MiB`. One unit system in every message.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}
