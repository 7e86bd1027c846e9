import { describe, expect, it } from 'vitest';
import { baseKey, bibtexEntry, bibtexName, escapeBibtex, KeyMaker } from '../../../src/exports/formats/bibtex.js';
import { bibliographicItem, cslTypeOf } from '../../../src/exports/formats/csl-item.js';
import { authorList, csvCell, neutralise } from '../../../src/exports/formats/csv.js';
import { risRecord, risType } from '../../../src/exports/formats/ris.js';
import { extrasLines, type RecordExtras } from '../../../src/exports/extras.js';
import { parseFile } from '../../../src/imports/parse-file.js';
import { referenceTypeOf, REFERENCE_TYPES } from '../../../src/imports/reference-type.js';
import { columnsOf, makeRecord, reimported, writeAll } from './export-fixtures.js';

const EXTRAS: RecordExtras = {
  stages: [
    {
      stage: 'title_abstract',
      state: 'include',
      reasons: [],
      decisions: [
        { reviewer: 'Rita Reviewer', decision: 'include', reason: null, note: 'Clearly in scope,\nsee the methods', labels: ['qualitative', 'UK'] },
        { reviewer: 'Sam Second', decision: 'include', reason: null, note: '', labels: [] },
      ],
    },
    { stage: 'full_text', state: 'exclude', reasons: ['Wrong population'], decisions: [] },
  ],
  labels: ['qualitative', 'UK'],
  codes: ['Individual level > Agency', 'Systemic level'],
};

describe('the Coreview extras', () => {
  it('are one line each, starting with "Coreview", outcome first', () => {
    expect(extrasLines(EXTRAS)).toEqual([
      'Coreview: title/abstract include; full text exclude (Wrong population)',
      'Coreview labels: qualitative; UK',
      'Coreview codes: Individual level > Agency; Systemic level',
      'Coreview title/abstract decision by Rita Reviewer: include; labels: qualitative, UK; note: Clearly in scope, see the methods',
      'Coreview title/abstract decision by Sam Second: include',
    ]);
    expect(extrasLines({ stages: [{ stage: 'full_text', state: 'not_retrieved', reasons: [], decisions: [] }], labels: [], codes: [] })).toEqual([
      'Coreview: full text not retrieved',
    ]);
    expect(extrasLines({ stages: [{ stage: 'title_abstract', state: null, reasons: [], decisions: [] }], labels: [], codes: [] })).toEqual([]);
  });
});

