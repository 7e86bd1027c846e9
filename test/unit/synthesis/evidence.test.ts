import { describe, expect, it } from 'vitest';
import { evidenceSummary, LEVEL_NOT_CODED, themeSections, type ThemeSections } from '../../../src/synthesis/evidence.js';
import { HOSTILE_CODE, SMALL, smallSynthesis, synthesisFixture } from '../../support/synthesis-fixture.js';

const data = smallSynthesis();

describe('evidenceSummary', () => {
  it('lists the studies carrying a code or a sub-code, with their excerpts and which sub-code each carries', () => {
    const summary = evidenceSummary(data, SMALL.identity)!;
    expect(summary.code.path).toEqual(['Themes', 'Identity']);
    expect(summary.code.description).toBe('Narratives of a changed self.');
    expect(summary.subCodes.map((c) => c.name)).toEqual(['Hope', HOSTILE_CODE]);
    expect(summary.excerptCount).toBe(2);
    expect(summary.studies.map((s) => [s.study.label, s.studyLevel, s.excerpts.map((e) => [e.excerpt.id, e.codes])])).toEqual([
      ['Maruna (2001)', false, [[3, ['Hope']], [4, [HOSTILE_CODE]]]],
    ]);
    expect(summary.studies[0]!.excerpts[1]!.excerpt).toMatchObject({ location: 'p. 12', memo: 'Hostile | memo <b>bold</b>' });
  });

  it('counts a code applied to the study as a whole, with no excerpt, and orders studies by label', () => {
    const summary = evidenceSummary(data, SMALL.employment)!;
    expect(summary.studies.map((s) => [s.study.label, s.studyLevel, s.excerpts.map((e) => e.excerpt.id)])).toEqual([
      ['Farrall et al. (2014)', false, [1, 2]],
      ['Weaver (2016)', true, []],
    ]);
    const level = evidenceSummary(data, SMALL.level)!;
    expect(level.studies.map((s) => [s.study.label, s.studyLevel, s.excerpts.map((e) => e.codes.join())])).toEqual([
      ['Farrall et al. (2014)', false, ['Relational', 'Systemic']],
      ['Maruna (2001)', true, ['Individual']],
      ['McNeill and Weaver (2010)', false, ['Relational']],
      ['Weaver (2016)', true, []],
    ]);
    expect(level.excerptCount).toBe(4);
  });

  it('answers null for a code not in the codebook', () => {
    expect(evidenceSummary(data, 999)).toBeNull();
  });
});

describe('themeSections', () => {
  const sections = themeSections(data, { themesGroupId: SMALL.themes, levelGroupId: SMALL.level })!;
  const shape = (s: ThemeSections) =>
    s.themes.map((t) => [t.theme.name, t.studyCount, t.levels.map((l) => [l.label, l.studies.map((e) => `${e.study.label}: ${e.keyExcerpts.map((k) => k.excerpt.id).join(',')} of ${e.themeExcerpts}`)])]);

  it('has a section per theme in codebook order and a subsection per level (empty ones too)', () => {
    expect(sections.themesGroup.name).toBe('Themes');
    expect(sections.levelGroup.name).toBe('Level');
    expect(sections.maxExcerpts).toBe(3);
    expect(shape(sections)).toEqual([
      ['Employment', 2, [
        ['Individual', ['Weaver (2016):  of 0']],
        ['Relational', ['Farrall et al. (2014): 1 of 2']],
        ['Systemic', ['Farrall et al. (2014): 2 of 2']],
      ]],
      ['Identity', 1, [
        ['Individual', ['Maruna (2001): 3,4 of 2']],
        ['Relational', []],
        ['Systemic', []],
      ]],
      ['Family', 2, [
        ['Individual', []],
        ['Relational', ['McNeill and Weaver (2010): 5,6 of 2']],
        ['Systemic', []],
        [LEVEL_NOT_CODED, ['Sampson and Laub (1993): 7,8 of 2']],
      ]],
    ]);
    expect(sections.themes[1]!.subCodes.map((c) => c.name)).toEqual(['Hope', HOSTILE_CODE]);
    expect(sections.themes[2]!.levels[3]!.level).toBeNull();
    expect(sections.citedStudies.map((s) => s.label)).toEqual(data.studies.map((s) => s.label));
  });

  it('picks key excerpts: with this level first, then with no level, longest first within; never other levels only; capped', () => {
    // Farrall, Relational: e1 carries Relational; e2 carries Systemic only, so it is quoted under Systemic alone.
    expect(sections.themes[0]!.levels[1]!.studies[0]!.keyExcerpts.map((k) => k.excerpt.id)).toEqual([1]);
    // Maruna, Individual: e3 carries Individual, e4 no level.
    expect(sections.themes[1]!.levels[0]!.studies[0]!.keyExcerpts.map((k) => k.excerpt.id)).toEqual([3, 4]);
    // Sampson, no level: e7 is longer than e8, which comes first in the study.
    expect(sections.themes[2]!.levels[3]!.studies[0]!.keyExcerpts.map((k) => k.excerpt.id)).toEqual([7, 8]);
    const one = themeSections(data, { themesGroupId: SMALL.themes, levelGroupId: SMALL.level, maxExcerpts: 1 })!;
    expect(shape(one)[2]).toEqual(['Family', 2, [
      ['Individual', []],
      ['Relational', ['McNeill and Weaver (2010): 5 of 2']],
      ['Systemic', []],
      [LEVEL_NOT_CODED, ['Sampson and Laub (1993): 7 of 2']],
    ]]);
    expect(one.themes[1]!.levels[0]!.studies[0]!.keyExcerpts.map((k) => k.codes)).toEqual([['Hope']]);
  });

  it('lists a study carrying a level elsewhere under it, without quoting its excerpts coded at other levels', () => {
    const changed = smallSynthesis();
    changed.studies[0]!.codeIds.push(SMALL.individual); // Farrall: Individual on the study as a whole
    const result = themeSections(changed, { themesGroupId: SMALL.themes, levelGroupId: SMALL.level })!;
    expect(shape(result)[0]![2]).toEqual([
      ['Individual', ['Farrall et al. (2014):  of 2', 'Weaver (2016):  of 0']],
      ['Relational', ['Farrall et al. (2014): 1 of 2']],
      ['Systemic', ['Farrall et al. (2014): 2 of 2']],
    ]);
  });

  it('answers null when a group is missing', () => {
    expect(themeSections(data, { themesGroupId: 999, levelGroupId: SMALL.level })).toBeNull();
    expect(themeSections(data, { themesGroupId: SMALL.themes, levelGroupId: 999 })).toBeNull();
  });

  it('on generated data, puts every study carrying a theme under each level it carries or under Level not coded', () => {
    const { data: big, ids } = synthesisFixture({ studies: 300, excerpts: 3000, seed: 3 });
    const result = themeSections(big, { themesGroupId: ids.themesGroup, levelGroupId: ids.levelGroup })!;
    expect(result.themes.map((t) => t.theme.id)).toEqual(ids.themes);
    for (const theme of result.themes) {
      const inSections = new Set(theme.levels.flatMap((l) => l.studies.map((s) => s.study.id)));
      expect(inSections.size).toBe(theme.studyCount);
      for (const level of theme.levels) for (const entry of level.studies) expect(entry.keyExcerpts.length).toBeLessThanOrEqual(Math.min(3, entry.themeExcerpts));
    }
    expect(result.themes.some((t) => t.levels.at(-1)!.label === LEVEL_NOT_CODED)).toBe(true);
  });
});
