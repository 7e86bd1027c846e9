import { describe, expect, it } from 'vitest';
import type { DedupRecord } from '../../../src/dedup/dedup-record.js';
import { choosePrimary, findDuplicates, groupDuplicates } from '../../../src/dedup/find-duplicates.js';
import { makeRecord } from './make-record.js';

const pairOf = (records: DedupRecord[]) => {
  const pairs = findDuplicates(records);
  expect(pairs.length).toBeLessThanOrEqual(1);
  return pairs[0] ?? null;
};

describe('certain duplicates', () => {
  it('same DOI, whatever form the DOI arrived in', () => {
    const pair = pairOf([makeRecord(1), makeRecord(2, { doi: 'https://doi.org/10.1093/BJC/AZY001', title: 'DESISTANCE FROM CRIME AMONG MEMBERS OF SOCIAL CO-OPERATIVES IN ITALY.' })]);
    expect(pair).toMatchObject({ a: 1, b: 2, kind: 'certain' });
    expect(pair?.reasons).toContain('same DOI');
    expect(pair?.differingFields).toEqual([]);
  });

  it('same PMID', () => {
    const pair = pairOf([makeRecord(1, { doi: null, pmid: '123' }), makeRecord(2, { doi: null, pmid: '123', year: 2020 })]);
    expect(pair).toMatchObject({ kind: 'certain' });
    expect(pair?.reasons).toEqual(expect.arrayContaining(['same PMID', 'years differ by 1']));
  });

  it('same normalised title, year and first author, without identifiers', () => {
    const pair = pairOf([
      makeRecord(1, { doi: null }),
      makeRecord(2, { doi: null, title: 'DESISTANCE from <i>crime</i> among members of social cooperatives in Italy: a systematic review', authors: ['Rossi, M.'] }),
    ]);
    expect(pair).toMatchObject({ kind: 'certain', score: 1 });
    expect(pair?.reasons).toContain('titles match after normalisation');
  });

  it('diacritics in title and author do not matter', () => {
    const a = makeRecord(1, { doi: null, title: 'Évaluation des coopératives sociales en prison', authors: ['Müller, K.'] });
    const b = makeRecord(2, { doi: null, title: 'Evaluation des cooperatives sociales en prison', authors: ['Muller, Karl'] });
    expect(pairOf([a, b])).toMatchObject({ kind: 'certain' });
  });
});

describe('probable duplicates', () => {
  it('a year apart, without DOI', () => {
    const pair = pairOf([makeRecord(1), makeRecord(2, { doi: null, year: 2020 })]);
    expect(pair).toMatchObject({ kind: 'probable' });
    expect(pair?.reasons).toContain('years differ by 1');
    expect(pair?.differingFields).toEqual(['year']);
  });

  it('a subtitle one source dropped', () => {
    const pair = pairOf([
      makeRecord(1, { doi: null, title: 'Social co-operatives and the desistance of former prisoners: evidence from Lombardy' }),
      makeRecord(2, { doi: null, title: 'Social co-operatives and the desistance of former prisoners' }),
    ]);
    expect(pair).toMatchObject({ kind: 'probable' });
    expect(pair?.reasons).toContain('titles match apart from a subtitle');
  });

  it('a typo in the title', () => {
    const pair = pairOf([makeRecord(1, { doi: null }), makeRecord(2, { doi: null, title: 'Desistence from crime among members of social co-operatives in Itlay' })]);
    expect(pair?.kind).toBe('probable');
    expect(pair!.score).toBeGreaterThan(0.9);
  });

  it('pages that disagree stop an automatic link on title alone', () => {
    const pair = pairOf([makeRecord(1, { doi: null }), makeRecord(2, { doi: null, pages: '901-920' })]);
    expect(pair).toMatchObject({ kind: 'probable' });
    expect(pair?.reasons).toContain('pages differ');
  });

  it('a short title is never linked on title alone', () => {
    const pair = pairOf([makeRecord(1, { doi: null, title: 'Editorial' }), makeRecord(2, { doi: null, title: 'Editorial.' })]);
    expect(pair?.kind).toBe('probable');
    expect(pair?.reasons).toContain('title too short to link without a check');
  });

  it('a protocol and its review go to a person', () => {
    const pair = pairOf([
      makeRecord(1, { doi: null, title: 'Peer mentoring after prison: protocol for a systematic review' }),
      makeRecord(2, { doi: null, title: 'Peer mentoring after prison: a systematic review' }),
    ]);
    expect(pair?.kind).toBe('probable');
    expect(pair?.reasons).toContain('one is a protocol');
  });

  it('pages abbreviated by one source still match', () => {
    const pair = pairOf([makeRecord(1, { doi: null, pages: '811-30' }), makeRecord(2, { doi: null })]);
    expect(pair?.kind).toBe('certain');
    expect(pair?.differingFields).toEqual([]);
  });
});

