import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../src/imports/parse-file.js';
import { fixtureFile } from '../../support/fixture-exports.js';
import { parseText, ris } from './parse-text.js';

describe('format detection by content', () => {
  it.each([
    ['pubmed.txt', 'medline', 'PubMed MEDLINE (nbib)'],
    ['wos.txt', 'wos', 'Web of Science tagged'],
    ['endnote.txt', 'endnote-tagged', 'EndNote tagged (enw/refer)'],
    ['ovid.txt', 'ovid', 'Ovid'],
    ['endnote-bibtex.txt', 'bibtex', 'BibTeX / BibLaTeX'],
    ['endnote-ris.txt', 'ris', 'RIS'],
    ['wos-ris.txt', 'ris', 'RIS'],
  ])('%s (a .txt) is %s', (file, format, label) => {
    const parsed = parseFile(fixtureFile(file), file);
    expect([parsed.format, parsed.formatLabel]).toEqual([format, label]);
  });

  it('ignores the file name', () => {
    expect(parseText(ris('TI  - T'), 'refs.csv').format).toBe('ris');
    expect(parseText('@article{k, title={T}}', 'refs.ris').format).toBe('bibtex');
    expect(parseText('title,abstract\nT,A\n', 'refs.bib').format).toBe('csv');
    expect(parseText('title\tabstract\nT\tA\n', 'refs.csv').format).toBe('tsv');
    expect(parseText('[{"type": "article-journal", "title": "T"}]', 'refs.txt').format).toBe('csl-json');
  });

  it('a RIS abstract line starting with "@Name (" does not make the file BibTeX', () => {
    expect(parseText(ris('TI  - T', 'AB  - As', '@WHO (2019) put it, access matters.')).format).toBe('ris');
  });

  it('tells MEDLINE from RIS although both write "TI  - "', () => {
    expect(parseText('PMID- 1\nTI  - T\n').format).toBe('medline');
    expect(parseText('OWN - ERIC\nTI  - T\n').format).toBe('medline');
    expect(parseText(ris('TI  - T', 'DP  - NLM')).format).toBe('ris');
  });
});