describe('RIS', () => {
  it('writes each field under its tag, CRLF, pages split, PMID as a PubMed accession number, extras as N1 notes', () => {
    const text = risRecord(makeRecord({ id: 7, pmid: '11223344', url: 'https://example.org/a', language: 'English', issn: '0264-5505', publisher: 'Sage', extras: EXTRAS }));
    expect(text.endsWith('ER  - \r\n\r\n')).toBe(true);
    expect(text.split('\r\n')).toEqual([
      'TY  - JOUR',
      'ID  - 7',
      'TI  - Desistance and social co-operatives',
      'AU  - Maruna, Shadd',
      'AU  - Farrall, Stephen',
      'PY  - 2001',
      'T2  - Probation Journal',
      'VL  - 48',
      'IS  - 2',
      'SP  - 101',
      'EP  - 115',
      'DO  - 10.1177/0264550501048002',
      'AN  - 11223344',
      'DB  - PubMed',
      'AB  - An abstract.',
      'KW  - desistance',
      'KW  - employment',
      'UR  - https://example.org/a',
      'LA  - English',
      'SN  - 0264-5505',
      'PB  - Sage',
      'N1  - Coreview: title/abstract include; full text exclude (Wrong population)',
      'N1  - Coreview labels: qualitative; UK',
      'N1  - Coreview codes: Individual level > Agency; Systemic level',
      'N1  - Coreview title/abstract decision by Rita Reviewer: include; labels: qualitative, UK; note: Clearly in scope, see the methods',
      'N1  - Coreview title/abstract decision by Sam Second: include',
      'ER  - ',
      '',
      '',
    ]);
  });

  it('reads back as the same record, keywords untouched by the extras', () => {
    const record = makeRecord({ pmid: '11223344', url: 'https://example.org/a', language: 'English', issn: '0264-5505', publisher: 'Sage', extras: EXTRAS });
    expect(reimported(risRecord(record))).toEqual([columnsOf(record)]);
  });

  it('keeps an abstract line that looks like a tag, paragraphs, title markup and entity-like text', () => {
    const record = makeRecord({
      title: 'Growth of <i>Homo sapiens</i> &amp; H<sub>2</sub>O at p < .05',
      abstract: 'First line\nER  - not the end\nAB  - not a new abstract\n\nSecond paragraph &#60;b&#62;',
      pages: 'e0123',
    });
    const text = risRecord(record);
    expect(text).toContain('\r\n\u200BER  - not the end\r\n');
    expect(text).toContain('SP  - e0123\r\n');
    expect(text).not.toContain('EP  -');
    // One record still, the lines in its abstract (every import collapses runs of spaces, so an edit's "  " comes back as one).
    expect(reimported(text)).toEqual([{ ...columnsOf(record), abstract: record.abstract.replace(/ {2,}/g, ' ') }]);
  });

  it('does not let a link or a note give a record without a DOI a DOI on re-import', () => {
    const record = makeRecord({
      doi: null,
      url: 'https://link.springer.com/10.1007/s11469-019-0056-4',
      csl: { type: 'article-journal', note: 'See doi: 10.1000/182 for the erratum' },
    });
    const text = risRecord(record);
    expect(text).toContain('L2  - https://link.springer.com/10.1007/s11469-019-0056-4');
    expect(reimported(text)).toEqual([columnsOf(record)]);
  });

  it('maps every CSL type to a RIS type that reads back as the same kind of reference (RIS has no preprint)', () => {
    const types = ['article-journal', 'review', 'article-magazine', 'article-newspaper', 'book', 'classic', 'chapter', 'entry-encyclopedia',
      'entry-dictionary', 'paper-conference', 'event', 'thesis', 'report', 'standard', 'legislation', 'bill', 'legal_case', 'dataset',
      'webpage', 'post-weblog', 'post', 'manuscript', 'patent', 'periodical', 'software', 'motion_picture', 'graphic', 'map', 'song',
      'speech', 'personal_communication', 'interview', 'hearing', 'figure', 'pamphlet', 'document'];
    for (const csl of types) {
      const record = makeRecord({ type: referenceTypeOf(csl), csl: { type: csl } });
      expect([csl, reimported(risRecord(record))[0]!.type]).toEqual([csl, record.type]);
    }
    const preprint = makeRecord({ type: 'preprint', csl: { type: 'article' } });
    expect(risType(preprint)).toBe('UNPB');
    expect(reimported(risRecord(preprint))[0]!.type).toBe('other');
  });

  it('follows an edited type rather than the imported CSL type', () => {
    const edited = makeRecord({ type: 'book', csl: { type: 'article-journal' } });
    expect(cslTypeOf(edited)).toBe('book');
    expect(risType(edited)).toBe('BOOK');
  });
});

