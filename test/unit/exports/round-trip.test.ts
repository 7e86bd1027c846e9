import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../support/imports.js';
import { bibtexAbstract, columnsOf, reimported, storedRecords, writeAll, type Columns } from './export-fixtures.js';

/**
 * Real exports from every kind of source, read as Coreview stores them, written as RIS and BibTeX,
 * and read again: the bibliographic columns must come back as they were. (test/routes/exports.test.ts
 * does the same through the database and the web import; this covers more files, fast.)
 */
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

describe('RIS and BibTeX exports of real files read back as the same records', () => {
  for (const file of FILES) {
    it(file, () => {
      const records = storedRecords(corpusFile(file), file);
      expect(records.length).toBeGreaterThan(0);
      const original = records.map(columnsOf);

      expect(reimported(writeAll('ris', records))).toEqual(original);

      // BibTeX reads a single line break as a space; paragraphs (blank lines) are kept.
      const bibtex: Columns[] = original.map((row) => ({ ...row, abstract: bibtexAbstract(row.abstract as string) }));
      expect(reimported(writeAll('bibtex', records))).toEqual(bibtex);
    });
  }

  it('CSL-JSON does too', () => {
    for (const file of FILES) {
      const records = storedRecords(corpusFile(file), file);
      expect([file, reimported(writeAll('csl-json', records))]).toEqual([file, records.map(columnsOf)]);
    }
  });
});
