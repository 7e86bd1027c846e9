/**
 * The framework chart as an Excel workbook: one sheet per jurisdiction ("All jurisdictions" first)
 * with themes down and level × direction across, then "Study × theme". Each sheet states its grain
 * in its first row; each cell holds the analyst's summary and, on its last line, its counts ("3
 * excerpts from 2 studies"). Written with the synthesis workbook's streaming writer and cell helpers.
 */
import type ExcelJS from 'exceljs';
import { cellText, cellValue, header, streamedWorkbook, WRAP_TOP } from '../synthesis/export-xlsx.js';
import { countsPhrase, FRAMEWORK_GRAIN, STUDY_GRAIN, type ChartDocument, type DocumentCell, type DocumentTheme } from './chart-document.js';

const SHEET_NAME_MAX = 31;

/** Excel's rules for a sheet name: no : \ / ? * [ ], at most 31 characters, unique in the workbook (any case). */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, SHEET_NAME_MAX) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLocaleLowerCase()); n++) name = `${base.slice(0, SHEET_NAME_MAX - String(n).length - 1)} ${n}`;
  taken.add(name.toLocaleLowerCase());
  return name;
}

/** The summary, then the counts on a line of their own. */
export function cellLines(cell: DocumentCell): string {
  const counts = `${countsPhrase(cell)}${cell.wholeStudy ? ' (whole study)' : ''}`;
  return cell.summary ? `${cell.summary.text}\n\n${counts}` : counts;
}

const themeHeading = (theme: DocumentTheme) => (theme.emergent ? `${theme.name} (emergent)` : theme.name);

function chartSheet(workbook: ExcelJS.Workbook, name: string, grain: string, headings: string[], rows: Array<{ label: string; cells: DocumentCell[] }>): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  sheet.columns = [{ width: 30, style: { alignment: WRAP_TOP, font: { bold: true } } }, ...headings.slice(1).map(() => ({ width: 34, style: { alignment: WRAP_TOP } }))];
  const grainRow = sheet.addRow([cellText(grain)]);
  grainRow.font = { italic: true };
  grainRow.commit();
  header(sheet, headings);
  for (const row of rows) sheet.addRow([cellText(row.label), ...row.cells.map((cell) => cellValue(cellLines(cell)))]).commit();
  sheet.commit();
}

export async function chartXlsx(document: ChartDocument): Promise<Buffer> {
  const taken = new Set<string>();
  return streamedWorkbook(document.title, (workbook) => {
    for (const section of document.framework) {
      const where = section.jurisdiction;
      chartSheet(workbook, sheetName(where, taken), `${where}. ${FRAMEWORK_GRAIN}`, ['Theme', ...section.columns], section.rows.map((row) => ({ label: themeHeading(row.theme), cells: row.cells })));
    }
    chartSheet(workbook, sheetName('Study × theme', taken), STUDY_GRAIN, ['Study', ...document.studies.themes.map(themeHeading)], document.studies.rows);
  });
}
