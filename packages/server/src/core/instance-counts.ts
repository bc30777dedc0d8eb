/** Instances to run of each process type: process type -> count (0 runs none). */
export type InstanceCounts = Readonly<Record<string, number>>;

/**
 * How many instances of each of a release's process types run: the scale set by hand
 * (`hop3 ps:scale`) wins, then app.json's `formation.<type>.quantity`, then one.
 */
export function instanceCounts(types: Iterable<string>, formation: InstanceCounts | undefined, scaled: InstanceCounts): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of types) counts[type] = scaled[type] ?? formation?.[type] ?? 1;
  return counts;
}
