/**
 * The synthesis as a real Excel workbook (exceljs):
 * - "Matrix": "Study" + one column per matrix column (heading with its codebook context), one row
 *   per study with each cell's text; bold header, header row and first column frozen, text wrapped,
 *   column widths by kind, an autofilter;
 * - "Excerpts": one row per excerpt behind the code and group columns (study, location, excerpt,
 *   memo), then one column per code or group column saying what the excerpt carries there ("✓",
 *   or the group's code names), so Excel's filter finds "every Employment excerpt";
 * - "Pivot" when a pivot is given: counts per row and column (at the excerpt grain two columns per
 *   pivot column: excerpts and the studies they come from), each row's study count, a bold total
 *   row counting each once;
 * - "Studies": label, authors, year, title, journal, DOI (linked), extraction status, memo;
 * - "Codebook": every code indented by depth, with path, description and how many of the exported
 *   studies and excerpts carry it.
 * Text cells are neutralised against formula injection (a leading apostrophe before = + - @, as in
 * the CSV), although a string cell in a workbook is never evaluated, so a copy pasted or saved to
 * CSV stays safe. Excel refuses cells over 32,767 characters: longer text is cut with "…".
 * exceljs escapes XML and drops control characters itself.
 *
 * Written with exceljs's streaming writer (rows committed as they are added, strings inline, the
 * zip deflated by Node's zlib): at 2,000 studies and 20,000 excerpts the in-memory workbook took
 * 4.1–4.6 s, over half of it deflating in JavaScript (jszip/pako), and ~300 MB more memory.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnHeading, neutraliseFormula, pageLocation } from './export-text.js';
import { isCodeColumn, type Matrix, type MatrixColumn } from './matrix.js';
import { pivotRowLabel, type Pivot, type PivotCell } from './pivot.js';
import { codeAndDescendants, type SynthesisCode, type SynthesisData, type SynthesisExcerpt, type SynthesisStudy } from './synthesis-data.js';

export interface MatrixXlsxOptions {
  pivot?: Pivot | null;
}

const EXCEL_CELL_LIMIT = 32_767;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECEF' } };
export const WRAP_TOP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
const EXTRACTION_STATUS: Record<SynthesisStudy['extraction'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
};

export async function matrixXlsx(data: SynthesisData, matrix: Matrix, options: MatrixXlsxOptions = {}): Promise<Buffer> {
  const codes = new Map(data.codes.map((c) => [c.id, c]));
  const studies = matrix.rows.map((row) => row.study);
  return streamedWorkbook(data.reviewTitle, (workbook) => {
    matrixSheet(workbook, data, matrix).commit();
    excerptsSheet(workbook, data, codes, matrix).commit();
    if (options.pivot) pivotSheet(workbook, options.pivot).commit();
    studiesSheet(workbook, studies).commit();
    codebookSheet(workbook, data, studies).commit();
  });
}

/**
 * A workbook written by exceljs's streaming writer (see above why): `write` adds the sheets one at
 * a time, committing each (and its rows) so it is streamed into the zip before the next begins.
 */
export async function streamedWorkbook(title: string, write: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Coreview';
  workbook.title = title;
  write(workbook);
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

function matrixSheet(workbook: ExcelJS.Workbook, data: SynthesisData, matrix: Matrix): ExcelJS.Worksheet {
  const fieldKinds = new Map(data.fields.map((f) => [f.id, f.kind]));
  const sheet = workbook.addWorksheet('Matrix', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = [
    { width: 28, style: { alignment: WRAP_TOP, font: { bold: true } } },
    ...matrix.columns.map((column) => ({ width: columnWidth(column, fieldKinds), style: { alignment: WRAP_TOP } })),
  ];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: matrix.columns.length + 1 } };
  header(sheet, ['Study', ...matrix.columns.map(columnHeading)]);
  const numeric = matrix.columns.map((column) => column.spec.kind === 'field' && isNumericKind(fieldKinds.get(column.spec.fieldId)));
  for (const row of matrix.rows) {
    sheet.addRow([cellText(row.study.label), ...row.cells.map((cell, i) => (numeric[i] ? numberOrText(cell.text) : cellValue(cell.text)))]).commit();
  }
  return sheet;
}

