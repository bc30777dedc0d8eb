/**
 * Lays out rows in left-aligned columns two spaces apart, with no trailing spaces. Returns the
 * lines joined with newlines (no final newline).
 */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => width(row[column] ?? ""))));
  return rows
    .map((row) =>
      widths
        .map((columnWidth, column) => {
          const cell = row[column] ?? "";
          return cell + " ".repeat(columnWidth - width(cell));
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A table: a header line, then one line per row. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return formatColumns([headers, ...rows]);
}

/** `label: value` pairs with the values aligned. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  return formatColumns(fields.map(([label, value]) => [`${label}:`, value]));
}

// Code points, not UTF-16 units, so "é" counts as one column.
function width(text: string): number {
  return [...text].length;
}
