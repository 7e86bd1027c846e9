/**
 * The Summary of Qualitative Findings table as a Word document, with the columns of the CERQual
 * template (Lewin et al. 2018, paper 2): #, summary of review finding, studies contributing to it,
 * CERQual assessment of confidence, explanation of the assessment. Landscape A4, header row repeated
 * on every page; the body is written with the synthesis exports' WordprocessingML parts.
 */
import { heading, LANDSCAPE_TEXT_WIDTH, packDocx, paragraph, run, table, type TableRowSpec } from '../synthesis/docx-parts.js';
import { SOQF_HEADINGS, type SoqfRow } from './findings-queries.js';

/** 9 pt. */
const TABLE_FONT = 18;
/** Twips: "#", then the finding, studies, assessment and explanation sharing the rest. */
const NUMBER_WIDTH = 600;
const SHARES = [0.36, 0.2, 0.14, 0.3];

export async function soqfDocx(rows: readonly SoqfRow[], options: { title: string }): Promise<Buffer> {
  return packDocx({ title: options.title, orientation: 'landscape', body: soqfBody(rows, options.title) });
}

function* soqfBody(rows: readonly SoqfRow[], title: string): Generator<string> {
  yield heading(title, 1);
  if (rows.length === 0) {
    yield paragraph(run('No review findings yet.'));
    return;
  }
  const rest = LANDSCAPE_TEXT_WIDTH - NUMBER_WIDTH;
  const widths = [NUMBER_WIDTH, ...SHARES.map((share) => Math.floor(rest * share))];
  const cell = (text: string, bold = false) => ({ runs: text === '' ? '' : run(text, { size: TABLE_FONT, bold }) });
  const body: TableRowSpec[] = [
    { header: true, cells: SOQF_HEADINGS.map((h) => cell(h, true)) },
    ...rows.map((r) => ({ cells: [cell(String(r.number)), cell(r.finding), cell(r.studies), cell(r.confidence), cell(r.explanation)] })),
  ];
  yield* table(widths, body);
}
