/**
 * The chapter skeleton as a Word document, the same content as chapter-markdown.ts in Word's own
 * styles so it drops into a thesis template: the title as Heading 1, each theme as Heading 2, each
 * level as Heading 3, key excerpts in the Quote style with their page "(p. 12)", the reference list
 * in the Bibliography style under a Heading 2 "References". Portrait A4. The package comes from docx,
 * the body is written by docx-parts.ts (see there why).
 */
import type { ChapterOptions } from './chapter-markdown.js';
import { heading, packDocx, paragraph, referenceList, run, STYLE } from './docx-parts.js';
import type { ThemeSections } from './evidence.js';
import { chapterIntro, levelLead, narrativeCitation, quoteTail, studyLeadTail, subCodesLine, themeLead } from './export-text.js';

export async function chapterDocx(sections: ThemeSections, options: ChapterOptions): Promise<Buffer> {
  return packDocx({ title: options.title, orientation: 'portrait', body: chapterBody(sections, options) });
}

function* chapterBody(sections: ThemeSections, options: ChapterOptions): Generator<string> {
  yield heading(options.title, 1);
  yield paragraph(run(chapterIntro(sections)));
  for (const theme of sections.themes) {
    yield heading(theme.theme.name, 2);
    if (theme.theme.description.trim() !== '') yield paragraph(run(theme.theme.description.trim()));
    const sub = subCodesLine(theme);
    if (sub !== '') yield paragraph(run(sub));
    yield paragraph(run(themeLead(theme)));
    if (theme.studyCount === 0) continue;
    for (const level of theme.levels) {
      yield heading(level.label, 3);
      yield paragraph(run(levelLead(level)));
      for (const entry of level.studies) {
        yield paragraph([run(narrativeCitation(entry.study), { bold: true }), run(studyLeadTail(entry))], { keepNext: entry.keyExcerpts.length > 0 });
        for (const item of entry.keyExcerpts) {
          const tail = quoteTail(item, theme.theme);
          yield paragraph([run(item.excerpt.text.trim()), tail === '' ? '' : run(tail, { italics: false })], { style: STYLE.quote });
          if (item.excerpt.memo.trim() !== '') {
            yield paragraph([run('Memo: ', { bold: true, size: 20 }), run(item.excerpt.memo.trim(), { size: 20 })], { indent: { left: 720, right: 720 } });
          }
        }
      }
    }
  }
  yield* referenceList(options.references, 2);
}
