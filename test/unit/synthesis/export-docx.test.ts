import { describe, expect, it } from 'vitest';
import { chapterDocx } from '../../../src/synthesis/chapter-docx.js';
import { chapterSections } from '../../../src/synthesis/chapter-sections.js';
import { frameworkAxes } from '../../../src/synthesis/framework-axes.js';
import { matrixDocx } from '../../../src/synthesis/export-docx.js';
import { buildMatrix } from '../../../src/synthesis/matrix.js';
import { buildPivot } from '../../../src/synthesis/pivot.js';
import { referenceText, type FormattedReference } from '../../../src/exports/reference-runs.js';
import { readDocx, styledRuns } from '../../support/office-files.js';
import { CHAPTER_HEADINGS, HOSTILE_CODE, HOSTILE_EXCERPT, SMALL, SMALL_COLUMNS, smallSynthesis, translatedSmallSynthesis } from '../../support/synthesis-fixture.js';

const data = smallSynthesis();
const REFERENCES: FormattedReference[] = [
  [{ text: 'Farrall, S., Hunter, B., Sharpe, G., & Calverley, A. (2014). ' }, { text: 'Criminal careers in transition', italic: true }, { text: '. Oxford University Press.' }],
  [{ text: 'Maruna, S. (2001). Desistance. ' }, { text: 'Probation Journal', italic: true }, { text: ', ' }, { text: '48', italic: true }, { text: '(2), 101–115.' }],
  [{ text: 'Weaver, B. (2016). ' }, { text: 'Offending & desistance <script>x</script> ]]> relations', italic: true }, { text: '. Routledge.' }],
];
const REFERENCE_TEXTS = REFERENCES.map(referenceText);

