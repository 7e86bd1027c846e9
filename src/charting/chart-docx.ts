/**
 * The framework chart as a Word document (landscape A4): a table per jurisdiction ("All
 * jurisdictions" first), themes down and level × direction across, then the study × theme table.
 * Each table follows a line stating its grain; each cell holds the analyst's summary and its counts
 * ("3 excerpts from 2 studies") in small italics. Built from the synthesis DOCX parts.
 */
import { heading, LANDSCAPE_TEXT_WIDTH, packDocx, paragraph, run, table, type TableRowSpec } from '../synthesis/docx-parts.js';
import { countsPhrase, FRAMEWORK_GRAIN, STUDY_GRAIN, type ChartDocument, type DocumentCell, type DocumentTheme } from './chart-document.js';

const FIRST_COLUMN = 2_200;

const themeHeading = (theme: DocumentTheme) => (theme.emergent ? `${theme.name} (emergent)` : theme.name);

function cellRuns(cell: DocumentCell): string {
  const counts = `${countsPhrase(cell)}${cell.wholeStudy ? ' (whole study)' : ''}`;
  return (cell.summary ? run(cell.summary.text) + run('\n') : '') + run(counts, { italics: true, size: 16 });
}

function* chartTable(headings: readonly string[], rows: Iterable<{ label: string; cells: DocumentCell[] }>): Generator<string> {
  const others = headings.length - 1;
  const width = Math.floor((LANDSCAPE_TEXT_WIDTH - FIRST_COLUMN) / Math.max(1, others));
  function* body(): Generator<TableRowSpec> {
    yield { header: true, cells: headings.map((h) => ({ runs: run(h, { bold: true }) })) };
    for (const row of rows) yield { cells: [{ runs: run(row.label, { bold: true }) }, ...row.cells.map((cell) => ({ runs: cellRuns(cell) }))] };
  }
  yield* table([FIRST_COLUMN, ...Array.from({ length: others }, () => width)], body());
}

function* chartBody(document: ChartDocument): Generator<string> {
  yield heading(document.title, 1);
  for (const section of document.framework) {
    yield heading(`Theme × level × direction: ${section.jurisdiction}`, 2);
    yield paragraph(run(FRAMEWORK_GRAIN, { italics: true }));
    yield* chartTable(['Theme', ...section.columns], section.rows.map((row) => ({ label: themeHeading(row.theme), cells: row.cells })));
  }
  yield heading('Study × theme', 2);
  yield paragraph(run(STUDY_GRAIN, { italics: true }));
  yield* chartTable(['Study', ...document.studies.themes.map(themeHeading)], document.studies.rows);
  // Word wants a paragraph between the last table and the section's end.
  yield paragraph([]);
}

export function chartDocx(document: ChartDocument): Promise<Buffer> {
  return packDocx({ title: document.title, orientation: 'landscape', body: chartBody(document) });
}