describe('not duplicates', () => {
  it('different titles by the same author in the same year', () => {
    expect(pairOf([makeRecord(1, { doi: null }), makeRecord(2, { doi: null, title: 'Probation officers and the reintegration of young adults in Sweden' })])).toBeNull();
  });
});

describe('preprints and published versions', () => {
  it('are versions of one work, even with different DOIs', () => {
    for (const preprint of [
      { type: 'preprint' as const, doi: '10.1101/2020.01.01.123456', journal: 'medRxiv' },
      { type: 'other' as const, doi: '10.31234/osf.io/fu4mj', journal: null },
      { type: 'journal-article' as const, doi: null, journal: 'SSRN Electronic Journal' },
      { type: 'journal-article' as const, doi: null, journal: 'Research Square' },
    ]) {
      const pair = pairOf([makeRecord(1, { ...preprint, year: 2018 }), makeRecord(2)]);
      expect(pair, JSON.stringify(preprint)).toMatchObject({ kind: 'version' });
      expect(pair?.reasons).toContain('one is a preprint or a deposit, the other published');
    }
  });

  it('need the same first author', () => {
    expect(pairOf([makeRecord(1, { type: 'preprint', doi: '10.1101/2020.1', authors: ['Verdi, G.'] }), makeRecord(2)])).toBeNull();
  });
});

describe('vetoes', () => {
  const base = makeRecord(1, { doi: null });
  const cases: Array<[string, Partial<DedupRecord>, Partial<DedupRecord>]> = [
    ['different DOIs', { doi: '10.1000/a' }, { doi: '10.1000/b' }],
    ['different PMIDs', { pmid: '1' }, { pmid: '2' }],
    ['book and its chapter', { type: 'book' }, { type: 'chapter' }],
    ['Part 1 and Part 2', { title: `${base.title}, Part 1` }, { title: `${base.title}, Part 2` }],
    ['Part I and Part II', { title: `${base.title}: Part I` }, { title: `${base.title}: Part II` }],
    ['a title with and without a part number', { title: `${base.title}` }, { title: `${base.title}. Part 2` }],
    ['volume numbers in titles', { title: `Handbook of desistance research, vol. 1` }, { title: `Handbook of desistance research, vol. 2` }],
    ['trailing roman numerals', { title: `Prison work in Italy II` }, { title: `Prison work in Italy III` }],
    ['numbers in titles', { title: `Gambling in Finland in 2016` }, { title: `Gambling in Finland in 2019` }],
    ['series numbers', { type: 'report', collectionNumber: '12' }, { type: 'report', collectionNumber: '13' }],
    ['editions (field)', { type: 'book', edition: '2' }, { type: 'book', edition: 'Third' }],
    ['editions (title)', { type: 'book', title: `${base.title} (2nd ed.)` }, { type: 'book', title: `${base.title}, third edition` }],
    ['an erratum', {}, { title: `Erratum to: ${base.title}` }],
    ['a correction', {}, { title: `Correction: ${base.title}` }],
    ['a retraction notice', {}, { title: `Retraction note: ${base.title}` }],
    ['a comment', {}, { title: `Comment on "${base.title}"` }],
    ['a reply', {}, { title: `Reply to: ${base.title}` }],
    ['same title, different years and authors', { year: 2019, authors: ['Rossi, M.'] }, { year: 2021, authors: ['Verdi, G.'] }],
  ];

  it.each(cases)('%s are not duplicates', (_, left, right) => {
    expect(findDuplicates([makeRecord(1, { doi: null, ...left }), makeRecord(2, { doi: null, ...right })])).toEqual([]);
  });

  // A part number on one side only is what a database that cut the title would leave: a shared DOI
  // overrules that one (never-lose-a-study.test.ts), not a contradiction.
  const withSameDoi = cases.filter(([what, left]) => left.doi === undefined && left.pmid === undefined && what !== 'a title with and without a part number');
  it.each(withSameDoi)('%s are not duplicates even with the same DOI', (_, left, right) => {
    expect(findDuplicates([makeRecord(1, left), makeRecord(2, right)])).toEqual([]);
  });

  it('a retracted article is still its own work, not a notice', () => {
    expect(pairOf([makeRecord(1), makeRecord(2, { title: `RETRACTED ARTICLE: ${base.title}` })])?.kind).toBe('certain');
  });

  it('the same title in different years is fine when an author is shared', () => {
    expect(pairOf([makeRecord(1, { doi: null }), makeRecord(2, { doi: null, year: 2020, authors: ['Bianchi, L.'] })])?.kind).toBe('probable');
  });
});

