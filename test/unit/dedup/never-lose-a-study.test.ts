import { describe, expect, it } from 'vitest';
import type { DedupRecord } from '../../../src/dedup/dedup-record.js';
import { findDuplicates, groupDuplicates } from '../../../src/dedup/find-duplicates.js';
import { makeRecord } from './make-record.js';

/** The only pair two records make, or null. */
function pairOf(a: DedupRecord, b: DedupRecord) {
  const pairs = findDuplicates([a, b]);
  expect(pairs.length).toBeLessThanOrEqual(1);
  return pairs[0] ?? null;
}

const SUPPLEMENT_DOI = '10.2337/db18-2000-p';

describe('a shared identifier is certain only with titles that agree', () => {
  it('conference abstracts printed under one supplement DOI are not merged', () => {
    const titles = [
      'Glycaemic control after bariatric surgery in adolescents with type 2 diabetes',
      'Social support and insulin adherence among young adults leaving foster care',
      'Continuous glucose monitoring in prison health services: a feasibility study',
      'Employment and diabetes self-management after release from custody',
    ];
    const abstracts = titles.map((title, i) =>
      makeRecord(i + 1, { title, doi: SUPPLEMENT_DOI, journal: 'Diabetes', volume: '67', issue: 'Supplement 1', pages: `${1000 + i}-P`, authors: [`Author${i}, A.`], type: 'journal-article' }),
    );
    const pairs = findDuplicates(abstracts);
    expect(pairs.filter((p) => p.kind === 'certain')).toEqual([]);
    expect(groupDuplicates(pairs.filter((p) => p.kind === 'certain'), abstracts)).toEqual([]);
  });

  it('reports of a series under the series DOI are not merged, however alike their titles', () => {
    const report = (id: number, topic: string, year: number) =>
      makeRecord(id, { title: `${topic} outcomes among former prisoners in Italy`, authors: ['Ministry of Justice'], year, doi: '10.5555/moj-series', journal: 'Analytical Series', type: 'report', volume: null, pages: null });
    const pairs = findDuplicates([report(1, 'Employment', 2019), report(2, 'Housing', 2019), report(3, 'Education', 2020)]);
    expect(pairs.filter((p) => p.kind === 'certain')).toEqual([]);
  });

  it('the same DOI with titles alike but not equal is queued with a reason a person understands', () => {
    const pair = pairOf(
      makeRecord(1, { title: 'Desistance from crime among members of social co-operatives in Italy' }),
      makeRecord(2, { title: 'Desistance from crime among members of social co-operatives in Italy [Desistenza dal crimine tra i soci delle cooperative sociali]' }),
    );
    expect(pair).toMatchObject({ kind: 'probable' });
    expect(pair!.reasons).toContain('same DOI, but the titles differ (a journal supplement or a report series?)');
  });

  it('the same DOI and the same title still link, even when a veto would split them', () => {
    // One database cut the title before "Part 1".
    expect(pairOf(
      makeRecord(1, { title: 'Co-production in probation services: a realist evaluation, part 1' }),
      makeRecord(2, { title: 'Co-production in probation services: a realist evaluation' }),
    )).toMatchObject({ kind: 'certain' });
    // One writes Web of Science's erratum form, the other "Corrigendum to".
    expect(pairOf(
      makeRecord(1, { title: 'Social enterprise and reintegration after prison (vol 104, pg 150, 2017)', doi: '10.1016/j.ijlcj.2018.01.004' }),
      makeRecord(2, { title: 'Corrigendum to "Social enterprise and reintegration after prison"', doi: '10.1016/j.ijlcj.2018.01.004' }),
    )).toMatchObject({ kind: 'certain' });
  });
});

describe('titles equal in content but not in bytes', () => {
  it.each([
    ['K<sub>Ca</sub>3.1 channels in activated T cells', 'KCa3.1 channels in activated T cells'],
    ['<sup>99m</sup>Tc imaging of prison health: a cohort', '99mTc imaging of prison health: a cohort'],
    ['Ca<sup>2+</sup> signalling under chronic stress in custody', 'Ca2+ signalling under chronic stress in custody'],
    ['PM<sub>2•5</sub> exposure in overcrowded prisons', 'PM2•5 exposure in overcrowded prisons'],
  ])('%s = %s', (marked, plain) => {
    expect(pairOf(makeRecord(1, { title: marked }), makeRecord(2, { title: plain }))).toMatchObject({ kind: 'certain' });
  });
});

