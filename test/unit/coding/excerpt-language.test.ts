import { describe, expect, it } from 'vitest';
import { excerptLanguage, isReviewLanguage, languageName } from '../../../src/coding/excerpt-language.js';

describe('the language of an excerpt', () => {
  it('keeps a plausible BCP 47 tag in its canonical form', () => {
    expect(excerptLanguage('it')).toEqual({ tag: 'it' });
    expect(excerptLanguage(' IT ')).toEqual({ tag: 'it' });
    expect(excerptLanguage('sv-se')).toEqual({ tag: 'sv-SE' });
    expect(excerptLanguage('pt-br')).toEqual({ tag: 'pt-BR' });
    expect(excerptLanguage('sr-latn')).toEqual({ tag: 'sr-Latn' });
    // A three-letter code with a two-letter one is written as the two-letter one.
    expect(excerptLanguage('ita')).toEqual({ tag: 'it' });
  });

  it('records nothing for the review’s own language, whatever its region', () => {
    for (const typed of ['', '  ', 'en', 'EN', 'en-GB', 'en-US']) expect(excerptLanguage(typed), typed).toEqual({ tag: '' });
    expect(isReviewLanguage('en-GB')).toBe(true);
    expect(isReviewLanguage('it')).toBe(false);
  });

  it('refuses what is not a language tag, or names no known language or region, saying what to write', () => {
    for (const typed of ['xx', 'it-XX', 'und', 'x-klingon', '123', 'i', 'it_IT', 'it'.padEnd(36, 'a')]) {
      const checked = excerptLanguage(typed);
      expect('problem' in checked, typed).toBe(true);
    }
    expect(excerptLanguage('xx')).toEqual({ problem: '“xx” is not a language code Coreview knows: write a BCP 47 code such as it (Italian), sv (Swedish) or de (German).' });
    expect(excerptLanguage('swedish')).toEqual({ problem: 'Write the language as its code: sv for Swedish.' });
  });

  it('names languages in English for the page and the history', () => {
    expect(languageName('it')).toBe('Italian');
    expect(languageName('sv')).toBe('Swedish');
    expect(languageName('sv-SE')).toBe('Swedish (Sweden)');
    expect(languageName('not a tag')).toBe('not a tag');
  });
});