function excerptsSheet(workbook: ExcelJS.Workbook, data: SynthesisData, codes: Map<number, SynthesisCode>, matrix: Matrix): ExcelJS.Worksheet {
  // What each code or group column reports for one excerpt: "✓" for a code, the carried children for a group.
  const describers: Array<{ index: number; column: MatrixColumn; describe: (excerpt: SynthesisExcerpt) => string }> = [];
  matrix.columns.forEach((column, index) => {
    const spec = column.spec;
    if (!isCodeColumn(spec)) return;
    if (spec.kind === 'code') {
      const ids = new Set(codeAndDescendants(data, spec.codeId));
      describers.push({ index, column, describe: (e) => (e.codeIds.some((id) => ids.has(id)) ? '✓' : '') });
      return;
    }
    const children = (codes.get(spec.codeId)?.childIds ?? []).map((id) => ({ name: codes.get(id)!.name, ids: new Set(codeAndDescendants(data, id)) }));
    describers.push({ index, column, describe: (e) => children.filter((child) => e.codeIds.some((id) => child.ids.has(id))).map((child) => child.name).join('; ') });
  });

  const sheet = workbook.addWorksheet('Excerpts', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = [
    { width: 28, style: { alignment: WRAP_TOP } },
    { width: 10, style: { alignment: WRAP_TOP } },
    { width: 70, style: { alignment: WRAP_TOP } },
    { width: 36, style: { alignment: WRAP_TOP } },
    ...describers.map(({ column }) => ({ width: column.spec.kind === 'group' ? 22 : 12, style: { alignment: WRAP_TOP } })),
  ];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: describers.length + 4 } };
  header(sheet, ['Study', 'Location', 'Excerpt', 'Memo', ...describers.map(({ column }) => columnHeading(column))]);
  for (const row of matrix.rows) {
    const seen = new Set<number>();
    for (const { index } of describers) for (const excerpt of row.cells[index]!.excerpts) seen.add(excerpt.id);
    if (seen.size === 0) continue;
    for (const excerpt of row.study.excerpts) {
      if (!seen.has(excerpt.id)) continue;
      sheet.addRow([
        cellText(row.study.label),
        cellValue(pageLocation(excerpt.location)),
        cellValue(excerpt.text),
        cellValue(excerpt.memo),
        ...describers.map(({ describe }) => cellValue(describe(excerpt))),
      ]).commit();
    }
  }
  return sheet;
}

function pivotSheet(workbook: ExcelJS.Workbook, pivot: Pivot): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet('Pivot', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  // At the excerpt grain each column is two: excerpts, and the studies they come from.
  const perColumn = (name: string) => (pivot.grain === 'excerpt' ? [`${name}: excerpts`, `${name}: studies`] : [name]);
  const numbers = (cell: PivotCell) => (pivot.grain === 'excerpt' ? [cell.excerpts.length, cell.studies.length] : [cell.studies.length]);
  sheet.columns = [{ width: 28 }, ...pivot.columns.flatMap(perColumn).map(() => ({ width: 14 })), { width: 10 }];
  header(sheet, [`${pivot.rowsBy} × ${pivot.columnsBy}`, ...pivot.columns.flatMap(perColumn), 'Studies']);
  for (const row of pivot.rows) sheet.addRow([cellText(pivotRowLabel(row)), ...row.cells.flatMap(numbers), row.studies.length]).commit();
  const total = sheet.addRow(['Total (each counted once)', ...pivot.totals.flatMap(numbers), pivot.studies]);
  total.font = { bold: true };
  total.border = { top: { style: 'thin' } };
  total.commit();
  return sheet;
}

