/** Longer strings are compared on this many characters: titles past it rarely decide anything. */
const MAX_LENGTH = 240;

/**
 * 1 − Levenshtein distance / longer length, or 0 as soon as it is certain to fall below `atLeast`.
 * Only a band of width 2k+1 around the diagonal is computed (k = edits `atLeast` allows), so a
 * 100-character title costs a few thousand steps, not ten thousand, and hopeless pairs stop early.
 */
export function editSimilarity(a: string, b: string, atLeast = 0): number {
  if (a === b) return 1;
  const s = a.length > MAX_LENGTH ? a.slice(0, MAX_LENGTH) : a;
  const t = b.length > MAX_LENGTH ? b.slice(0, MAX_LENGTH) : b;
  const longer = Math.max(s.length, t.length);
  if (longer === 0) return 1;
  const k = Math.floor((1 - atLeast) * longer);
  if (Math.abs(s.length - t.length) > k) return 0;
  const big = k + 1;
  let previous = new Array<number>(t.length + 1);
  let current = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) previous[j] = j <= k ? j : big;
  for (let i = 1; i <= s.length; i++) {
    const from = Math.max(1, i - k);
    const to = Math.min(t.length, i + k);
    current[from - 1] = from === 1 ? (i <= k ? i : big) : big;
    let rowMin = current[from - 1]!;
    const si = s.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cost = si === t.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j - 1]! + cost, previous[j]! + 1, current[j - 1]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (to < t.length) current[to + 1] = big;
    if (rowMin > k) return 0;
    [previous, current] = [current, previous];
  }
  const distance = previous[t.length]!;
  return distance > k ? 0 : 1 - distance / longer;
}

/** Dice coefficient of two sorted, duplicate-free word-id lists: 2·|A∩B| / (|A|+|B|), by one merge pass. */
export function wordOverlap(a: Int32Array, b: Int32Array): number {
  if (a.length + b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}
