import { describe, expect, it } from 'vitest';
import { chapterMarkdown } from '../../../src/synthesis/chapter-markdown.js';
import { chapterSections } from '../../../src/synthesis/chapter-sections.js';
import { frameworkAxes } from '../../../src/synthesis/framework-axes.js';
import { matrixMarkdown } from '../../../src/synthesis/export-markdown.js';
import { buildMatrix } from '../../../src/synthesis/matrix.js';
import { buildPivot } from '../../../src/synthesis/pivot.js';
import type { FormattedReference } from '../../../src/exports/reference-runs.js';
import { markdownHeadings, markdownQuotes, markdownTables } from '../../support/markdown-reading.js';
import { CHAPTER_HEADINGS, HOSTILE_CODE, HOSTILE_EXCERPT, SMALL, SMALL_COLUMNS, smallSynthesis, translatedSmallSynthesis } from '../../support/synthesis-fixture.js';

const data = smallSynthesis();
const REFERENCES: FormattedReference[] = [
  [{ text: 'Farrall, S., Hunter, B., Sharpe, G., & Calverley, A. (2014). ' }, { text: 'Criminal careers in transition', italic: true }, { text: '. Oxford University Press.' }],
  [{ text: 'Maruna, S. (2001). Desistance. ' }, { text: 'Probation Journal', italic: true }, { text: ', ' }, { text: '48', italic: true }, { text: '(2), 101–115. https://doi.org/10.1037/10430-000' }],
  [{ text: 'Weaver, B. (2016). ' }, { text: '*Offending* & desistance <social> [relations]', italic: true }, { text: '. Routledge.' }],
];

describe('matrixMarkdown', () => {
  const matrix = buildMatrix(data, [...SMALL_COLUMNS, { kind: 'code', codeId: SMALL.shame }]);
  const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level);
  const markdown = matrixMarkdown(matrix, { title: 'Synthesis | *matrix*', pivot, filters: 'Filtered: Design = <Qualitative>' });
  const tables = markdownTables(markdown);

  it('has the matrix as a table whose cells read back to the matrix cells', () => {
    expect(tables[0]![0]).toEqual(['Study', 'Level', 'Themes', 'Themes › Employment', 'Themes › Identity', 'Design', 'Sample size', `Themes › Identity › ${HOSTILE_CODE}`]);
    expect(tables[0]!.slice(1)).toEqual(matrix.rows.map((row) => [row.study.label, ...row.cells.map((c) => c.text)]));
    expect(markdownHeadings(markdown)[0]).toEqual([1, 'Synthesis | *matrix*']);
    expect(markdown).toContain('5 of 5 included studies.');
    expect(markdown).toContain('Filtered: Design = \\<Qualitative\\>');
  });

  it('then the pivot with counts and a total row', () => {
    expect(tables[1]).toEqual([
      ['Jurisdiction', 'Individual', 'Relational', 'Systemic', 'Studies'],
      ['England and Wales', '2 (1)', '1 (1)', '1 (1)', '2'],
      ['Scotland', '0 (0)', '1 (1)', '0 (0)', '1'],
      ['Ireland', '0 (0)', '0 (0)', '0 (0)', '0'],
      ['United States', '0 (0)', '0 (0)', '0 (0)', '1'],
      ['**Total**', '**2 (1)**', '**2 (2)**', '**1 (1)**', '**4**'],
    ]);
    expect(markdown).toContain('Excerpt level: each cell counts the excerpts carrying its Level on the same excerpt, from studies whose Jurisdiction is the row’s');
    expect(markdownHeadings(markdown)).toContainEqual([2, 'Jurisdiction × Level']);
  });

  it('then the evidence per code column: studies and their excerpts as block quotes with pages and memos, all escaped', () => {
    const headings = markdownHeadings(markdown).filter(([level]) => level === 3).map(([, text]) => text);
    expect(headings).toEqual(['Level', 'Themes', 'Themes › Employment', 'Themes › Identity', `Themes › Identity › ${HOSTILE_CODE}`]);
    const quotes = markdownQuotes(markdown);
    expect(quotes).toContain('Work gave them a stake in conformity. (p. 45)');
    expect(quotes).toContain('Employers rarely call back once they see the record. (p. 47)');
    expect(quotes).toContain(`${HOSTILE_EXCERPT} (p. 12)`);
    expect(quotes).toContain('Marriage as a turning point in the life course of the men we followed. (pp. 140–141)');
    expect(markdown).toContain('**Weaver (2016)** — Employment (coded for the study as a whole)');
    expect(markdown).toContain('*Memo:* Hostile \\| memo \\<b\\>bold\\</b\\>');
    expect(markdown).not.toMatch(/(?<!\\)<script>/);
    expect(markdown).not.toMatch(/^- not a list/m);
    expect(markdown).not.toMatch(/^# not a heading/m);
  });

  it('leaves out the evidence when asked', () => {
    const short = matrixMarkdown(matrix, { title: 'M', evidence: false });
    expect(markdownHeadings(short)).toEqual([[1, 'M']]);
    expect(markdownTables(short)).toHaveLength(1);
  });
});

