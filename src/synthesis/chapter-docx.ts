/**
 * The chapter skeleton as a Word document, the same content as chapter-markdown.ts in Word's own
 * styles so it drops into a thesis template: the title as Heading 1, each theme as Heading 2, each
 * level × direction as Heading 3, key excerpts in the Quote style with their page "(p. 12)" (a
 * translated one followed by its original as a small indented note), the jurisdiction comparison as
 * a table, the reference list in the Bibliography style under a Heading 2 "References". Portrait A4.
 * The package comes from docx, the body is written by docx-parts.ts (see there why).
 */
import type { ChapterOptions } from './chapter-markdown.js';
import type { ChapterSections, ChapterTheme } from './chapter-sections.js';
import { heading, packDocx, paragraph, referenceList, run, STYLE, table, type TableRowSpec } from './docx-parts.js';
import {
  cellLead,
  chapterIntro,
  findingLine,
  JURISDICTION_LEAD,
  jurisdictionLabel,
  narrativeCitation,
  originalNote,
  quotedText,
  quoteTail,
  studyLeadTail,
  subCodesLine,
  themeHeading,
  themeLead,
} from './export-text.js';

const SMALL = 20;
const NOTE_INDENT = { left: 720, right: 720 };
/** A4 portrait's text width in twentieths of a point (1-inch margins). */
const TEXT_WIDTH = 9_026;

export async function chapterDocx(sections: ChapterSections, options: ChapterOptions): Promise<Buffer> {
  return packDocx({ title: options.title, orientation: 'portrait', body: chapterBody(sections, options) });
}

function* chapterBody(sections: ChapterSections, options: ChapterOptions): Generator<string> {
  yield heading(options.title, 1);
  yield paragraph(run(chapterIntro(sections)));
  for (const theme of sections.themes) yield* themeBody(theme);
  if (sections.otherFindings.length > 0) {
    yield heading('Other review findings', 2);
    for (const finding of sections.otherFindings) yield paragraph(run(findingLine(finding)));
  }
  yield* referenceList(options.references, 2);
}

function* themeBody(theme: ChapterTheme): Generator<string> {
  yield heading(themeHeading(theme.theme), 2);
  if (theme.theme.description.trim() !== '') yield paragraph(run(theme.theme.description.trim()));
  const sub = subCodesLine(theme);
  if (sub !== '') yield paragraph(run(sub));
  yield paragraph(run(themeLead(theme)));
  if (theme.summary) yield paragraph([run('Charted summary: ', { bold: true }), run(theme.summary.trim())]);
  for (const finding of theme.findings) yield paragraph(run(findingLine(finding)), { indent: { left: 360, right: 0 } });
  if (theme.excerpts === 0) return;
  for (const cell of theme.cells) {
    yield heading(cell.label, 3);
    if (cell.summary) yield paragraph([run('Charted summary: ', { bold: true }), run(cell.summary.trim())]);
    yield paragraph(run(cellLead(cell)));
    for (const entry of cell.studies) {
      yield paragraph([run(narrativeCitation(entry.study), { bold: true }), run(studyLeadTail(entry))], { keepNext: entry.keyExcerpts.length > 0 });
      for (const excerpt of entry.keyExcerpts) {
        const tail = quoteTail(excerpt, theme.subCodes);
        yield paragraph([run(quotedText(excerpt)), tail === '' ? '' : run(tail, { italics: false })], { style: STYLE.quote });
        const note = originalNote(excerpt);
        if (note !== '') yield paragraph(run(note, { size: SMALL, italics: true }), { indent: NOTE_INDENT });
        if (excerpt.memo.trim() !== '') yield paragraph([run('Memo: ', { bold: true, size: SMALL }), run(excerpt.memo.trim(), { size: SMALL })], { indent: NOTE_INDENT });
      }
    }
  }
  const shown = theme.cells.filter((c) => c.excerpts > 0);
  if (theme.jurisdictions.length === 0 || shown.length === 0) return;
  yield heading('Comparing jurisdictions', 3);
  yield paragraph(run(JURISDICTION_LEAD));
  const first = 2_400;
  const rest = Math.floor((TEXT_WIDTH - first) / shown.length);
  const cell = (text: string, bold = false, align: 'left' | 'right' = 'right') => ({ runs: run(text, { size: SMALL, bold }), align });
  const rows: TableRowSpec[] = [
    { header: true, cells: [cell('Jurisdiction', true, 'left'), ...shown.map((c) => cell(c.label, true))] },
    ...theme.jurisdictions.map((row) => ({ cells: [cell(jurisdictionLabel(row), false, 'left'), ...row.counts.map((c) => cell(`${c.excerpts} (${c.studies})`))] })),
  ];
  yield* table([first, ...shown.map(() => rest)], rows);
}