describe('groups', () => {
  it('joins certain pairs into one group of three, primary the richest then earliest', () => {
    const records = [
      makeRecord(3, { doi: null, pmid: '99', journal: null }),
      makeRecord(7, { pmid: '99', abstractLength: 1200 }),
      makeRecord(5, { abstractLength: 1500, volume: null, issue: null }),
      makeRecord(9, { doi: null, title: 'Something else entirely about probation practice' }),
    ];
    const pairs = findDuplicates(records);
    expect(pairs.map((p) => `${p.a}-${p.b} ${p.kind}`).sort()).toEqual(['3-5 certain', '3-7 certain', '5-7 certain']);
    expect(groupDuplicates(pairs, records)).toEqual([{ primary: 7, members: [3, 5, 7] }]);
  });

  it('does not link automatically a group that would join records a veto keeps apart', () => {
    // 1 = 2 and 2 = 3 by title, but 1 and 3 have different DOIs.
    const records = [makeRecord(1, { doi: '10.1000/a' }), makeRecord(2, { doi: null }), makeRecord(3, { doi: '10.1000/b' })];
    const pairs = findDuplicates(records);
    expect(pairs.filter((p) => p.kind === 'certain')).toEqual([]);
    expect(pairs.find((p) => p.a === 2 && p.b === 3)?.reasons.at(-1)).toMatch(/^in a group with records that cannot be the same work \(different DOIs/);
  });

  it('choosePrimary prefers more fields, then a longer abstract, then the lower id', () => {
    expect(choosePrimary([makeRecord(4), makeRecord(2, { pages: null })]).id).toBe(4);
    expect(choosePrimary([makeRecord(4, { abstractLength: 10 }), makeRecord(2, { abstractLength: 5 })]).id).toBe(4);
    expect(choosePrimary([makeRecord(4), makeRecord(2)]).id).toBe(2);
  });
});

describe('new records only', () => {
  it('returns only pairs touching a new record', () => {
    const records = [makeRecord(1), makeRecord(2), makeRecord(3), makeRecord(4, { doi: null, title: 'Unrelated work on prison libraries' })];
    expect(findDuplicates(records, { newIds: [3] }).map((p) => [p.a, p.b])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(findDuplicates(records, { newIds: [4] })).toEqual([]);
    expect(findDuplicates(records)).toHaveLength(3);
  });
});
