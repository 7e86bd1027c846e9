/**
 * The chapter skeleton as Markdown: the first draft of the framework chapter from themeSections
 * (evidence.ts). "# title", an opening paragraph, then per theme "## Theme" (its description, its
 * sub-codes, how many studies), per level "### Level" with the contributing studies cited
 * "(Maruna, 2001; Weaver et al., 2012)", then each study by its narrative citation "Maruna (2001)"
 * with its key excerpts as block quotes ending in their page "(p. 12)" and memos; last the
 * reference list as given (formatted entries, e.g. APA). Everything from the data is escaped.
 */
import type { FormattedReference } from '../exports/reference-runs.js';
import type { ThemeSections } from './evidence.js';
import {
  chapterIntro,
  levelLead,
  markdownBlockquote,
  markdownCell,
  markdownText,
  narrativeCitation,
  quoteTail,
  studyLeadTail,
  subCodesLine,
  themeLead,
} from './export-text.js';

export interface ChapterOptions {
  title: string;
  /** Formatted reference entries, in the order to print them; no "References" when empty. */
  references: readonly FormattedReference[];
}

export function chapterMarkdown(sections: ThemeSections, options: ChapterOptions): string {
  const parts: string[] = [`# ${markdownCell(options.title)}`, markdownText(chapterIntro(sections))];
  for (const theme of sections.themes) {
    parts.push(`## ${markdownCell(theme.theme.name)}`);
    if (theme.theme.description.trim() !== '') parts.push(paragraph(theme.theme.description));
    const sub = subCodesLine(theme);
    if (sub !== '') parts.push(paragraph(sub));
    parts.push(paragraph(themeLead(theme)));
    if (theme.studyCount === 0) continue;
    for (const level of theme.levels) {
      parts.push(`### ${markdownCell(level.label)}`);
      parts.push(paragraph(levelLead(level)));
      for (const entry of level.studies) {
        parts.push(`**${markdownCell(narrativeCitation(entry.study))}**${markdownText(studyLeadTail(entry))}`);
        for (const item of entry.keyExcerpts) {
          parts.push(`${markdownBlockquote(item.excerpt.text)}${markdownText(quoteTail(item, theme.theme))}`);
          if (item.excerpt.memo.trim() !== '') parts.push(`*Memo:* ${markdownCell(item.excerpt.memo)}`);
        }
      }
    }
  }
  if (options.references.length > 0) {
    parts.push('## References');
    for (const entry of options.references) parts.push(referenceMarkdown(entry));
  }
  return `${parts.join('\n\n')}\n`;
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
