import { describe, expect, it } from 'vitest';
import {
  foldToken,
  formatSearch,
  MAX_SEARCH_PHRASES,
  parseSearch,
  replaceTokens,
  searchedTokens,
  toMatchExpression,
  tokenize,
} from '../../../src/records/fts-query.js';

const match = (text: string) => toMatchExpression(parseSearch(text));

describe('search text to FTS5 MATCH', () => {
  it('quotes every word and requires them all', () => {
    expect(match('desistance employment')).toBe('"desistance" AND "employment"');
    expect(match('  Desistance  ')).toBe('"desistance"');
  });

  it('folds case and diacritics the way the index does', () => {
    expect(foldToken('Évaluation')).toBe('evaluation');
    expect(tokenize('Coopératives SOCIALES, Malmö')).toEqual(['cooperatives', 'sociales', 'malmo']);
  });

  it('keeps quoted and hyphenated words together as phrases', () => {
    expect(match('"social co-operative" Italy')).toBe('"social co operative" AND "italy"');
    expect(match('re-entry')).toBe('"re entry"');
    expect(match('"unterminated phrase')).toBe('"unterminated phrase"');
  });

  it('builds OR and NOT itself, only between words', () => {
    expect(match('prison OR jail work')).toBe('("prison" OR "jail") AND "work"');
    expect(match('desistance -juvenile NOT "young offenders"')).toBe('("desistance") NOT ("juvenile" OR "young offenders")');
    expect(match('OR desistance OR')).toBe('"desistance"');
    expect(match('-juvenile')).toBeNull();
    expect(parseSearch('-juvenile').excluded).toEqual([['juvenile']]);
  });

  it('never lets FTS5 syntax through: every operator character is a separator', () => {
    const hostile = ['NEAR(a b, 2)', 'title:desist*', '^start', 'a"b"c', '"', '""', '*', '(', ')', '{a b}', "'; DROP TABLE record; --", 'a + b', '\u0000x'];
    for (const text of hostile) {
      const expression = toMatchExpression(parseSearch(text));
      if (expression === null) continue;
      // Outside the quoted strings only our own operators and parentheses remain.
      const outside = expression.replace(/"(?:[^"]|"")*"/g, '').replace(/\b(?:AND|OR|NOT)\b/g, '');
      expect(outside.replace(/[\s()]/g, ''), text).toBe('');
    }
    // A run without spaces is one phrase, whatever punctuation it holds.
    expect(match('NEAR(desistance prison, 2)')).toBe('"near desistance" AND "prison" AND "2"');
    expect(match('desist*')).toBe('"desist"');
  });

  it('bounds the work a search can ask for', () => {
    const many = parseSearch(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '));
    expect(many.clauses).toHaveLength(MAX_SEARCH_PHRASES);
    expect(many.truncated).toBe(true);
    const long = parseSearch('x'.repeat(100) + ' desistance');
    expect(long.clauses).toEqual([[['desistance']]]);
    expect(long.truncated).toBe(true);
    expect(parseSearch('a '.repeat(400)).truncated).toBe(true);
  });

  it('writes a search back as text, with corrections applied', () => {
    const search = parseSearch('desistence "social cooperative" OR coops -juvenile');
    const fixed = replaceTokens(search, new Map([['desistence', 'desistance']]));
    expect(formatSearch(fixed)).toBe('desistance "social cooperative" OR coops -juvenile');
    expect([...searchedTokens(fixed)].sort()).toEqual(['cooperative', 'coops', 'desistance', 'social']);
  });
});
