/**
 * The chapter skeleton as Markdown: the first draft of the framework chapter from chapterSections
 * (chapter-sections.ts). "# title", an opening paragraph, then per theme "## Theme" (description,
 * sub-codes, how much evidence, the charted summary, the review findings with their CERQual
 * confidence), per level × direction "### Individual · Enables" with its summary and the studies
 * cited "(Maruna, 2001; …)", each study by its narrative citation with its appraisal and key excerpts
 * as block quotes ending in their page "(p. 12)" — translations quoted, originals in footnotes — then
 * "### Comparing jurisdictions" as a table; last the reference list (formatted entries, e.g. APA).
 * Everything from the data is escaped.
 */
import type { FormattedReference } from '../exports/reference-runs.js';
import type { ChapterSections, ChapterTheme } from './chapter-sections.js';
import {
  cellLead,
  chapterIntro,
  findingLine,
  JURISDICTION_LEAD,
  jurisdictionLabel,
  markdownBlockquote,
  markdownCell,
  markdownTable,
  markdownText,
  narrativeCitation,
  originalNote,
  quotedText,
  quoteTail,
  studyLeadTail,
  subCodesLine,
  themeHeading,
  themeLead,
} from './export-text.js';

export interface ChapterOptions {
  title: string;
  /** Formatted reference entries, in the order to print them; no "References" when empty. */
  references: readonly FormattedReference[];
}

export function chapterMarkdown(sections: ChapterSections, options: ChapterOptions): string {
  const parts: string[] = [`# ${markdownCell(options.title)}`, markdownText(chapterIntro(sections))];
  const notes: string[] = [];
  for (const theme of sections.themes) parts.push(...themeMarkdown(theme, notes));
  if (sections.otherFindings.length > 0) {
    parts.push('## Other review findings');
    for (const finding of sections.otherFindings) parts.push(`- ${markdownCell(findingLine(finding))}`);
  }
  if (options.references.length > 0) {
    parts.push('## References');
    for (const entry of options.references) parts.push(referenceMarkdown(entry));
  }
  // Footnotes (GFM) hold the originals of translated quotations.
  parts.push(...notes);
  return `${parts.join('\n\n')}\n`;
}

function themeMarkdown(theme: ChapterTheme, notes: string[]): string[] {
  const parts = [`## ${markdownCell(themeHeading(theme.theme))}`];
  if (theme.theme.description.trim() !== '') parts.push(paragraph(theme.theme.description));
  const sub = subCodesLine(theme);
  if (sub !== '') parts.push(paragraph(sub));
  parts.push(paragraph(themeLead(theme)));
  if (theme.summary) parts.push(`*Charted summary:* ${paragraph(theme.summary)}`);
  if (theme.findings.length > 0) parts.push(theme.findings.map((f) => `- ${markdownCell(findingLine(f))}`).join('\n'));
  if (theme.excerpts === 0) return parts;
  for (const cell of theme.cells) {
    parts.push(`### ${markdownCell(cell.label)}`);
    if (cell.summary) parts.push(`*Charted summary:* ${paragraph(cell.summary)}`);
    parts.push(paragraph(cellLead(cell)));
    for (const entry of cell.studies) {
      parts.push(`**${markdownCell(narrativeCitation(entry.study))}**${markdownText(studyLeadTail(entry))}`);
      for (const excerpt of entry.keyExcerpts) {
        const note = originalNote(excerpt);
        const mark = note === '' ? '' : `[^${notes.length + 1}]`;
        if (note !== '') notes.push(`[^${notes.length + 1}]: ${markdownCell(note)}`);
        parts.push(`${markdownBlockquote(quotedText(excerpt))}${markdownText(quoteTail(excerpt, theme.subCodes))}${mark}`);
        if (excerpt.memo.trim() !== '') parts.push(`*Memo:* ${markdownCell(excerpt.memo)}`);
      }
    }
  }
  const shown = theme.cells.filter((c) => c.excerpts > 0);
  if (theme.jurisdictions.length > 0 && shown.length > 0) {
    parts.push('### Comparing jurisdictions', markdownText(JURISDICTION_LEAD));
    const rows = theme.jurisdictions.map((row) => [markdownCell(jurisdictionLabel(row)), ...row.counts.map((c) => `${c.excerpts} (${c.studies})`)]);
    parts.push(markdownTable(['Jurisdiction', ...shown.map((c) => markdownCell(c.label))], rows, ['left', ...shown.map(() => 'right' as const)]));
  }
  return parts;
}

/**
 * A reference as a paragraph: its text escaped, its italic runs as *…* (bold as **…**) with the
 * spaces at their ends kept outside the markers, so a reader sees the emphasis CommonMark defines.
 * Markdown has no sub- or superscript: those runs are plain text.
 */
export function referenceMarkdown(entry: FormattedReference): string {
  return entry
    .map((r) => {
      const marker = `${r.italic ? '*' : ''}${r.bold ? '**' : ''}`;
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(r.text)!;
      return marker === '' || core === '' ? markdownText(r.text) : `${lead}${marker}${markdownText(core)}${[...marker].reverse().join('')}${trail}`;
    })
    .join('');
}

/** A paragraph of plain text: escaped, its line breaks kept as hard breaks. */
function paragraph(text: string): string {
  return markdownText(text.replace(/\r\n?/g, '\n').trim()).replace(/\n/g, '  \n');
}
