import { describe, expect, it } from 'vitest';
import { evidenceSummary } from '../../../src/synthesis/evidence.js';
import { HOSTILE_CODE, SMALL, smallSynthesis } from '../../support/synthesis-fixture.js';

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