function studiesSheet(workbook: ExcelJS.Workbook, studies: readonly SynthesisStudy[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet('Studies', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = [
    { width: 28 },
    { width: 36, style: { alignment: WRAP_TOP } },
    { width: 8 },
    { width: 60, style: { alignment: WRAP_TOP } },
    { width: 30, style: { alignment: WRAP_TOP } },
    { width: 28 },
    { width: 14 },
    { width: 40, style: { alignment: WRAP_TOP } },
  ];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };
  header(sheet, ['Study', 'Authors', 'Year', 'Title', 'Journal', 'DOI', 'Extraction', 'Memo']);
  for (const study of studies) {
    const doi = study.doi === null || study.doi === '' ? null : { text: cellText(study.doi), hyperlink: `https://doi.org/${encodeURI(study.doi)}` };
    sheet.addRow([
      cellText(study.label),
      cellValue(study.authors.join('; ')),
      study.year,
      cellValue(study.title),
      cellValue(study.journal),
      doi,
      EXTRACTION_STATUS[study.extraction],
      cellValue(study.memo),
    ]).commit();
  }
  return sheet;
}

function codebookSheet(workbook: ExcelJS.Workbook, data: SynthesisData, studies: readonly SynthesisStudy[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet('Codebook', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 32 }, { width: 44, style: { alignment: WRAP_TOP } }, { width: 60, style: { alignment: WRAP_TOP } }, { width: 10 }, { width: 10 }, { width: 10 }];
  header(sheet, ['Code', 'Path', 'Description', 'Kind', 'Studies', 'Excerpts']);
  // Each code with its ancestors, so one pass over the excerpts counts every code and the codes above it.
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  const lineage = new Map<number, number[]>();
  for (const code of data.codes) {
    const ids: number[] = [];
    for (let c: SynthesisCode | undefined = code; c !== undefined; c = c.parentId === null ? undefined : byId.get(c.parentId)) ids.push(c.id);
    lineage.set(code.id, ids);
  }
  const studyCounts = new Map<number, number>();
  const excerptCounts = new Map<number, number>();
  const carried = new Set<number>();
  const onExcerpt = new Set<number>();
  for (const study of studies) {
    carried.clear();
    for (const id of study.codeIds) for (const up of lineage.get(id) ?? []) carried.add(up);
    for (const excerpt of study.excerpts) {
      onExcerpt.clear();
      for (const id of excerpt.codeIds) for (const up of lineage.get(id) ?? []) onExcerpt.add(up);
      for (const id of onExcerpt) {
        excerptCounts.set(id, (excerptCounts.get(id) ?? 0) + 1);
        carried.add(id);
      }
    }
    for (const id of carried) studyCounts.set(id, (studyCounts.get(id) ?? 0) + 1);
  }
  for (const code of data.codes) {
    const kind = code.depth === 0 ? 'Group' : code.depth === 1 ? 'Code' : 'Sub-code';
    const row = sheet.addRow([cellText(code.name), cellText(code.path.join(' › ')), cellValue(code.description), kind, studyCounts.get(code.id) ?? 0, excerptCounts.get(code.id) ?? 0]);
    row.getCell(1).alignment = { indent: code.depth * 2, vertical: 'top' };
    if (code.depth === 0) row.getCell(1).font = { bold: true };
    row.commit();
  }
  return sheet;
}

export function header(sheet: ExcelJS.Worksheet, labels: readonly string[]): void {
  const row = sheet.addRow(labels.map(cellText));
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'bottom' };
  row.fill = HEADER_FILL;
  row.commit();
}

function columnWidth(column: MatrixColumn, kinds: ReadonlyMap<number, string>): number {
  if (column.spec.kind === 'code') return 14;
  if (column.spec.kind === 'group') return 26;
  if (column.spec.kind === 'appraisal') return 30;
  const kind = kinds.get(column.spec.fieldId);
  return kind === 'long_text' ? 48 : isNumericKind(kind) ? 12 : 20;
}

export function isNumericKind(kind: string | undefined): boolean {
  return kind === 'number' || kind === 'year';
}

/** A number field's value as a number when it is one ("65", "-3.5"), else as neutralised text. */
export function numberOrText(text: string): number | string | null {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) && Number.isFinite(Number(trimmed)) ? Number(trimmed) : cellValue(text);
}

/** Text for a cell; an empty value leaves the cell empty (no "" string), as Excel's "(Blanks)" filter expects. */
export function cellValue(text: string): string | null {
  return text === '' ? null : cellText(text);
}

export function cellText(text: string): string {
  const safe = neutraliseFormula(text);
  return safe.length > EXCEL_CELL_LIMIT ? `${safe.slice(0, EXCEL_CELL_LIMIT - 1)}…` : safe;
}
