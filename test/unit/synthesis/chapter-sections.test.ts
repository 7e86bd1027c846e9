import { describe, expect, it } from 'vitest';
import { chapterSections, LEVEL_NOT_CODED, type ChapterSections } from '../../../src/synthesis/chapter-sections.js';
import { frameworkAxes } from '../../../src/synthesis/framework-axes.js';
import { SMALL, smallSynthesis, synthesisFixture } from '../../support/synthesis-fixture.js';

const data = smallSynthesis();
const axes = frameworkAxes(data)!;

/** [theme, excerpts, [cell label, ["Study: key excerpt ids of n"]]] for the cells holding evidence. */
const shape = (s: ChapterSections) =>
  s.themes.map((t) => [
    t.theme.name,
    t.excerpts,
    t.cells.filter((c) => c.excerpts > 0).map((c) => [c.label, c.studies.map((e) => `${e.study.label}: ${e.keyExcerpts.map((k) => k.id).join(',')} of ${e.excerpts.length}`)]),
  ]);

describe('chapterSections at the excerpt grain', () => {
  const sections = chapterSections(data, axes);

  it('finds the framework’s axes by name: themes, levels, directions and the jurisdiction field', () => {
    expect([axes.themes.name, axes.levels.name, axes.directions?.name]).toEqual(['Themes', 'Level', 'Direction']);
    expect(axes.jurisdiction).toMatchObject({ kind: 'field', field: { label: 'Jurisdiction' } });
  });

  it('puts each excerpt under the level and direction it carries together with the theme (worked by hand)', () => {
    // Effective codes: Farrall e1 Employment+Relational, e2 Employment+Systemic+Barrier; Maruna (Individual
    // as a whole) e3 Hope+Individual, e4 Shame→Individual; McNeill (Facilitator as a whole) e5
    // Family+Relational→Facilitator, e6 Family→Facilitator; Sampson e8 Family, e7 Family+Facilitator.
    expect(shape(sections)).toEqual([
      ['Employment', 2, [
        ['Relational · direction not coded', ['Farrall et al. (2014): 1 of 1']],
        ['Systemic · Barrier', ['Farrall et al. (2014): 2 of 1']],
      ]],
      ['Identity', 2, [['Individual · direction not coded', [expect.stringMatching(/^Maruna \(2001\): (3,4|4,3) of 2$/)]]]],
      ['Family', 4, [
        ['Relational · Facilitator', ['McNeill and Weaver (2010): 5 of 1']],
        [LEVEL_NOT_CODED, ['McNeill and Weaver (2010): 6 of 1', 'Sampson and Laub (1993): 7,8 of 2']],
      ]],
    ]);
  });

  it('never joins a level and a direction found on two different excerpts of one study', () => {
    const employment = sections.themes[0]!;
    const relationalBarrier = employment.cells.find((c) => c.label === 'Relational · Barrier')!;
    expect(relationalBarrier.excerpts).toBe(0);
    // Empty level × direction cells stay (a gap is worth seeing); empty "direction not coded" ones do not.
    expect(employment.cells.map((c) => c.label)).toEqual([
      'Individual · Facilitator', 'Individual · Barrier',
      'Relational · Facilitator', 'Relational · Barrier', 'Relational · direction not coded',
      'Systemic · Facilitator', 'Systemic · Barrier',
    ]);
  });

  it('names studies that carry the theme only on the study as a whole, with nothing to quote', () => {
    expect(sections.themes[0]!.wholeStudyOnly.map((s) => s.label)).toEqual(['Weaver (2016)']);
    expect(sections.themes[0]!.studies.map((s) => s.label)).toEqual(['Farrall et al. (2014)']);
  });

  it('compares jurisdictions in each sub-section holding evidence, with values outside the list after it', () => {
    const family = sections.themes[2]!;
    expect(family.jurisdictions.map((r) => [r.label, ...r.counts.map((c) => `${c.excerpts} (${c.studies})`)])).toEqual([
      ['England and Wales', '0 (0)', '0 (0)'],
      ['Scotland', '1 (1)', '1 (1)'],
      ['Ireland', '0 (0)', '0 (0)'],
      ['United States', '0 (0)', '2 (1)'],
    ]);
  });

  it('carries in the charted summaries, the appraisals and the findings on each theme', () => {
    const summaries = new Map([[`${SMALL.family}:0:0`, 'Families anchor change.'], [`${SMALL.family}:${SMALL.relational}:${SMALL.facilitator}`, 'Kin as a resource.']]);
    const result = chapterSections(data, axes, {
      summaryOf: (theme, level, direction) => summaries.get(`${theme}:${level ?? 0}:${direction ?? 0}`) ?? null,
      appraisals: new Map([[103, 'High (CASP Qualitative Studies Checklist)']]),
      findings: [
        { number: 1, statement: 'Families help.', themeId: SMALL.family, confidence: 'Moderate confidence', explanation: 'Minor concerns.', studyIds: [103] },
        { number: 2, statement: 'Hope matters.', themeId: SMALL.hope, confidence: null, explanation: '', studyIds: [102] },
        { number: 3, statement: 'Unthemed.', themeId: null, confidence: null, explanation: '', studyIds: [] },
      ],
    });
    const family = result.themes[2]!;
    expect(family.summary).toBe('Families anchor change.');
    expect(family.cells.find((c) => c.label === 'Relational · Facilitator')!.summary).toBe('Kin as a resource.');
    expect(family.cells.find((c) => c.label === 'Relational · Facilitator')!.studies[0]!.appraisal).toBe('High (CASP Qualitative Studies Checklist)');
    expect(family.findings.map((f) => f.number)).toEqual([1]);
    // A finding on a sub-code belongs to its theme.
    expect(result.themes[1]!.findings.map((f) => f.number)).toEqual([2]);
    expect(result.otherFindings.map((f) => f.number)).toEqual([3]);
  });

  it('caps key excerpts, the longest first', () => {
    const one = chapterSections(data, axes, { maxExcerpts: 1 });
    const sampson = one.themes[2]!.cells.at(-1)!.studies[1]!;
    expect([sampson.study.label, sampson.keyExcerpts.map((e) => e.id), sampson.excerpts.length]).toEqual(['Sampson and Laub (1993)', [7], 2]);
  });

  it('on generated data, counts every theme excerpt once in its level × direction cells or under Level not coded', () => {
    const { data: big } = synthesisFixture({ studies: 300, excerpts: 3000, seed: 3 });
    const result = chapterSections(big, frameworkAxes(big)!);
    for (const theme of result.themes) {
      const placed = new Set(theme.cells.flatMap((c) => c.studies.flatMap((s) => s.excerpts)));
      expect(placed.size).toBe(theme.excerpts);
      for (const cell of theme.cells) for (const entry of cell.studies) expect(entry.keyExcerpts.length).toBeLessThanOrEqual(Math.min(3, entry.excerpts.length));
    }
  });
});
