import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFile, type ParsedFile } from '../../../src/imports/parse-file.js';
import { fixtureFile, fixtureNames } from '../../support/fixture-exports.js';
import { expectWellFormed } from '../../support/parsed-file-checks.js';

// The table in the fixtures' README says what each synthetic export is; this keeps it true.
const table = [...readFileSync(new URL('../../fixtures/exports/README.md', import.meta.url), 'utf8').matchAll(/^\| ([\w.-]+) \| ([\w-]+) \| ([\w-]+) \| (\d+) \| (\d+) \|/gm)].map(
  ([, file = '', format = '', encoding = '', found = '', imported = '']) => ({ file, format, encoding, found: Number(found), imported: Number(imported) }),
);

const parsed = (file: string): ParsedFile => parseFile(fixtureFile(file), file);
const reference = (file: string, position: number) => parsed(file).records.find((r) => r.position === position)!.reference;

describe('the synthetic exports', () => {
  it('are all in the README table, files and encoded exports alike', () => {
    expect(table.map((row) => row.file).sort()).toEqual(fixtureNames());
  });

  it.each(table)('$file is read as $format in $encoding: $imported of $found records', ({ file, format, encoding, found, imported }) => {
    const result = parsed(file);
    expect([result.format, result.encoding, result.found, result.records.length]).toEqual([format, encoding, found, imported]);
    expectWellFormed(result, fixtureFile(file));
  });
});

