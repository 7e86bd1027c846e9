import { describe, expect, it } from 'vitest';
import { findDuplicates, groupDuplicates } from '../../../src/dedup/find-duplicates.js';
import { fixtureFile } from '../../support/fixture-exports.js';
import { expectCertainPairsJustified, labelledRecords } from '../../support/dedup-fixtures.js';

// One search exported from three databases, read by the real parsers (test/fixtures/exports/README.md).
const { records, label } = labelledRecords({
  cj: fixtureFile('ebsco-criminal-justice.ris'),
  lens: fixtureFile('lens.ris'),
  psycinfo: fixtureFile('ebsco-psycinfo.ris'),
});
const pairs = findDuplicates(records);
const found = new Map(pairs.map((p) => [`${label(p.a)} ${label(p.b)}`, p]));

describe('one search exported from three databases', () => {
  it('links the same article across databases despite case, punctuation, quotes, "&" and an online year', () => {
    for (const [a, b] of [
      ['cj#1', 'lens#3'], // final full stop and sentence case / Title Case, 2021 / 2020 online
      ['cj#4', 'psycinfo#1'], // Gambling's / Gambling’s
      ['cj#5', 'psycinfo#2'], // Crime & Addiction Review / Crime and Addiction Review
      ['cj#8', 'lens#9'], // in all three databases
      ['cj#8', 'psycinfo#4'],
      ['lens#13', 'psycinfo#6'], // "game type : a" / "game type: A"
      ['cj#2', 'cj#3'], // the same record twice in one export
      ['cj#9', 'cj#10'],
    ]) {
      expect(found.get(`${a} ${b}`)?.kind, `${a} ${b}`).toBe('certain');
    }
  });

  it('trusts one DOI over years that disagree by seven', () => {
    const pair = found.get('cj#11 cj#12');
    expect(pair?.kind).toBe('certain');
    expect(pair?.reasons).toEqual(expect.arrayContaining(['same DOI', 'years differ by 7']));
  });

  it('sends records without a DOI and a year or two off to a person, saying what differs', () => {
    expect(found.get('lens#2 psycinfo#8')).toMatchObject({ kind: 'probable', differingFields: ['year'] });
    expect(found.get('lens#11 psycinfo#10')).toMatchObject({ kind: 'probable', differingFields: ['year', 'pages'] });
  });

  it('flags the preprint and its published article as versions of one work', () => {
    expect(found.get('lens#1 lens#19')).toMatchObject({ kind: 'version' });
  });

  it('does not link two papers by the same authors with near titles and different DOIs', () => {
    expect(found.has('lens#7 lens#16')).toBe(false);
  });

  it('makes no certain link without the same DOI or the same title, and finds nothing else', () => {
    expectCertainPairsJustified(pairs, records, label);
    const certain = pairs.filter((p) => p.kind === 'certain');
    expect(records).toHaveLength(50);
    expect(certain).toHaveLength(12);
    expect(groupDuplicates(certain, records)).toHaveLength(8);
    expect(pairs).toHaveLength(15);
  });
});
