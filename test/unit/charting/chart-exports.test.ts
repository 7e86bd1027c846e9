import { describe, expect, it } from 'vitest';
import { chartDocument } from '../../../src/charting/chart-document.js';
import { chartDocx } from '../../../src/charting/chart-docx.js';
import { frameworkCellKey, studyCellKey, type ChartSummaries } from '../../../src/charting/chart-summaries.js';
import { chartXlsx } from '../../../src/charting/chart-xlsx.js';
import { frameworkAxes } from '../../../src/synthesis/framework-axes.js';
import { readDocx, readXlsx, sheetValues } from '../../support/office-files.js';
import { SMALL, smallSynthesis } from '../../support/synthesis-fixture.js';

const HOSTILE_SUMMARY = '=HYPERLINK("http://evil.example")<script>x</script> ]]>';

/** The small review (see synthesis-fixture.ts), its Ireland renamed "England/Wales: North" to test sheet names, with two summaries. */
function small() {
  const data = smallSynthesis();
  data.fields = data.fields.map((f) => (f.id === SMALL.jurisdictionField ? { ...f, choices: ['England and Wales', 'Scotland', 'England/Wales: North [old]'] } : f));
  const summaries: ChartSummaries = {
    framework: new Map([[frameworkCellKey({ themeId: SMALL.family, levelId: SMALL.relational, directionId: SMALL.facilitator, jurisdiction: 'Scotland' }), { text: HOSTILE_SUMMARY, by: 'Ada', at: '2026-12-07T10:00:00Z' }]]),
    studies: new Map([[studyCellKey(105, SMALL.employment), { text: 'Employment only at the study level.', by: 'Ada', at: '2026-12-07T10:00:00Z' }]]),
    jurisdictions: new Set(['Scotland']),
  };
  return chartDocument(data, frameworkAxes(data)!, summaries, 'Framework chart: desistance');
}

describe('the framework chart downloads', () => {
  it('write a sheet per jurisdiction and the study × theme sheet, cells as summary then counts, text neutralised', async () => {
    const workbook = await readXlsx(await chartXlsx(small()));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['All jurisdictions', 'England and Wales', 'Scotland', 'England Wales North old', 'United States', 'Study × theme']);
    const scotland = sheetValues(workbook.getWorksheet('Scotland')!);
    expect(scotland[0]![0]).toBe('Scotland. Counts are excerpts carrying the theme (or a sub-code), the level and the direction, and the studies they come from (excerpt grain: an excerpt carries the codes coded on it, and a group’s codes applied to its whole study when it has none of that group).');
    expect(scotland[1]).toEqual(['Theme', 'Theme as a whole', 'Individual · Facilitator', 'Individual · Barrier', 'Relational · Facilitator', 'Relational · Barrier', 'Systemic · Facilitator', 'Systemic · Barrier']);
    expect(scotland[4]).toEqual(['Family', '2 excerpts from 1 study', 'no excerpts', 'no excerpts', `'${HOSTILE_SUMMARY}\n\n1 excerpt from 1 study`, 'no excerpts', 'no excerpts', 'no excerpts']);
    const studies = sheetValues(workbook.getWorksheet('Study × theme')!);
    expect(studies.slice(1)).toEqual([
      ['Study', 'Employment', 'Identity', 'Family'],
      ['Farrall et al. (2014)', '2 excerpts', 'no excerpts', 'no excerpts'],
      ['Maruna (2001)', 'no excerpts', '2 excerpts', 'no excerpts'],
      ['McNeill and Weaver (2010)', 'no excerpts', 'no excerpts', '2 excerpts'],
      ['Sampson and Laub (1993)', 'no excerpts', 'no excerpts', '2 excerpts'],
      ['Weaver (2016)', 'Employment only at the study level.\n\nno excerpts (whole study)', 'no excerpts', 'no excerpts'],
    ]);
  });

  it('write the same tables to Word, under a heading and a grain line each', async () => {
    const content = await readDocx(await chartDocx(small()));
    expect(content.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual([
      'Theme × level × direction: All jurisdictions',
      'Theme × level × direction: England and Wales',
      'Theme × level × direction: Scotland',
      'Theme × level × direction: England/Wales: North [old]',
      'Theme × level × direction: United States',
      'Study × theme',
    ]);
    expect(content.tables).toHaveLength(6);
    expect(content.tables[2]![3]).toEqual(['Family', '2 excerpts from 1 study', 'no excerpts', 'no excerpts', `${HOSTILE_SUMMARY}\n1 excerpt from 1 study`, 'no excerpts', 'no excerpts', 'no excerpts']);
    expect(content.tables[0]![1]).toEqual(['Employment', '2 excerpts from 1 study', 'no excerpts', 'no excerpts', 'no excerpts', 'no excerpts', 'no excerpts', '1 excerpt from 1 study']);
    expect(content.tables[5]![5]).toEqual(['Weaver (2016)', 'Employment only at the study level.\nno excerpts (whole study)', 'no excerpts', 'no excerpts']);
    expect(content.xml).not.toContain('<script>');
  });
});
