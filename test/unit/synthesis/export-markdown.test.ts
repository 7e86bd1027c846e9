import { describe, expect, it } from 'vitest';
import { chapterMarkdown } from '../../../src/synthesis/chapter-markdown.js';
import { themeSections } from '../../../src/synthesis/evidence.js';
import { matrixMarkdown } from '../../../src/synthesis/export-markdown.js';
import { buildMatrix } from '../../../src/synthesis/matrix.js';
import { buildPivot } from '../../../src/synthesis/pivot.js';
import type { FormattedReference } from '../../../src/exports/reference-runs.js';
import { markdownHeadings, markdownQuotes, markdownTables } from '../../support/markdown-reading.js';
import { HOSTILE_CODE, HOSTILE_EXCERPT, SMALL, SMALL_COLUMNS, smallSynthesis } from '../../support/synthesis-fixture.js';

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
    expect(markdown).toContain('Excerpt level: each cell counts the excerpts coded with both');
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
  const sections = themeSections(data, { themesGroupId: SMALL.themes, levelGroupId: SMALL.level })!;
  const markdown = chapterMarkdown(sections, { title: 'Chapter 4: A framework of desistance', references: REFERENCES });

  it('has a heading per theme and a subheading per level, then the references', () => {
    expect(markdownHeadings(markdown)).toEqual([
      [1, 'Chapter 4: A framework of desistance'],
      [2, 'Employment'],
      [3, 'Individual'],
      [3, 'Relational'],
      [3, 'Systemic'],
      [2, 'Identity'],
      [3, 'Individual'],
      [3, 'Relational'],
      [3, 'Systemic'],
      [2, 'Family'],
      [3, 'Individual'],
      [3, 'Relational'],
      [3, 'Systemic'],
      [3, 'Level not coded'],
      [2, 'References'],
    ]);
  });

  it('cites contributing studies in parentheses, then each by name with its key excerpts quoted with their pages', () => {
    expect(markdown).toContain('Paid work and the search for it.');
    expect(markdown).toContain(`Includes Hope; ${HOSTILE_CODE.replace(/[<>|*]/g, '\\$&')}.`);
    expect(markdown).toContain('1 study contributes here (Farrall et al., 2014).');
    expect(markdown).toContain('1 study carries this theme without any level coded (Sampson & Laub, 1993).');
    expect(markdown).toContain('No included study carries this theme at this level.');
    expect(markdown).toContain('**Weaver (2016)** — the theme is coded for the study as a whole; no excerpt.');
    expect(markdown).toContain('**Maruna (2001)**:');
    const quotes = markdownQuotes(markdown);
    expect(quotes.slice(0, 3)).toEqual([
      'Work gave them a stake in conformity. (p. 45)',
      'Employers rarely call back once they see the record. (p. 47)',
      'I had to find a new script for my life. (p. 87) [Hope]',
    ]);
    expect(markdown).toContain('**Farrall et al. (2014)** — 1 of 2 excerpts on this theme:');
    expect(quotes).toContain('I had to find a new script for my life. (p. 87) [Hope]');
    expect(quotes).toContain(`${HOSTILE_EXCERPT} (p. 12) [${HOSTILE_CODE}]`);
    expect(quotes).toContain('A much longer passage about how the family stood by him through the sentence and after release.');
    expect(markdown).toContain('*Memo:* Bond theory');
  });

  it('lists the references as given, escaped, their italics as *…*', () => {
    const references = markdown.slice(markdown.indexOf('## References'));
    expect(references).toContain('Maruna, S. (2001). Desistance. *Probation Journal*, *48*(2), 101–115. https://doi.org/10.1037/10430-000');
    expect(references).toContain('Weaver, B. (2016). *\\*Offending\\* & desistance \\<social\\> \\[relations\\]*. Routledge.');
    expect(references.split('\n\n')).toHaveLength(4);
  });

  it('says so when a study has fewer key excerpts than excerpts on the theme, or none at this level', () => {
    const one = chapterMarkdown(themeSections(data, { themesGroupId: SMALL.themes, levelGroupId: SMALL.level, maxExcerpts: 1 })!, { title: 'C', references: [] });
    expect(one).toContain('**Maruna (2001)** — 1 of 2 excerpts on this theme:');
    const changed = smallSynthesis();
    changed.studies[0]!.codeIds.push(SMALL.individual);
    const other = chapterMarkdown(themeSections(changed, { themesGroupId: SMALL.themes, levelGroupId: SMALL.level })!, { title: 'C', references: [] });
    expect(other).toContain('**Farrall et al. (2014)** — its 2 excerpts on this theme are coded at other levels.');
    expect(one).not.toContain('References');
    expect(one).toContain('(at most 1)');
  });
});