describe('matrixDocx', async () => {
  const matrix = buildMatrix(data, [...SMALL_COLUMNS, { kind: 'code', codeId: SMALL.shame }]);
  const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level);
  const doc = await readDocx(await matrixDocx(matrix, { title: 'Synthesis matrix <draft>', pivot, references: REFERENCES }));

  it('is landscape A4', () => {
    expect(doc.xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it('has the title as Heading 1 and the matrix as a table: header row repeated, "Author (Year)" first, cell text, 9 pt', () => {
    expect(doc.paragraphs[0]).toEqual({ style: 'Heading1', text: 'Synthesis matrix <draft>' });
    const table = doc.tables[0]!;
    expect(table[0]).toEqual(['Study', 'Level', 'Themes', 'Themes › Employment', 'Themes › Identity', 'Design', 'Sample size', `Themes › Identity › ${HOSTILE_CODE}`]);
    expect(table.slice(1)).toEqual(matrix.rows.map((row) => [row.study.label, ...row.cells.map((c) => c.text)]));
    expect(table.slice(1).map((r) => r[0])).toEqual(['Farrall et al. (2014)', 'Maruna (2001)', 'McNeill and Weaver (2010)', 'Sampson and Laub (1993)', 'Weaver (2016)']);
    expect(doc.headerRows[0]).toBe(1);
    expect(doc.xml).toContain('<w:sz w:val="18"/>');
  });

  it('has the pivot table with its heading and total row', () => {
    expect(doc.paragraphs.some((p) => p.style === 'Heading2' && p.text === 'Jurisdiction × Level')).toBe(true);
    expect(doc.tables[1]).toEqual([
      ['Jurisdiction', 'Individual', 'Relational', 'Systemic', 'Studies'],
      ['England and Wales', '2 (1)', '1 (1)', '1 (1)', '2'],
      ['Scotland', '0 (0)', '1 (1)', '0 (0)', '1'],
      ['Ireland', '0 (0)', '0 (0)', '0 (0)', '0'],
      ['United States', '0 (0)', '0 (0)', '0 (0)', '1'],
      ['Total (each counted once)', '2 (1)', '2 (2)', '1 (1)', '4'],
    ]);
    expect(doc.paragraphs.some((p) => p.text.startsWith('Excerpt level: each cell counts the excerpts carrying its Level on the same excerpt, from studies whose Jurisdiction is the row’s'))).toBe(true);
  });

  it('ends with the references as given, in the Bibliography style, hostile text kept literal', () => {
    const references = doc.paragraphs.slice(doc.paragraphs.findIndex((p) => p.text === 'References'));
    expect(references[0]!.style).toBe('Heading2');
    expect(references.slice(1)).toEqual(REFERENCE_TEXTS.map((text) => ({ style: 'Bibliography', text })));
    expect(styledRuns(doc.xml, 'Bibliography').map((runs) => runs.filter((r) => r.italic).map((r) => r.text))).toEqual([
      ['Criminal careers in transition'], ['Probation Journal', '48'], ['Offending & desistance <script>x</script> ]]> relations'],
    ]);
    expect(doc.xml).not.toContain('<script>');
    expect(doc.xml).toContain('&lt;script&gt;x&lt;/script&gt; ]]&gt;');
  });

  it('drops characters XML cannot hold instead of writing a file Word refuses', async () => {
    const odd = smallSynthesis();
    odd.studies[0]!.fields.set(SMALL.design, 'Quali\u0001tative\u0000 \uD800lone\tTab');
    const text = (await readDocx(await matrixDocx(buildMatrix(odd, SMALL_COLUMNS), { title: 'Odd \u0008', references: [] }))).tables[0]![1]![5];
    expect(text).toBe('Qualitative lone\tTab');
  });

  it('leaves out the pivot and references when there are none', async () => {
    const plain = await readDocx(await matrixDocx(matrix, { title: 'M', references: [] }));
    expect(plain.tables).toHaveLength(1);
    expect(plain.paragraphs.some((p) => p.text === 'References')).toBe(false);
  });
});

describe('chapterDocx', async () => {
  const changed = translatedSmallSynthesis();
  const sections = chapterSections(changed, frameworkAxes(changed)!, { appraisals: new Map([[103, 'High (CASP Qualitative Studies Checklist)']]) });
  const doc = await readDocx(await chapterDocx(sections, { title: 'Chapter 4: A framework of desistance', references: REFERENCES }));
  const headings = doc.paragraphs.filter((p) => p.style.startsWith('Heading')).map((p) => `${p.style}: ${p.text}`);

  it('uses Word headings: the chapter, a theme per Heading 2, a level × direction per Heading 3, then References', () => {
    const expected: Array<[number, string]> = [
      [1, 'Chapter 4: A framework of desistance'],
      ...CHAPTER_HEADINGS,
      [2, 'References'],
    ];
    expect(headings).toEqual(expected.map(([level, text]) => `Heading${level}: ${text}`));
    expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
  });

  it('cites the studies with their appraisal, quotes key excerpts (translations with their original) in the Quote style', () => {
    const texts = doc.paragraphs.map((p) => p.text);
    expect(texts).toContain('Paid work and the search for it.');
    expect(texts).toContain(`Includes Hope; ${HOSTILE_CODE}.`);
    expect(texts).toContain('1 excerpt from 1 study (McNeill & Weaver, 2010).');
    expect(texts).toContain('McNeill and Weaver (2010) [appraisal: High (CASP Qualitative Studies Checklist)]:');
    expect(texts).toContain('Memo: Bond theory');
    expect(texts).toContain('Original (Italian), translated by Anna Rossi: Dovevo trovare un nuovo copione per la mia vita.');
    const quotes = doc.paragraphs.filter((p) => p.style === 'Quote').map((p) => p.text);
    expect(quotes).toEqual([
      'Work gave them a stake in conformity. (p. 45)',
      'Employers rarely call back once they see the record. (p. 47)',
      // The longest first: the hostile passage, then the Italian original's translation.
      `${HOSTILE_EXCERPT} (p. 12) [${HOSTILE_CODE}]`,
      'I had to find a new script for my life. (p. 87) [Hope]',
      'Family ties pulled me back. (p. 3)',
      'A much longer passage about how the family stood by him through the sentence and after release.',
      'Marriage as a turning point in the life course of the men we followed. (pp. 140–141)',
      'Desistance by default. (p. 9)',
    ]);
    expect(doc.styles).toMatch(/<w:style w:type="paragraph" w:styleId="Quote"[^>]*><w:name w:val="Quote"\/>/);
  });

  it('compares jurisdictions in a table per theme', () => {
    expect(doc.tables.at(-1)).toEqual([
      ['Jurisdiction', 'Relational · Facilitator', 'Level not coded'],
      ['England and Wales', '0 (0)', '0 (0)'],
      ['Scotland', '1 (1)', '1 (1)'],
      ['Ireland', '0 (0)', '0 (0)'],
      ['United States', '0 (0)', '2 (1)'],
    ]);
  });

  it('ends with the reference list', () => {
    expect(doc.paragraphs.filter((p) => p.style === 'Bibliography').map((p) => p.text)).toEqual(REFERENCE_TEXTS);
    expect(styledRuns(doc.xml, 'Bibliography')[1]!.filter((r) => r.italic).map((r) => r.text)).toEqual(['Probation Journal', '48']);
  });
});
