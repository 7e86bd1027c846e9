/**
 * The characteristics tables as Excel workbooks, written with the synthesis workbook's helpers
 * (export-xlsx.ts: streamed, bold frozen header, autofilter, cells neutralised against formulas).
 * A citation is split into columns here (authors, year, title, journal, DOI linked), so Excel sorts
 * and filters on each.
 * - "Included studies": Study, the citing report's columns, "Also reported in" (the other reports'
 *   citations, one a line), one column per extraction field in form order (numbers as numbers),
 *   then "Appraisal".
 * - "Excluded at full text": Reason, the report's columns, "Other reasons given"; "Not retrieved":
 *   the report's columns; "Outside Coreview", when the PRISMA page has such counts: reports found by
 *   other methods and handled outside Coreview, per outcome and reason.
 */
import type ExcelJS from 'exceljs';
import { cellText, cellValue, header, isNumericKind, numberOrText, streamedWorkbook, WRAP_TOP } from '../synthesis/export-xlsx.js';
import { doiUrl, reportCitation, type CitedReport, type ExcludedTable, type IncludedTable } from './characteristics-table.js';

const REPORT_HEADINGS = ['Authors', 'Year', 'Title', 'Journal', 'DOI'];
const REPORT_COLUMNS: Array<Partial<ExcelJS.Column>> = [
  { width: 36, style: { alignment: WRAP_TOP } },
  { width: 8, style: { alignment: WRAP_TOP } },
  { width: 60, style: { alignment: WRAP_TOP } },
  { width: 30, style: { alignment: WRAP_TOP } },
  { width: 28, style: { alignment: WRAP_TOP } },
];

function reportCells(report: CitedReport) {
  const doi = report.doi ? { text: cellText(report.doi), hyperlink: doiUrl(report.doi) } : null;
  return [cellValue(report.authors.join('; ')), report.year, cellValue(report.title), cellValue(report.journal), doi];
}

function sheet(workbook: ExcelJS.Workbook, name: string, columns: Array<Partial<ExcelJS.Column>>, labels: readonly string[]): ExcelJS.Worksheet {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  worksheet.columns = columns;
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: labels.length } };
  header(worksheet, labels);
  return worksheet;
}

export async function includedXlsx(characteristics: IncludedTable, title: string): Promise<Buffer> {
  const { fields, rows } = characteristics;
  const numeric = fields.map((f) => isNumericKind(f.kind));
  return streamedWorkbook(title, (workbook) => {
    const worksheet = sheet(
      workbook,
      'Included studies',
      [
        { width: 28, style: { alignment: WRAP_TOP, font: { bold: true } } },
        ...REPORT_COLUMNS,
        { width: 60, style: { alignment: WRAP_TOP } },
        ...fields.map((f, i) => ({ width: f.kind === 'long_text' ? 48 : numeric[i] ? 12 : 20, style: { alignment: WRAP_TOP } })),
        { width: 30, style: { alignment: WRAP_TOP } },
      ],
      ['Study', ...REPORT_HEADINGS, 'Also reported in', ...fields.map((f) => f.label), 'Appraisal'],
    );
    for (const row of rows) {
      const [citing, ...others] = row.reports;
      worksheet
        .addRow([
          cellText(row.study),
          ...reportCells(citing!),
          cellValue(others.map(reportCitation).join('\n')),
          ...row.values.map((value, i) => (numeric[i] ? numberOrText(value) : cellValue(value))),
          cellValue(row.appraisal),
        ])
        .commit();
    }
    worksheet.commit();
  });
}

export async function excludedXlsx(characteristics: ExcludedTable, title: string): Promise<Buffer> {
  return streamedWorkbook(title, (workbook) => {
    const excluded = sheet(
      workbook,
      'Excluded at full text',
      [{ width: 30, style: { alignment: WRAP_TOP, font: { bold: true } } }, ...REPORT_COLUMNS, { width: 36, style: { alignment: WRAP_TOP } }],
      ['Reason for exclusion', ...REPORT_HEADINGS, 'Other reasons given'],
    );
    for (const row of characteristics.excluded) {
      excluded.addRow([cellText(row.reason), ...reportCells(row.report), cellValue(row.otherReasons.join('; '))]).commit();
    }
    excluded.commit();
    const notRetrieved = sheet(workbook, 'Not retrieved', REPORT_COLUMNS, REPORT_HEADINGS);
    for (const report of characteristics.notRetrieved) notRetrieved.addRow(reportCells(report)).commit();
    notRetrieved.commit();
    const { outside } = characteristics;
    if (outside.excluded.length === 0 && outside.notRetrieved === 0) return;
    const typed = sheet(workbook, 'Outside Coreview', [{ width: 16 }, { width: 40, style: { alignment: WRAP_TOP } }, { width: 10 }], ['Outcome', 'Reason for exclusion', 'Reports']);
    for (const entry of outside.excluded) typed.addRow(['Excluded', cellText(entry.reason), entry.n]).commit();
    if (outside.notRetrieved > 0) typed.addRow(['Not retrieved', null, outside.notRetrieved]).commit();
    typed.commit();
  });
}