describe('chapterMarkdown', () => {
  const changed = translatedSmallSynthesis();
  const sections = chapterSections(changed, frameworkAxes(changed)!, {
    appraisals: new Map([[103, 'High (CASP Qualitative Studies Checklist)']]),
    findings: [{ number: 1, statement: 'Families anchor desistance.', themeId: SMALL.family, confidence: 'Moderate confidence', explanation: 'Minor concerns about adequacy.', studyIds: [103, 104] }],
    summaryOf: (theme, level, direction) => (theme === SMALL.family && level === SMALL.relational && direction === SMALL.facilitator ? 'Kin as a *resource*.' : null),
  });
  const markdown = chapterMarkdown(sections, { title: 'Chapter 4: A framework of desistance', references: REFERENCES });

  it('has a heading per theme, a subheading per level × direction and a jurisdiction comparison, then the references', () => {
    expect(markdownHeadings(markdown)).toEqual([
      [1, 'Chapter 4: A framework of desistance'],
      ...CHAPTER_HEADINGS,
      [2, 'References'],
    ]);
  });

  it('counts at the excerpt grain, cites studies with their appraisal, and quotes key excerpts with their pages', () => {
    expect(markdown).toContain('at the excerpt level');
    expect(markdown).toContain('Paid work and the search for it.');
    expect(markdown).toContain(`Includes Hope; ${HOSTILE_CODE.replace(/[<>|*]/g, '\\$&')}.`);
    expect(markdown).toContain('2 excerpts from 1 study carry this theme. Coded on the study as a whole, with no excerpt to quote: Weaver (2016).');
    expect(markdown).toContain('1 excerpt from 1 study (McNeill & Weaver, 2010).');
    expect(markdown).toContain('3 excerpts on this theme carry no level (McNeill & Weaver, 2010; Sampson & Laub, 1993).');
    expect(markdown).toContain('No excerpt carries this theme here.');
    expect(markdown).toContain('**McNeill and Weaver (2010)** \\[appraisal: High (CASP Qualitative Studies Checklist)\\]:');
    expect(markdown).toContain('*Charted summary:* Kin as a \\*resource\\*.');
    expect(markdown).toContain('- Finding 1: Families anchor desistance. — Moderate confidence (GRADE-CERQual): Minor concerns about adequacy.');
    const quotes = markdownQuotes(markdown);
    expect(quotes.slice(0, 2)).toEqual(['Work gave them a stake in conformity. (p. 45)', 'Employers rarely call back once they see the record. (p. 47)']);
    expect(markdown).toContain('*Memo:* Bond theory');
  });

  it('quotes a translated excerpt in translation, with the original and its translator in a footnote', () => {
    expect(markdown).toContain('\n> I had to find a new script for my life. (p. 87) \\[Hope\\][^1]\n');
    expect(markdown).toContain('[^1]: Original (Italian), translated by Anna Rossi: Dovevo trovare un nuovo copione per la mia vita.');
    expect(markdown).not.toMatch(/^> Dovevo/m);
  });

  it('compares the jurisdictions the excerpts speak from, in each sub-section with evidence', () => {
    const family = markdownTables(markdown).at(-1)!;
    expect(family).toEqual([
      ['Jurisdiction', 'Relational · Facilitator', 'Level not coded'],
      ['England and Wales', '0 (0)', '0 (0)'],
      ['Scotland', '1 (1)', '1 (1)'],
      ['Ireland', '0 (0)', '0 (0)'],
      ['United States', '0 (0)', '2 (1)'],
    ]);
  });

  it('lists the references as given, escaped, their italics as *…*', () => {
    const references = markdown.slice(markdown.indexOf('## References'), markdown.indexOf('[^1]:'));
    expect(references).toContain('Maruna, S. (2001). Desistance. *Probation Journal*, *48*(2), 101–115. https://doi.org/10.1037/10430-000');
    expect(references).toContain('Weaver, B. (2016). *\\*Offending\\* & desistance \\<social\\> \\[relations\\]*. Routledge.');
  });

  it('says so when a study has more excerpts in a sub-section than it quotes', () => {
    const one = chapterMarkdown(chapterSections(data, frameworkAxes(data)!, { maxExcerpts: 1 }), { title: 'C', references: [] });
    expect(one).toContain('**Sampson and Laub (1993)** — 1 of 2 excerpts:');
    expect(one).not.toContain('References');
    expect(one).toContain('at most 1 key excerpts');
  });
});
