/**
 * ASReview's "max" query: the candidate rows, highest score first. Equal scores go by tieBreak ascending (the
 * stage's seeded order), then by row, so the order is total and repeatable. A NaN score sorts last.
 */
export function rankCandidates(
  scores: ArrayLike<number>,
  candidates: ArrayLike<number>,
  tieBreak: (row: number) => number,
): Int32Array {
  const n = candidates.length;
  const rows = Int32Array.from(candidates);
  const score = new Float64Array(n);
  const tie = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const value = scores[rows[i]!]!;
    score[i] = Number.isNaN(value) ? -Infinity : value;
    tie[i] = tieBreak(rows[i]!);
  }
  const positions = Array.from({ length: n }, (_, i) => i);
  positions.sort((a, b) => score[b]! - score[a]! || tie[a]! - tie[b]! || rows[a]! - rows[b]!);
  return Int32Array.from(positions, (i) => rows[i]!);
}
