import { describe, expect, it } from 'vitest';
import { expectRoundTrip, storedRecords } from '../unit/exports/export-fixtures.js';
import { corpusFile } from './corpus-folder.js';

/** Real exports from every kind of source, written as RIS, BibTeX and CSL-JSON and read back unchanged (see test/unit/exports/round-trip.test.ts). */
const FILES = [
  'citesource__20221207_gambling-harms_crimjust_41.ris',
  'citesource__20221207_gambling-harms_lens_49.ris',
  'asreview__scopus.ris',
  'asreview__proquest.ris',
  'asreview__pubmed_zotero.ris',
  'colrev__records.bib',
  'bibtextidy__biblatex-examples.bib',
  'citationjs__escaped_characters.bib',
  'jabref__jabref-authors.bib',
  'synthesisr__PubMed_example.txt',
  'synthesisr__WoS_ciw_example.ciw',
  'jabref__EndnoteXmlImporterTestArticle.xml',
  'jabref__MedlineImporterTestArticleItalics.xml',
  'asreview__generic_labels.csv',
];

describe('real exports read back as the same records', () => {
  it.each(FILES)('%s', (file) => {
    const records = storedRecords(corpusFile(file), file);
    expect(records.length).toBeGreaterThan(0);
    expectRoundTrip(records);
  });
});