describe('vendor traits survive import', () => {
  it("EBSCO RIS: the DOI from L3, the year from Y1, and no copyright notice in any abstract", () => {
    const file = 'ebsco-criminal-justice.ris';
    expect(parsed(file).records.filter((r) => r.reference.abstract?.includes('Copyright of'))).toEqual([]);
    expect(reference(file, 1)).toMatchObject({ doi: '10.5555/jgp.2021.0142', year: 2021, journal: 'Journal of Gambling Policy', pages: '101-118' });
    expect(reference(file, 1).abstract).toMatch(/^Regulators describe gambling harm .* reducing gambling related harm\.$/);
  });

  it('Lens RIS: markup leaves the abstract, LF-only continuation lines stay in it, a GEN record is a generic document', () => {
    const file = 'lens.ris';
    expect(reference(file, 1)).toMatchObject({ type: 'other', doi: '10.31234/osf.io/q7k2m', publisher: 'Center for Open Science' });
    expect(reference(file, 1).abstract).toMatch(/^Background: Gambling harm screens/);
    expect(reference(file, 6).abstract).toMatch(/^Abstract\n\nPolice-recorded offences/);
    expect(reference(file, 10).abstract?.split('\n')).toHaveLength(3);
    expect(reference(file, 24)).toMatchObject({ type: 'chapter', journal: 'Handbook of Gambling and Crime', pages: '45-62' });
  });

  it('Scopus, ProQuest and EndNote RIS: initials, DOIs inside links, PMIDs from NLM records, continued keywords', () => {
    expect(reference('scopus.ris', 1)).toMatchObject({ authors: ['Ricci, G.', 'Ferrante, M.', 'Dahl, S.'], doi: '10.5555/jcom.2023.100201', pages: null });
    expect(reference('scopus.ris', 3)).toMatchObject({ type: 'conference-paper', doi: null });
    expect(reference('proquest.ris', 1)).toMatchObject({ doi: '10.5555/pcj.2022.0301', authors: ['Benedetti, Laura', 'Sjöberg, Annika'] });
    expect(reference('proquest.ris', 2)).toMatchObject({ type: 'thesis', authors: ['Ekström, Jonas'], year: 2021 });
    expect(reference('endnote-ris.txt', 1)).toMatchObject({ pmid: '39990201', pages: '112-128', keywords: ['Humans', 'Male', '*Gambling/therapy', '*Peer Group', 'Probation'] });
  });

  it('MEDLINE: wrapped title and abstract joined, full author names, PMID and DOI', () => {
    const ref = reference('pubmed.txt', 1);
    expect(ref.title).toBe('Gambling disorder among people in prison: a systematic review and meta-analysis of prevalence studies.');
    expect(ref.authors).toEqual(['Okonjo, Chinwe', 'Lindahl, Per-Erik', 'Brandt, Sophie A']);
    expect(ref.abstract).toMatch(/^BACKGROUND: Estimates .* at reception\.$/);
    expect([ref.pmid, ref.doi, ref.volume, ref.issue, ref.pages]).toEqual(['39990101', '10.5555/jgs.2024.0113', '40', '1', '113-131']);
    expect(parsed('pubmed.txt').records.map((r) => r.reference.pmid)).toEqual(['39990101', '39990102', '39990103']);
  });

  it('Web of Science: five authors from continuation lines, in order, and a wrapped title', () => {
    const ref = reference('wos.txt', 1);
    expect(ref.authors).toEqual(['Moreno, Lucia', 'Fitch, Kieran', 'Adjei, Esi', 'Sato, Haruto', 'Lindberg, Malin']);
    expect(ref.title).toBe('Gaming machines in licensed premises and police call-outs: a panel study of 340 neighbourhoods');
    expect([ref.doi, ref.year, ref.pages]).toEqual(['10.5555/jgp.2021.0055', 2021, '55-71']);
  });

  it('EndNote tagged: one record per blank-line block, with or without %0', () => {
    expect(parsed('endnote.txt').records.map((r) => r.lineStart)).toEqual([1, 18, 28, 39]);
    expect(reference('endnote.txt', 1)).toMatchObject({ doi: '10.5555/ds.2021.0005', keywords: ['desistance', 'identity', 'social co-operatives'] });
    expect(reference('endnote.txt', 2)).toMatchObject({ type: 'chapter', journal: 'The Social Economy in Italy', publisher: 'Il Portico' });
  });

  it('Ovid: the source line split into journal, volume, issue and pages; no "[Article]", no affiliation numbers', () => {
    const ref = reference('ovid.txt', 1);
    expect(ref.title).toBe('Gambling harm among women released from prison: a longitudinal study.');
    expect(ref.authors).toEqual(['Haugen, Ingrid M', 'Reilly, Padraig']);
    expect([ref.journal, ref.volume, ref.issue, ref.pages, ref.year, ref.doi]).toEqual(['Journal of Offender Rehabilitation Studies', '12', '1', '33-51', 2023, '10.5555/jors.2023.0033']);
  });

  it('Ovid RIS: six records, none failed; NL after ER stays with its record, link lines between records are one warning', () => {
    const result = parsed('ovid-embase.ris');
    expect([result.found, result.failures]).toEqual([6, []]);
    expect(reference('ovid-embase.ris', 1)).toMatchObject({ year: 2021, doi: '10.5555/ovid.2021.1', journal: 'Journal of Offender Rehabilitation Studies', pages: '101-118' });
    expect(result.records[0]?.raw).toMatch(/^TY {2}- JOUR\n[^]*\nNL {2}- https:\/\/linkresolver\.example\.org\/\?sid=OVID:embase&id=doi:10\.5555\/ovid\.2021\.1$/);
    expect(result.warnings.filter((w) => w.record === undefined).map((w) => w.message)).toEqual([
      '12 line(s) outside any record were ignored (lines 26, 27, 55, 56, 85, 86, 114, 115, 144, 145 and 2 more).',
      'Tags that are not standard RIS were kept in the raw text but not imported: NL (6 records).',
    ]);
  });

  it('JabRef BibTeX: a chapter takes publisher and year from its collection, keeps its paragraphs and its accents', () => {
    const ref = reference('jabref.bib', 1);
    expect(ref.authors).toEqual(['Guðmundsdóttir, Ragnheiður', 'Ívarsson, Jón']);
    expect([ref.type, ref.journal, ref.publisher, ref.year]).toEqual(['chapter', 'Co-operative Futures after Prison', 'Routledge', 2021]);
    expect(ref.abstract).toMatch(/calling it a programme\.\n\nThis chapter draws/);
    expect(reference('jabref.bib', 3).authors).toEqual(['de la Fuente, María', 'Østergaard, Søren', 'Nuñez, Pilar']);
  });

  it('XML: italics kept in titles, structured abstracts labelled, collective authors named', () => {
    expect(reference('endnote.xml', 1).title).toBe('Membership, not employment: what <i>cooperative sociali</i> offer people leaving prison');
    const pubmed = reference('pubmed.xml', 1);
    expect(pubmed.title).toBe('Gambling among people in <i>prison</i> and after release: a cohort study in Norway.');
    expect(pubmed.abstract).toMatch(/^BACKGROUND: .*\n\nMETHODS: .*\n\nRESULTS: /);
    expect(pubmed.authors.at(-1)).toBe('Nordic Prison Gambling Study Group');
  });

  it('CSV: ASReview list cells and multi-line abstracts, Rayyan authors joined by "and"', () => {
    expect(reference('asreview.csv', 1)).toMatchObject({ authors: ['Bianchi, Chiara', 'Nordin, Elsa'], keywords: ['social co-operatives', 'realist review', 'employment'], doi: '10.5555/rr.2022.0007' });
    expect(reference('asreview.csv', 1).abstract?.split('\n')).toHaveLength(3);
    expect(reference('asreview.csv', 2).title).toBe('Why former prisoners leave jobs: "fit", pay and supervision');
    expect(reference('rayyan.csv', 1)).toMatchObject({ authors: ['Soto Ramírez, Elena', 'Müller, Tobias'], keywords: ['hope', 'desistance', 'young adults'], pages: '99-117' });
  });
});
