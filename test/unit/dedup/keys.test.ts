import { describe, expect, it } from 'vitest';
import { surnameKey } from '../../../src/dedup/author-key.js';
import { foldText } from '../../../src/dedup/fold-text.js';
import { journalsMatch, journalWords } from '../../../src/dedup/journal-key.js';
import { isProtocol, mainTitle, normaliseTitle } from '../../../src/dedup/normalise-title.js';
import { firstPage, pageRange } from '../../../src/dedup/page-key.js';
import { editSimilarity } from '../../../src/dedup/similarity.js';

describe('foldText', () => {
  it('drops markup, diacritics, apostrophes and punctuation', () => {
    expect(foldText('<i>Évaluation</i> d’impact: Part-2')).toBe('evaluation dimpact part 2');
    expect(foldText('Straße, Ærø and Łódź')).toBe('strasse aero and lodz');
    // Tags that format inside a word leave it one word; others separate words.
    expect(foldText('H<sub>2</sub>O')).toBe('h2o');
    expect(foldText('K<sub>Ca</sub>3.1 and Ca<sup>2+</sup>')).toBe('kca3 1 and ca2');
    expect(foldText('First<br/>second<p>third</p>')).toBe('first second third');
  });
});

describe('normaliseTitle', () => {
  it('ignores case, punctuation, diacritics, markup and stopwords', () => {
    const key = normaliseTitle('The <i>Desistance</i> of Prisoners: Évaluation.');
    expect(key).toBe('desistance prisoners evaluation');
    expect(normaliseTitle('desistance of prisoners - evaluation')).toBe(key);
  });

  it('removes review, protocol and trial boilerplate at the end', () => {
    const key = 'work integration social enterprises former prisoners';
    for (const tail of [
      ': a systematic review and meta-analysis',
      ': A Systematic Review',
      ' - a scoping review',
      ': a meta-analysis',
      ': protocol for a systematic review',
      ': study protocol',
      ': a randomised controlled trial',
      ': a review',
    ]) {
      expect(normaliseTitle(`Work integration social enterprises for former prisoners${tail}`), tail).toBe(key);
    }
    expect(normaliseTitle('RETRACTED ARTICLE: Work integration social enterprises for former prisoners')).toBe(key);
  });

  it('never strips a short title down to nothing', () => {
    expect(normaliseTitle('A systematic review')).toBe('systematic review');
    expect(normaliseTitle('Prisons: a review')).toBe('prisons review');
    expect(normaliseTitle('To be or to be?')).toBe('to be or to be');
  });

  it('keeps review words that are not boilerplate at the end', () => {
    expect(normaliseTitle('A review of research on e-marketplaces 1997–2008')).toBe('review research e marketplaces 1997 2008');
  });
});

describe('mainTitle', () => {
  it('is the title before a subtitle, when informative', () => {
    expect(mainTitle('Gambling harm and crime careers: evidence from England')).toBe('gambling harm crime careers');
    expect(mainTitle('Til debt do us part - comparing harms')).toBe('til debt do us part');
    expect(mainTitle('Desistance: a review of the evidence')).toBeNull();
    expect(mainTitle('No subtitle here at all')).toBeNull();
  });
});

it('isProtocol finds protocols', () => {
  expect(isProtocol(foldText('Peer mentoring after prison: Protocol for a systematic review'))).toBe(true);
  expect(isProtocol(foldText('Peer mentoring after prison'))).toBe(false);
});

describe('surnameKey', () => {
  it('folds diacritics and drops particles wherever the source put them', () => {
    expect(surnameKey('Müller, Karl')).toBe('muller');
    expect(surnameKey('van der Berg, Jan')).toBe('berg');
    expect(surnameKey('Berg, Jan van der')).toBe('berg');
    expect(surnameKey('Palmer du Preez, Katie')).toBe('preez');
    expect(surnameKey('du Preez, Katie Palmer')).toBe('preez');
    expect(surnameKey('De, Amit')).toBe('de');
  });

  it('keys an organisation on its whole name', () => {
    expect(surnameKey('World Health Organization')).toBe('worldhealthorganization');
    expect(surnameKey('Łukasiewicz, J.')).toBe('lukasiewicz');
  });
});

describe('journal keys', () => {
  it('match across "The", "&"/"and", case and subtitles', () => {
    expect(journalsMatch(journalWords('Drug & Alcohol Review'), journalWords('Drug and alcohol review'))).toBe(true);
    expect(journalsMatch(journalWords('The Lancet'), journalWords('Lancet'))).toBe(true);
    expect(
      journalsMatch(journalWords('Quality of Life Research: An International Journal of Quality of Life Aspects'), journalWords('Quality of life research')),
    ).toBe(true);
  });

  it('match ISO abbreviations word by word', () => {
    expect(journalsMatch(journalWords('J. Gambl. Stud.'), journalWords('Journal of Gambling Studies'))).toBe(true);
    expect(journalsMatch(journalWords('J Gambl Issues'), journalWords('Journal of Gambling Studies'))).toBe(false);
    expect(journalsMatch(journalWords('Addiction'), journalWords('Addictive Behaviors'))).toBe(false);
  });
});

describe('page keys', () => {
  it('first page ignores e-prefixes, leading zeros and non-pages', () => {
    expect(firstPage('213--238')).toBe('213');
    expect(firstPage('e0123')).toBe('123');
    expect(firstPage('123')).toBe('123');
    expect(firstPage('S12-S19')).toBe('s12');
    expect(firstPage('N.PAG')).toBeNull();
    expect(firstPage(null)).toBeNull();
  });

  it('writes abbreviated ranges in full', () => {
    expect(pageRange('123-35')).toBe('123-135');
    expect(pageRange('1203-4')).toBe('1203-1204');
    expect(pageRange('213--238')).toBe('213-238');
    expect(pageRange('e11552')).toBe('11552');
    expect(pageRange('11552-11552')).toBe('11552');
  });
});

describe('editSimilarity', () => {
  const naive = (a: string, b: string) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), row[j]! + 1, next[j - 1]! + 1);
      row = next;
    }
    return 1 - row[b.length]! / Math.max(a.length, b.length, 1);
  };

  it('equals the full Levenshtein similarity when above the floor, and 0 below it', () => {
    const words = ['prison', 'desistance', 'work', 'co-operative', 'reentry', 'italy', 'sweden', 'a', 'of'];
    let seed = 7;
    const pick = () => words[(seed = (seed * 48271) % 2147483647) % words.length]!;
    for (let n = 0; n < 300; n++) {
      const a = Array.from({ length: 1 + (n % 6) }, pick).join(' ');
      const b = n % 3 === 0 ? a.replace(/e/, 'a') : Array.from({ length: 1 + (n % 5) }, pick).join(' ');
      const exact = naive(a, b);
      expect(editSimilarity(a, b), `${a} / ${b}`).toBeCloseTo(exact, 10);
      const floored = editSimilarity(a, b, 0.7);
      if (exact >= 0.7) expect(floored).toBeCloseTo(exact, 10);
      else expect(floored).toBe(0);
    }
  });
});
