import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { matrixXlsx } from '../../../src/synthesis/export-xlsx.js';
import { buildMatrix } from '../../../src/synthesis/matrix.js';
import { buildPivot } from '../../../src/synthesis/pivot.js';
import { readXlsx, sheetValues } from '../../support/office-files.js';
import { HOSTILE_CODE, HOSTILE_EXCERPT, HOSTILE_TITLE, SMALL, SMALL_COLUMNS, smallSynthesis } from '../../support/synthesis-fixture.js';

const data = smallSynthesis();
const matrix = buildMatrix(data, [...SMALL_COLUMNS, { kind: 'code', codeId: SMALL.shame }]);
const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level);

describe('matrixXlsx', async () => {
  const buffer = await matrixXlsx(data, matrix, { pivot });
  const workbook = await readXlsx(buffer);

  it('is a real workbook with the Matrix, Excerpts, Pivot, Studies and Codebook sheets', () => {
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Matrix', 'Excerpts', 'Pivot', 'Studies', 'Codebook']);
  });

  it('has the matrix with a bold, frozen header row and first column, wrapped text and the cells', () => {
    const sheet = workbook.getWorksheet('Matrix')!;
    const rows = sheetValues(sheet);
    expect(rows[0]).toEqual(['Study', 'Level', 'Themes', 'Themes › Employment', 'Themes › Identity', 'Design', 'Sample size', `Themes › Identity › ${HOSTILE_CODE}`]);
    expect(rows.slice(1)).toEqual([
      ['Farrall et al. (2014)', 'Relational; Systemic', 'Employment', '✓ 2 excerpts', null, 'Qualitative', 113, null],
      ['Maruna (2001)', 'Individual', 'Identity', null, '✓ 2 excerpts', 'Qualitative', 65, '✓ 1 excerpt'],
      ['McNeill and Weaver (2010)', 'Relational', 'Family', null, null, 'Mixed methods', null, null],
      ['Sampson and Laub (1993)', null, 'Family', null, null, 'Quantitative', 500, null],
      ['Weaver (2016)', 'Individual', 'Employment', '✓', null, 'Quantitative', null, null],
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(sheet.getCell('B1').font?.bold).toBe(true);
    expect(sheet.getCell('B2').alignment?.wrapText).toBe(true);
    expect(sheet.getColumn(1).width).toBe(28);
    expect(sheet.getCell('G2').type).toBe(ExcelJS.ValueType.Number);
  });

  it('has one row per excerpt behind the code columns, saying what each carries there', () => {
    const rows = sheetValues(workbook.getWorksheet('Excerpts')!);
    expect(rows[0]).toEqual(['Study', 'Location', 'Excerpt', 'Memo', 'Level', 'Themes', 'Themes › Employment', 'Themes › Identity', `Themes › Identity › ${HOSTILE_CODE}`]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[5], r[6], r[7], r[8]])).toEqual([
      ['Farrall et al. (2014)', 'p. 45', 'Relational', 'Employment', '✓', null, null],
      ['Farrall et al. (2014)', 'p. 47', 'Systemic', 'Employment', '✓', null, null],
      ['Maruna (2001)', 'p. 87', 'Individual', 'Identity', null, '✓', null],
      ['Maruna (2001)', 'p. 12', null, 'Identity', null, '✓', '✓'],
      ['McNeill and Weaver (2010)', 'p. 3', 'Relational', 'Family', null, null, null],
      ['McNeill and Weaver (2010)', null, null, 'Family', null, null, null],
      ['Sampson and Laub (1993)', 'p. 9', null, 'Family', null, null, null],
      ['Sampson and Laub (1993)', 'pp. 140–141', null, 'Family', null, null, null],
    ]);
    expect(rows[1]![2]).toBe('Work gave them a stake in conformity.');
    expect(rows[1]![3]).toBe('Bond theory');
  });

  it('has the excerpt-level pivot, excerpts and studies apart, and a bold total row', () => {
    const sheet = workbook.getWorksheet('Pivot')!;
    expect(sheetValues(sheet)).toEqual([
      ['Jurisdiction × Level', 'Individual: excerpts', 'Individual: studies', 'Relational: excerpts', 'Relational: studies', 'Systemic: excerpts', 'Systemic: studies', 'Studies'],
      ['England and Wales', 2, 1, 1, 1, 1, 1, 2],
      ['Scotland', 0, 0, 1, 1, 0, 0, 1],
      ['Ireland', 0, 0, 0, 0, 0, 0, 0],
      ['United States', 0, 0, 0, 0, 0, 0, 1],
      ['Total (each counted once)', 2, 1, 2, 2, 1, 1, 4],
    ]);
    expect(sheet.getRow(6).getCell(1).font?.bold).toBe(true);
  });

  it('has the studies and the codebook', () => {
    const studies = workbook.getWorksheet('Studies')!;
    const rows = sheetValues(studies);
    expect(rows[0]).toEqual(['Study', 'Authors', 'Year', 'Title', 'Journal', 'DOI', 'Extraction', 'Memo']);
    expect(rows[2]).toEqual(['Maruna (2001)', 'Maruna, Shadd', 2001, 'Making good: how ex-convicts reform and rebuild their lives', 'American Psychological Association', '10.1037/10430-000', 'Complete', null]);
    expect(studies.getCell('F3').hyperlink).toBe('https://doi.org/10.1037/10430-000');
    expect(rows[3]![5]).toBeNull();
    expect(rows[5]!.slice(3, 8)).toEqual([HOSTILE_TITLE, 'Routledge', '10.4324/9781315707983', 'Not started', "'@SUM(1+1) memo"]);
    const codebook = sheetValues(workbook.getWorksheet('Codebook')!);
    expect(codebook[0]).toEqual(['Code', 'Path', 'Description', 'Kind', 'Studies', 'Excerpts']);
    expect(codebook.slice(1).map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ['Level', 'Group', 4, 4],
      ['Individual', 'Code', 2, 1],
      ['Relational', 'Code', 2, 2],
      ['Systemic', 'Code', 1, 1],
      ['Direction', 'Group', 3, 2],
      ['Facilitator', 'Code', 2, 1],
      ['Barrier', 'Code', 1, 1],
      ['Themes', 'Group', 5, 8],
      ['Employment', 'Code', 2, 2],
      ['Identity', 'Code', 1, 2],
      ['Hope', 'Sub-code', 1, 1],
      [HOSTILE_CODE, 'Sub-code', 1, 1],
      ['Family', 'Code', 2, 4],
      ['Jurisdiction', 'Group', 3, 0],
      ['England and Wales', 'Code', 2, 0],
      ['Scotland', 'Code', 1, 0],
    ]);
    expect(codebook[12]![1]).toBe(`Themes › Identity › ${HOSTILE_CODE}`);
  });

  it('keeps hostile text as literal strings and neutralises formulas', () => {
    const excerpt = workbook.getWorksheet('Excerpts')!.getCell('C5');
    expect(excerpt.type).toBe(ExcelJS.ValueType.String);
    expect(excerpt.value).toBe(`'${HOSTILE_EXCERPT}`);
    expect(workbook.getWorksheet('Excerpts')!.getCell('D5').value).toBe('Hostile | memo <b>bold</b>');
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@]/);
        }),
      );
    }
  });

  it('drops characters XML cannot hold instead of writing a file Excel refuses', async () => {
    const odd = smallSynthesis();
    odd.studies[0]!.fields.set(SMALL.design, 'Quali\u0001tative\u0000');
    const book = await readXlsx(await matrixXlsx(odd, buildMatrix(odd, SMALL_COLUMNS)));
    expect(book.getWorksheet('Matrix')!.getCell('F2').value).toBe('Qualitative');
  });

  it('leaves out the Pivot sheet without a pivot and cuts text beyond what a cell holds', async () => {
    const long = smallSynthesis();
    long.studies[0]!.excerpts[0]!.text = 'x'.repeat(40_000);
    const book = await readXlsx(await matrixXlsx(long, buildMatrix(long, SMALL_COLUMNS)));
    expect(book.worksheets.map((s) => s.name)).toEqual(['Matrix', 'Excerpts', 'Studies', 'Codebook']);
    const text = book.getWorksheet('Excerpts')!.getCell('C2').value as string;
    expect(text).toHaveLength(32_767);
    expect(text.endsWith('…')).toBe(true);
  });
});
