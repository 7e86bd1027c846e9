/**
 * The Summary of Qualitative Findings table as a Word document, with the columns of the CERQual
 * template (Lewin et al. 2018, paper 2): #, summary of review finding, studies contributing to it,
 * CERQual assessment of confidence, explanation of the assessment; then the CERQual Evidence
 * Profile behind it (each component's level of concern and explanation), for an appendix.
 * Landscape A4, header rows repeated on every page; the body is written with the synthesis
 * exports' WordprocessingML parts.
 */
import { heading, LANDSCAPE_TEXT_WIDTH, packDocx, paragraph, run, table, type TableRowSpec } from '../synthesis/docx-parts.js';
import { EVIDENCE_PROFILE_HEADINGS, SOQF_HEADINGS, type EvidenceProfileRow } from './findings-queries.js';

/** 9 pt. */
const TABLE_FONT = 18;
/** Twips for "#"; the other columns share the rest. */
const NUMBER_WIDTH = 600;
const SOQF_SHARES = [0.36, 0.2, 0.14, 0.3];
const PROFILE_SHARES = [0.18, 0.1, 0.11, 0.11, 0.11, 0.11, 0.1, 0.18];

const cell = (text: string, bold = false) => ({ runs: text === '' ? '' : run(text, { size: TABLE_FONT, bold }) });

function widths(shares: readonly number[]): number[] {
  const rest = LANDSCAPE_TEXT_WIDTH - NUMBER_WIDTH;
  return [NUMBER_WIDTH, ...shares.map((share) => Math.floor(rest * share))];
}

export async function soqfDocx(rows: readonly EvidenceProfileRow[], options: { title: string }): Promise<Buffer> {
  return packDocx({ title: options.title, orientation: 'landscape', body: soqfBody(rows, options.title) });
}

function* soqfBody(rows: readonly EvidenceProfileRow[], title: string): Generator<string> {
  yield heading(title, 1);
  if (rows.length === 0) {
    yield paragraph(run('No review findings yet.'));
    return;
  }
  const soqf: TableRowSpec[] = [
    { header: true, cells: SOQF_HEADINGS.map((h) => cell(h, true)) },
    ...rows.map((r) => ({ cells: [cell(String(r.number)), cell(r.finding), cell(r.studies), cell(r.confidence), cell(r.explanation)] })),
  ];
  yield* table(widths(SOQF_SHARES), soqf);
  yield heading('CERQual Evidence Profile', 2);
  const profile: TableRowSpec[] = [
    { header: true, cells: EVIDENCE_PROFILE_HEADINGS.map((h) => cell(h, true)) },
    ...rows.map((r) => ({ cells: [cell(String(r.number)), cell(r.finding), cell(r.studies), ...r.components.map((c) => cell(c)), cell(r.confidence), cell(r.explanation)] })),
  ];
  yield* table(widths(PROFILE_SHARES), profile);
}
