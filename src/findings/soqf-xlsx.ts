/**
 * The Summary of Qualitative Findings as a workbook: the SoQF columns (soqf-docx.ts), then each
 * finding's theme and its four CERQual components (level of concern and explanation), so the
 * evidence profile behind each judgement travels with the table. Cells are neutralised against
 * formula injection and kept under Excel's limit by the synthesis workbook's helpers.
 */
import { cellText, cellValue, header, streamedWorkbook, WRAP_TOP } from '../synthesis/export-xlsx.js';
import { COMPONENT_LABEL, COMPONENTS, CONCERN_LABEL } from './cerqual.js';
import { SOQF_HEADINGS, type ReviewFinding, type SoqfRow } from './findings-queries.js';

export async function soqfXlsx(title: string, rows: readonly SoqfRow[], findings: readonly ReviewFinding[]): Promise<Buffer> {
  return streamedWorkbook(title, (workbook) => {
    const sheet = workbook.addWorksheet('Summary of findings', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [
      { width: 5, style: { alignment: WRAP_TOP } },
      { width: 60, style: { alignment: WRAP_TOP } },
      { width: 36, style: { alignment: WRAP_TOP } },
      { width: 20, style: { alignment: WRAP_TOP } },
      { width: 60, style: { alignment: WRAP_TOP } },
      { width: 24, style: { alignment: WRAP_TOP } },
      ...COMPONENTS.flatMap(() => [{ width: 20, style: { alignment: WRAP_TOP } }, { width: 40, style: { alignment: WRAP_TOP } }]),
    ];
    header(sheet, [...SOQF_HEADINGS, 'Theme', ...COMPONENTS.flatMap((c) => [COMPONENT_LABEL[c], `${COMPONENT_LABEL[c]}: explanation`])]);
    rows.forEach((row, i) => {
      const finding = findings[i]!;
      sheet
        .addRow([
          row.number,
          cellText(row.finding),
          cellValue(row.studies),
          cellText(row.confidence),
          cellValue(row.explanation),
          cellValue(finding.theme?.name ?? ''),
          ...COMPONENTS.flatMap((c) => {
            const { concern, explanation } = finding.assessment.components[c];
            return [cellValue(concern === null ? '' : CONCERN_LABEL[concern]), cellValue(explanation)];
          }),
        ])
        .commit();
    });
    sheet.commit();
  });
}
