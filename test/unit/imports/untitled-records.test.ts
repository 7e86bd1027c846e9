import { describe, expect, it } from 'vitest';
import { parseText, ris } from './parse-text.js';

const EMPTY = 'The record is empty: it has no title, authors, abstract, source, year, DOI, PMID or link.';

describe('records without a title', () => {
  it('are imported with an empty title, and the preview says how many and which', () => {
    const parsed = parseText(`${ris('TI  - Kept')}\n${ris('AU  - Nobody, N.', 'AB  - An abstract to screen.')}\n${ris('DO  - 10.5555/untitled.3')}`);
    expect([parsed.found, parsed.failures]).toEqual([3, []]);
    expect(parsed.records.map((r) => [r.position, r.reference.title])).toEqual([[1, 'Kept'], [2, ''], [3, '']]);
    expect(parsed.records[1]?.reference).toMatchObject({ authors: ['Nobody, N.'], abstract: 'An abstract to screen.' });
    expect(parsed.records[1]?.reference.csl).not.toHaveProperty('title');
    expect(parsed.warnings[0]).toEqual({ message: '2 records have no title; they are imported as [No title] (records 2, 3).' });
  });

  it('one untitled record is named in the singular', () => {
    const parsed = parseText(ris('AB  - Only an abstract.'));
    expect(parsed.warnings).toContainEqual({ message: '1 record has no title; it is imported as [No title] (record 1).' });
  });

  it('in every format: BibTeX, MEDLINE, Web of Science, EndNote, CSV and CSL-JSON', () => {
    const files = [
      '@article{k, author = {Rossi, Anna}, year = {2020}}',
      'PMID- 1\nAB  - An abstract without a title.\n',
      'PT J\nAU Li, W\nPY 2020\nER\n',
      '%0 Journal Article\n%A Visher, Christy\n%D 2011\n',
      'title,abstract\n,An abstract in a row without a title\n',
      JSON.stringify([{ type: 'article-journal', DOI: '10.5555/untitled.csl' }]),
    ];
    for (const text of files) {
      const parsed = parseText(text);
      expect([parsed.format, parsed.records.map((r) => r.reference.title), parsed.failures], parsed.format).toEqual([parsed.format, [''], []]);
    }
  });

  it('a record with nothing in it at all is the only kind that fails', () => {
    const parsed = parseText(`${ris('TI  - Kept')}\n${ris('N1  - Reference Type: Generic')}\n${ris('TI  -')}`);
    expect(parsed.records.map((r) => r.position)).toEqual([1]);
    expect(parsed.failures).toEqual([
      { record: 2, lineStart: 5, lineEnd: 7, message: EMPTY, raw: 'TY  - JOUR\nN1  - Reference Type: Generic\nER  - ' },
      { record: 3, lineStart: 9, lineEnd: 11, message: EMPTY, raw: 'TY  - JOUR\nTI  -\nER  - ' },
    ]);
  });
});
