/**
 * Edit distance between two strings: insertions, deletions, substitutions and swaps of two
 * adjacent characters each cost 1 (optimal string alignment), so `strat` is 1 from `start`.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The candidate closest to `input`, for "did you mean …?" hints; undefined when none is close
 * enough to be a plausible typo. Case and `_`/`-` differences are forgiven first, since
 * `before_build` for `before-build` is the most common slip.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const loose = (text: string) => text.toLowerCase().replaceAll("_", "-");
  const list = [...candidates];
  const looseMatch = list.find((candidate) => loose(candidate) === loose(input));
  if (looseMatch !== undefined) return looseMatch;

  // About one edit per three characters: short keys need a near match to be suggested.
  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const distance = editDistance(loose(input), loose(candidate));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
