import { describe, expect, it } from 'vitest';
import { closeSpellings, closestTerm, findCorrections, prefixRange, type Vocabulary, type VocabularyTerm } from '../../../src/records/typo-correction.js';

/** A review's vocabulary: `terms` with its counts, plus `elsewhere`, spellings only other reviews hold. */
function vocabulary(terms: VocabularyTerm[], elsewhere: string[] = []): Vocabulary & { ranges: string[]; counted: string[] } {
  const spellings = [...terms.map((t) => t.term), ...elsewhere].sort();
  const ranges: string[] = [];
  const counted: string[] = [];
  return {
    ranges,
    counted,
    docs: async (term) => {
      counted.push(term);
      return terms.find((t) => t.term === term)?.docs ?? 0;
    },
    spellings: async (from, to, limit) => {
      ranges.push(`${from}..${to}`);
      return spellings.filter((s) => s >= from && s < to).slice(0, limit);
    },
  };
}

const index = vocabulary([
  { term: 'desistance', docs: 812 },
  { term: 'desisting', docs: 40 },
  { term: 'desist', docs: 30 },
  { term: 'deterrence', docs: 55 },
  { term: 'design', docs: 300 },
  { term: 'recidivism', docs: 640 },
  { term: 'recidivist', docs: 12 },
  { term: 'recidivsm', docs: 1 },
  { term: 'prison', docs: 900 },
  { term: 'prisons', docs: 200 },
  { term: 'precision', docs: 15 },
  { term: 'rehabilitation', docs: 400 },
]);

describe('typo correction against the index vocabulary', () => {
  it('asks the index only for terms that start the same way', () => {
    expect(prefixRange('desistence', 2)).toEqual({ from: 'de', to: 'df' });
    expect(prefixRange('zz', 1)).toEqual({ from: 'z', to: '{' });
  });

  it('lets Fuse.js pick the closest term of similar length, the more frequent on a tie', async () => {
    const { docs } = index;
    expect(closeSpellings('desistence', ['desist', 'desistance', 'deterrence'])[0]).toEqual(['desistance']);
    expect(await closestTerm('desistence', ['desistance', 'desist', 'deterrence'], docs)).toEqual({ term: 'desistance', docs: 812 });
    expect((await closestTerm('prision', ['prisons', 'prison'], docs))?.term).toBe('prison');
    expect(await closestTerm('zebra', ['desistance', 'desist', 'deterrence'], docs)).toBeUndefined();
  });

  it("suggests only spellings the review holds, however close another review's word is", async () => {
    const review = vocabulary([{ term: 'desistance', docs: 40 }], ['desistence', 'desistanse']);
    expect(await findCorrections(['desistanze'], review)).toEqual([{ from: 'desistanze', to: 'desistance', fromDocs: 0, toDocs: 40 }]);
    // A word only elsewhere counts as absent here: it is corrected like any unknown word, never kept.
    expect((await findCorrections(['desistence'], review)).map((c) => c.to)).toEqual(['desistance']);
    const elsewhereOnly = vocabulary([{ term: 'design', docs: 3 }], ['desistance']);
    expect(await findCorrections(['desistence'], elsewhereOnly)).toEqual([]);
    expect(elsewhereOnly.counted.filter((t) => t === 'desistance')).toHaveLength(1);
  });

  it('corrects words missing from the index, leaves known, short and numeric ones alone', async () => {
    const corrections = await findCorrections(['desistence', 'recidivsm', 'rehabilitaton', 'prison', 'xyz', 'covid19'], index);
    expect(corrections.map((c) => [c.from, c.to])).toEqual([
      ['desistence', 'desistance'],
      ['recidivsm', 'recidivism'],
      ['rehabilitaton', 'rehabilitation'],
    ]);
    expect(corrections[1]).toMatchObject({ fromDocs: 1, toDocs: 640 });
  });

  it('falls back to the first letter only when the first two find nothing close', async () => {
    const small = vocabulary([{ term: 'employment', docs: 90 }]);
    const [correction] = await findCorrections(['emplyoment'], small);
    expect(correction?.to).toBe('employment');
    expect(small.ranges).toEqual(['em..en']);
    const fallback = vocabulary([{ term: 'prisoners', docs: 90 }]);
    expect(await findCorrections(['psrisoners'], fallback)).toEqual([{ from: 'psrisoners', to: 'prisoners', fromDocs: 0, toDocs: 90 }]);
    expect(fallback.ranges).toEqual(['ps..pt', 'p..q']);
  });
});
