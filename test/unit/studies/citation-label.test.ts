import { describe, expect, it } from 'vitest';
import { citationLabels, familyName } from '../../../src/studies/citation-label.js';

describe('Author (Year) labels', () => {
  it('names one, two or more authors as a chapter cites them', () => {
    const labels = citationLabels([
      { id: 1, authors: ['Maruna, Shadd'], year: 2001 },
      { id: 2, authors: ['Maruna, S.', 'Farrall, Stephen'], year: 2004 },
      { id: 3, authors: ['Weaver, Beth', 'McNeill, F.', 'Fergus, M.'], year: 2012 },
      { id: 4, authors: [], year: null },
      { id: 5, authors: ['Social Co-operatives Europe'], year: 2019 },
    ]);
    expect([...labels.values()]).toEqual(['Maruna (2001)', 'Maruna and Farrall (2004)', 'Weaver et al. (2012)', 'Anonymous (n.d.)', 'Social Co-operatives Europe (2019)']);
  });

  it('tells apart studies that would share a label with a, b, c in the order given', () => {
    const labels = citationLabels([
      { id: 7, authors: ['Weaver, Beth'], year: 2016 },
      { id: 3, authors: ['Weaver, B.'], year: 2016 },
      { id: 9, authors: ['Weaver, Beth'], year: 2015 },
      { id: 10, authors: ['Nobody'], year: null },
      { id: 11, authors: ['Nobody'], year: null },
    ]);
    expect(Object.fromEntries(labels)).toEqual({ 7: 'Weaver (2016a)', 3: 'Weaver (2016b)', 9: 'Weaver (2015)', 10: 'Nobody (n.d.-a)', 11: 'Nobody (n.d.-b)' });
  });

  it('reads the family name before the comma, or the whole name', () => {
    expect(familyName('van der Berg, Anna')).toBe('van der Berg');
    expect(familyName('World Health Organization')).toBe('World Health Organization');
  });
});
