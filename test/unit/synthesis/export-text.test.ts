import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { matrixCsv } from '../../../src/synthesis/export-csv.js';
import {
  markdownBlockquote,
  markdownCell,
  markdownText,
  neutraliseFormula,
  pageLocation,
  parentheticalCitation,
  splitLabel,
} from '../../../src/synthesis/export-text.js';
import { buildMatrix } from '../../../src/synthesis/matrix.js';
import { unescapeMarkdown } from '../../support/markdown-reading.js';
import { HOSTILE_CODE, SMALL, SMALL_COLUMNS, smallSynthesis } from '../../support/synthesis-fixture.js';


describe('citations', () => {
  it('splits "Author (Year)" labels and cites studies in parentheses, APA style', () => {
    expect(splitLabel('Weaver (2016b)')).toEqual({ author: 'Weaver', year: '2016b' });
    expect(splitLabel('Anonymous (n.d.)')).toEqual({ author: 'Anonymous', year: 'n.d.' });
    expect(splitLabel('No year')).toEqual({ author: 'No year', year: '' });
    const studies = smallSynthesis().studies;
    expect(parentheticalCitation(studies.slice(1, 4))).toBe('(Maruna, 2001; McNeill & Weaver, 2010; Sampson & Laub, 1993)');
    expect(parentheticalCitation([studies[0]!])).toBe('(Farrall et al., 2014)');
    expect(parentheticalCitation([{ label: 'Department of Justice and Equality (2019)', authors: ['Department of Justice and Equality'] }])).toBe('(Department of Justice and Equality, 2019)');
    expect(parentheticalCitation([])).toBe('');
  });

  it('writes page locations as a citation does', () => {
    expect(pageLocation('12')).toBe('p. 12');
    expect(pageLocation(' p. 12 ')).toBe('p. 12');
    expect(pageLocation('140-141')).toBe('pp. 140–141');
    expect(pageLocation('pp. 3–4')).toBe('pp. 3–4');
    expect(pageLocation('ch. 3')).toBe('ch. 3');
    expect(pageLocation('')).toBe('');
  });
});

describe('neutraliseFormula', () => {
  it('puts an apostrophe before text that a spreadsheet would read as a formula, not before plain numbers', () => {
    for (const text of ['=1+1', '+SUM(A1)', '-cmd|x', '@SUM(1)', '\tx', '\r=x', '-1+2']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ['-3.5', '+2', '-1,000', 'plain', '', 'a=b']) expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('Markdown escaping', () => {
  it('leaves nothing that reads as Markdown or HTML, and reads back to the text', () => {
    const text = '*a* _b_ [c](d) <script>x</script> `e` ~f~ | g &amp; \\h';
    const escaped = markdownText(text);
    expect(escaped).not.toMatch(/(?<!\\)[*_[\]<>`~|]/);
    expect(escaped).toContain('\\&amp;');
    expect(unescapeMarkdown(escaped)).toBe(text);
    expect(markdownText('# title\n- item\n+ item\n12. item\n=== ')).toBe('\\# title\n\\- item\n\\+ item\n12\\. item\n\\=== ');
  });

  it('keeps a table cell on one line and a block quote inside the quote', () => {
    expect(markdownCell('a|b\nc')).toBe('a\\|b<br>c');
    expect(markdownBlockquote('first\n\n    indented # x\n- y\\')).toBe('> first\n>\n> indented # x\\\n> \\- y\\\\');
  });
});

describe('matrixCsv', () => {
  const data = smallSynthesis();
  data.studies[3]!.fields.set(SMALL.design, '=HYPERLINK("http://evil.example"), "quoted"\nline');
  const csv = matrixCsv(buildMatrix(data, [...SMALL_COLUMNS, { kind: 'code', codeId: SMALL.shame }]));

  it('is RFC 4180 with CRLF line ends and a header with each column in its codebook context', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`Study,Level,Themes,Themes › Employment,Themes › Identity,Design,Sample size,Themes › Identity › ${HOSTILE_CODE}`);
    const rows: string[][] = parse(csv, { relaxColumnCount: false });
    expect(rows).toHaveLength(6);
    expect(rows[1]).toEqual(['Farrall et al. (2014)', 'Relational; Systemic', 'Employment', '✓ 2 excerpts', '', 'Qualitative', '113', '']);
    expect(rows[2]![7]).toBe('✓ 1 excerpt');
    expect(rows[5]).toEqual(['Weaver (2016)', 'Individual', 'Employment', '✓', '', 'Quantitative', '', '']);
  });

  it('neutralises formulas in every text cell', () => {
    const rows: string[][] = parse(csv);
    expect(rows[4]![5]).toBe(`'=HYPERLINK("http://evil.example"), "quoted"\nline`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});