describe('BibTeX', () => {
  it('escapes { } & % $ # _ ~ ^ \\ and keeps -- and \'\' as they are', () => {
    expect(escapeBibtex('a {b} & 50% $5 #1 snake_case ~ x^2 C:\\dir')).toBe(
      'a \\{b\\} \\& 50\\% \\$5 \\#1 snake\\_case \\textasciitilde{} x\\textasciicircum{}2 C:\\textbackslash{}dir',
    );
    expect(escapeBibtex('pre--post and \'\'quoted\'\'')).toBe("pre-{}-post and '{}'quoted'{}'");
    expect(escapeBibtex('a } b {')).toBe('a \\textbraceright{} b \\textbraceleft{}');
    expect(escapeBibtex('} {a} {')).toBe('\\textbraceright{} \\{a\\} \\textbraceleft{}');
  });

  it('reads back every special character, unbalanced braces and title markup as they were', () => {
    const record = makeRecord({
      title: 'Costs of {crime} & 50% $ #hash snake_case ~tilde^caret back\\slash -- <i>in vivo</i> H<sub>2</sub>O',
      abstract: 'Braces {inside} and }{ out of order, "quotes", ``ticks\'\' and &amp;',
      journal: 'Journal of Crime & Justice',
      keywords: ['R&D', '50%'],
    });
    const entry = bibtexEntry(record, 'Key');
    expect(entry).toContain('\\textit{in vivo}');
    expect(entry).toContain('H\\textsubscript{2}O');
    // A brace without a partner cannot be written so that BibTeX keeps it (it counts every brace): it is dropped.
    expect(reimported(entry)).toEqual([{ ...columnsOf(record), abstract: 'Braces {inside} and out of order, "quotes", ``ticks\'\' and &amp;' }]);
  });

  it('makes AuthorYearWord keys, ASCII only, unique with b, c suffixes', () => {
    expect(baseKey(makeRecord())).toBe('Maruna2001Desistance');
    expect(baseKey(makeRecord({ authors: ['Müller-Lüdenscheidt, Jürgen'], year: null, title: 'The Økonomi of <i>Æsop</i>' }))).toBe('MullerLudenscheidtndOkonomi');
    expect(baseKey(makeRecord({ authors: [], title: 'On the use of ß' }))).toBe('Anon2001Use');
    expect(baseKey(makeRecord({ authors: ['World Health Organization'], title: '2020 report' }))).toBe('WorldHealthOrganization20012020');
    const keys = new KeyMaker();
    expect(['A2001X', 'A2001X', 'a2001x', 'B2001Y', 'A2001X'].map((k) => keys.next(k))).toEqual(['A2001X', 'A2001Xb', 'a2001xc', 'B2001Y', 'A2001Xd']);
    const text = writeAll('bibtex', [makeRecord({ id: 1 }), makeRecord({ id: 2 }), makeRecord({ id: 3 })]);
    expect([...text.matchAll(/^@article\{([^,]+),/gm)].map((m) => m[1])).toEqual(['Maruna2001Desistance', 'Maruna2001Desistanceb', 'Maruna2001Desistancec']);
    // Coreview's reader warns about repeated keys; there are none.
    expect(parseFile(new TextEncoder().encode(text)).warnings.filter((w) => /Citation key/.test(w.message))).toEqual([]);
  });

  it('writes names so that organisations, "and", suffixes and particles survive', () => {
    expect(bibtexName('Maruna, Shadd')).toBe('Maruna, Shadd');
    expect(bibtexName('World Health Organization')).toBe('{World Health Organization}');
    expect(bibtexName('King, Martin Luther, Jr.')).toBe('King, Jr., Martin Luther');
    expect(bibtexName('Johnson and Johnson, Inc')).toBe('{Johnson and Johnson}, Inc');
    const record = makeRecord({
      authors: ['van der Berg, Jan', 'World Health Organization', 'King, Martin Luther, Jr.', 'Johnson and Johnson, Inc', 'Ødegård, Åse', 'others', 'Plato'],
    });
    expect(reimported(bibtexEntry(record, 'k'))).toEqual([columnsOf(record)]);
  });

  it('puts the extras in annote, never in note or keywords; the imported note stays in note', () => {
    const record = makeRecord({ extras: EXTRAS, csl: { type: 'article-journal', note: 'Special issue' } });
    const entry = bibtexEntry(record, 'k');
    expect(entry).toMatch(/^ {2}note {5}= \{Special issue\},$/m);
    expect(entry).toContain('annote   = {Coreview: title/abstract include; full text exclude (Wrong population)\n\nCoreview labels: qualitative; UK');
    expect(entry).toMatch(/keywords += \{desistance; employment\}/);
    expect(reimported(entry)).toEqual([columnsOf(record)]);
  });

  it('keeps a lone keyword with a comma whole, and the container of a chapter as its booktitle', () => {
    const record = makeRecord({ keywords: ['Humans, male'], type: 'chapter', csl: { type: 'chapter', editor: [{ family: 'Smith', given: 'Ann' }] }, journal: 'Handbook of Desistance' });
    const entry = bibtexEntry(record, 'k');
    expect(entry).toMatch(/^@incollection\{k,/);
    expect(entry).toContain('booktitle = {Handbook of Desistance}');
    expect(entry).toContain('editor    = {Smith, Ann}');
    expect(entry).toContain('keywords  = {Humans, male;}');
    expect(reimported(entry)).toEqual([columnsOf(record)]);
  });

  it('maps every kind of reference to an entry type that reads back as the same kind', () => {
    const types = ['article-journal', 'review', 'book', 'classic', 'chapter', 'entry-encyclopedia',
      'paper-conference', 'event', 'thesis', 'report', 'standard', 'legislation', 'legal_case', 'dataset', 'webpage', 'post-weblog',
      'article', 'manuscript', 'patent', 'periodical', 'software', 'pamphlet', 'document', 'interview', 'song'];
    for (const csl of types) {
      const record = makeRecord({ type: referenceTypeOf(csl), csl: { type: csl } });
      expect([csl, reimported(bibtexEntry(record, 'k'))[0]!.type]).toEqual([csl, record.type]);
    }
    // BibTeX has no magazine or newspaper article: @article with BibLaTeX's entrysubtype, read back as a journal article.
    const magazine = bibtexEntry(makeRecord({ type: 'other', csl: { type: 'article-magazine' } }), 'k');
    expect(magazine).toMatch(/^@article\{k,\n {2}title +=.*\n {2}entrysubtype = \{magazine\},$/m);
    expect(reimported(magazine)[0]!.type).toBe('journal-article');
    for (const type of REFERENCE_TYPES) {
      const record = makeRecord({ type, csl: {} });
      expect(reimported(bibtexEntry(record, 'k'))[0]!.type).toBe(type);
    }
  });
});

describe('CSL-JSON', () => {
  it('is one JSON array, items from the edited columns, extras in note and custom', () => {
    const edited = makeRecord({
      id: 12,
      title: 'Edited title',
      authors: ['van der Berg, Jan'],
      year: 2019,
      csl: {
        type: 'article-journal', title: 'Imported title', author: [{ family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }],
        issued: { 'date-parts': [[2019, 3, 15]] }, editor: [{ family: 'Smith', given: 'Ann' }], note: 'From the publisher',
      },
      extras: EXTRAS,
    });
    const untouched = makeRecord({ id: 13, authors: ['Berg, Jan'], csl: { type: 'article-journal', author: [{ family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }], issued: { 'date-parts': [[1999, 3]] } } });
    const items = JSON.parse(writeAll('csl-json', [edited, untouched])) as Array<Record<string, unknown>>;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      id: '12',
      title: 'Edited title',
      // The imported author object is kept while it still says what the authors column says.
      author: [{ family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }],
      issued: { 'date-parts': [[2019, 3, 15]] },
      editor: [{ family: 'Smith', given: 'Ann' }],
      keyword: 'desistance; employment',
    });
    expect((items[0]!.note as string).split('\n')).toEqual(['From the publisher', ...extrasLines(EXTRAS)]);
    expect(items[0]!.custom).toEqual({ coreview: { id: 12, stages: EXTRAS.stages, labels: EXTRAS.labels, codes: EXTRAS.codes } });
    // Edited authors and year win over the imported ones.
    expect(items[1]).toMatchObject({ author: [{ family: 'Berg', given: 'Jan' }], issued: { 'date-parts': [[2001]] } });
    expect(items[1]).not.toHaveProperty('note');
    expect(items[1]).not.toHaveProperty('custom');
    expect(reimported(writeAll('csl-json', [edited, untouched]))).toEqual([columnsOf(edited), columnsOf(untouched)]);
  });

  it('leaves the extras out of the item a bibliography is built from', () => {
    const item = bibliographicItem(makeRecord({ extras: EXTRAS, csl: { type: 'article-journal', note: 'x', custom: { a: 1 } } }));
    expect(item).not.toHaveProperty('note');
    expect(item).not.toHaveProperty('custom');
  });

  it('writes an empty set as an empty array', () => {
    expect(JSON.parse(writeAll('csl-json', []))).toEqual([]);
  });
});

describe('CSV', () => {
  it('quotes every cell, doubles quotes, neutralises formulas', () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const formula of ['=HYPERLINK("http://x")', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\tindent', '\rcr']) {
      expect(neutralise(formula)).toBe(`'${formula}`);
    }
    expect(neutralise('Plain text = fine')).toBe('Plain text = fine');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(2001)).toBe('"2001"');
  });

  it('has a byte-order mark, a header, CRLF rows, the extras as columns, and imports again', () => {
    const record = makeRecord({ title: '=cmd|" /C calc"!A0 is a title', extras: EXTRAS });
    const text = writeAll('csv', [record, makeRecord({ id: 2, authors: ['van der Berg, Jan Piet'], keywords: ['Humans, male'] })]);
    expect(text.startsWith('\uFEFF"Coreview ID","Title","Authors","Year","Journal"')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4);
    const [header, first] = text.slice(1).split('\r\n');
    const cells = (row: string) => [...row.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
    const named = Object.fromEntries(cells(header!).map((h, i) => [h, cells(first!)[i]]));
    expect(named).toMatchObject({
      Title: `'=cmd|" /C calc"!A0 is a title`,
      Authors: 'Maruna, Shadd; Farrall, Stephen',
      'Title/abstract outcome': 'include',
      'Title/abstract decisions': 'Rita Reviewer: include; labels: qualitative, UK; note: Clearly in scope, see the methods\nSam Second: include',
      'Full-text outcome': 'exclude',
      'Full-text reason': 'Wrong population',
      Labels: 'qualitative; UK',
      Codes: 'Individual level > Agency; Systemic level',
    });
    const back = reimported(text);
    expect(back[0]).toMatchObject({ title: `'=cmd|" /C calc"!A0 is a title`, authorsJson: JSON.stringify(record.authors) });
    expect(back[1]).toEqual(columnsOf(makeRecord({ id: 2, authors: ['van der Berg, Jan Piet'], keywords: ['Humans, male'] })));
  });

  it('marks a lone author that a reader would split', () => {
    expect(authorList(['Maruna, Shadd'])).toBe('Maruna, Shadd');
    expect(authorList(['van der Berg, Jan Piet'])).toBe('van der Berg, Jan Piet;');
    expect(authorList(['Johnson and Johnson'])).toBe('Johnson and Johnson;');
    expect(authorList(['A, B', 'C, D'])).toBe('A, B; C, D');
  });
});

describe('a record without a title', () => {
  const untitled = makeRecord({ id: 21, title: '' });

  it('is written with no empty title field in any format, and reads back untitled with everything else', () => {
    expect(risRecord(untitled)).not.toMatch(/^TI {2}-/m);
    expect(bibtexEntry(untitled, baseKey(untitled))).not.toMatch(/^\s*title =/m);
    expect(baseKey(untitled)).toBe('Maruna2001');
    expect(bibliographicItem(untitled)).not.toHaveProperty('title');
    for (const format of ['ris', 'bibtex', 'csl-json', 'csv'] as const) {
      expect(reimported(writeAll(format, [untitled])), format).toEqual([columnsOf(untitled)]);
    }
  });
});
