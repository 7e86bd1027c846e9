import { describe, expect, it } from 'vitest';
import { markTerms, type MarkedSegment } from '../../../src/screening/term-marks.js';

const marked = (segments: MarkedSegment[]) => segments.filter((s) => s.mark !== null).map((s) => `${s.mark}:${s.text}`);

describe('include and exclude terms in a text', () => {
  it('marks whole words only, folding case and accents, in two polarities', () => {
    const text = 'Réintegration after PRISON: reintegrations of prisoners in Italy.';
    const segments = markTerms(text, { include: ['reintegration'], exclude: ['prison'] });
    expect(marked(segments)).toEqual(['include:Réintegration', 'exclude:PRISON']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('matches phrases word by word across punctuation, longest first', () => {
    const text = 'Social co-operatives and social co-operative enterprise; co-production.';
    expect(marked(markTerms(text, { include: ['social co-operative', 'co-production'], exclude: ['social'] }))).toEqual([
      // "co-operatives" is not the word "co-operative": only "Social" is left, an exclude term.
      'exclude:Social',
      'include:social co-operative',
      'include:co-production',
    ]);
  });

  it('lets a trailing * match word beginnings', () => {
    expect(marked(markTerms('Desistance, desisting and desire.', { include: ['desist*'], exclude: [] }))).toEqual(['include:Desistance', 'include:desisting']);
  });

  it('leaves text without terms as one plain segment, and markup-like text as text', () => {
    expect(markTerms('<b>no terms</b>', { include: [], exclude: [] })).toEqual([{ text: '<b>no terms</b>', mark: null }]);
    expect(markTerms('', { include: ['x'], exclude: [] })).toEqual([]);
  });
});