describe('two identifiers of one work are offered as versions, not kept apart', () => {
  it.each([
    ['a society DOI and a JSTOR DOI', '10.1093/bjc/azy001', '10.2307/26410123'],
    ['a deposit and its first version', '10.6084/m9.figshare.7341234', '10.6084/m9.figshare.7341234.v1'],
    ['a Cochrane review and its update', '10.1002/14651858.cd001234.pub2', '10.1002/14651858.cd001234.pub3'],
  ])('%s', (_what, first, second) => {
    const pair = pairOf(makeRecord(1, { doi: first }), makeRecord(2, { doi: second }));
    expect(pair).toMatchObject({ kind: 'version' });
  });

  it('a preprint on EGUsphere or a data deposit and the article are versions', () => {
    const article = makeRecord(1);
    expect(pairOf(article, makeRecord(2, { doi: '10.5194/egusphere-2023-1234', journal: 'EGUsphere', volume: null, pages: null }))).toMatchObject({ kind: 'version' });
    expect(pairOf(article, makeRecord(3, { doi: '10.5281/zenodo.4412345', journal: 'Zenodo', volume: null, pages: null, type: 'dataset' }))).toMatchObject({ kind: 'version' });
  });

  it('a preprint and its article are one relation, however many copies of each were imported', () => {
    const records = [
      makeRecord(1, { doi: '10.1101/2020.01.01.123456', journal: 'medRxiv', volume: null, pages: null, year: 2020 }),
      makeRecord(2, { doi: '10.1101/2020.01.01.123456', journal: 'medRxiv', volume: null, pages: null, year: 2020 }),
      makeRecord(3),
      makeRecord(4, { doi: 'https://doi.org/10.1093/BJC/AZY001' }),
    ];
    const pairs = findDuplicates(records);
    expect(pairs.filter((p) => p.kind === 'certain').map((p) => [p.a, p.b])).toEqual([[1, 2], [3, 4]]);
    expect(pairs.filter((p) => p.kind === 'version')).toHaveLength(1);
  });
});

describe('queue noise', () => {
  it('a conference abstract and the article that grew from it are related reports, not possibly the same work', () => {
    const pair = pairOf(
      makeRecord(1, { doi: null, title: 'Desistance from crime among members of social co-operatives in Italy', journal: 'European Society of Criminology Annual Conference Abstracts', volume: null, pages: null, year: 2018, type: 'conference-paper' }),
      makeRecord(2, { doi: null }),
    );
    expect(pair).toMatchObject({ kind: 'related' });
  });

  it('says each reason once', () => {
    const pair = pairOf(makeRecord(1, { doi: null }), makeRecord(2, { doi: null, pages: '900-920' }));
    expect(pair).not.toBeNull();
    expect(new Set(pair!.reasons).size).toBe(pair!.reasons.length);
  });
});

describe('titles that cannot be compared', () => {
  it('records without a title are paired only through a shared identifier, and then only for a person', () => {
    expect(pairOf(makeRecord(1, { title: '', doi: null }), makeRecord(2, { title: '', doi: null }))).toBeNull();
    const pair = pairOf(makeRecord(1, { title: '' }), makeRecord(2, { title: '' }));
    expect(pair).toMatchObject({ kind: 'probable' });
    expect(pair!.reasons).toContain('same DOI, but a record has no title to compare');
  });

  it('titles in other scripts are compared by their own letters, not folded to nothing', () => {
    expect(pairOf(
      makeRecord(1, { doi: null, title: 'Ресоциализация осуждённых в социальных кооперативах' }),
      makeRecord(2, { doi: null, title: 'Трудовая занятость бывших заключённых в Сибири' }),
    )).toBeNull();
    expect(pairOf(
      makeRecord(1, { doi: null, title: 'Ресоциализация осуждённых в социальных кооперативах' }),
      makeRecord(2, { doi: null, title: 'РЕСОЦИАЛИЗАЦИЯ ОСУЖДЁННЫХ В СОЦИАЛЬНЫХ КООПЕРАТИВАХ.' }),
    )).toMatchObject({ kind: 'certain' });
  });
});
