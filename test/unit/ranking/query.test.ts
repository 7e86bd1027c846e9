import { describe, expect, it } from 'vitest';
import { rankCandidates } from '../../../src/ranking/query.js';

describe('rankCandidates', () => {
  // Rows 0–5; the seeded order puts row 5 first, then 3, 1, 4, 2, 0.
  const seeded = [5, 2, 4, 1, 3, 0];
  const tieBreak = (row: number) => seeded[row]!;

  it('puts the highest score first and only returns the candidates', () => {
    expect([...rankCandidates([0.1, 0.9, 0.5, 0.7, -2, 3], [0, 1, 2, 3, 4], tieBreak)]).toEqual([1, 3, 2, 0, 4]);
  });

  it("breaks equal scores by the seeded order, then by row, and puts NaN last", () => {
    const scores = [0.5, 0.5, 0.5, 0.5, Number.NaN, 0.9];
    expect([...rankCandidates(scores, [0, 1, 2, 3, 4, 5], tieBreak)]).toEqual([5, 3, 1, 2, 0, 4]);
    expect([...rankCandidates(scores, [0, 1, 2, 3], () => 0)]).toEqual([0, 1, 2, 3]);
  });

  it('returns an empty order for no candidates', () => {
    expect(rankCandidates([1], [], tieBreak).length).toBe(0);
  });
});
