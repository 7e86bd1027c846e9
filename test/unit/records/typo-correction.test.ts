import { describe, expect, it } from 'vitest';
import { closestTerm, findCorrections, prefixRange, type Vocabulary, type VocabularyTerm } from '../../../src/records/typo-correction.js';

function vocabulary(terms: VocabularyTerm[]): Vocabulary & { ranges: string[] } {
  const sorted = [...terms].sort((a, b) => (a.term < b.term ? -1 : 1));
  const ranges: string[] = [];
  return {
    ranges,
    docs: async (term) => sorted.find((t) => t.term === term)?.docs ?? 0,
    range: async (from, to, limit) => {
      ranges.push(`${from}..${to}`);
      return sorted.filter((t) => t.term >= from && t.term < to).slice(0, limit);
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

  it('lets Fuse.js pick the closest term of similar length, the more frequent on a tie', () => {
    const terms = [{ term: 'desistance', docs: 812 }, { term: 'desist', docs: 30 }, { term: 'deterrence', docs: 55 }];
    expect(closestTerm('desistence', terms)?.term).toBe('desistance');
    expect(closestTerm('prision', [{ term: 'prisons', docs: 200 }, { term: 'prison', docs: 900 }])?.term).toBe('prison');
    expect(closestTerm('zebra', terms)).toBeUndefined();
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
