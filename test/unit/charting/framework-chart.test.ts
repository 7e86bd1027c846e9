import { describe, expect, it } from 'vitest';
import { ALL_JURISDICTIONS, frameworkChart, studyThemeCells, type FrameworkChart } from '../../../src/charting/framework-chart.js';
import { cellEvidence, frameworkAxes, studiesOf } from '../../../src/synthesis/framework-axes.js';
import type { SynthesisData } from '../../../src/synthesis/synthesis-data.js';
import { SMALL, smallSynthesis, synthesisFixture } from '../../support/synthesis-fixture.js';

/** Every non-empty cell as "jurisdiction|theme|column": "excerpts/studies". */
function nonEmpty(chart: FrameworkChart): Record<string, string> {
  const out: Record<string, string> = {};
  for (const jurisdiction of [ALL_JURISDICTIONS, ...chart.jurisdictions]) {
    chart.themes.forEach((theme, t) =>
      chart.columns.forEach((column, c) => {
        const cell = chart.cell(jurisdiction, t, c);
        if (cell.excerpts > 0) out[`${jurisdiction || 'All'}|${theme.code.name}|${column.label}`] = `${cell.excerpts}/${cell.studies}`;
      }),
    );
  }
  return out;
}

function chartOf(data: SynthesisData): FrameworkChart {
  return frameworkChart(data, frameworkAxes(data)!);
}

describe('the framework chart', () => {
  it('counts the small review by hand: excerpts carrying theme, level and direction themselves, and their studies', () => {
    const chart = chartOf(smallSynthesis());
    expect(chart.themes.map((t) => t.code.name)).toEqual(['Employment', 'Identity', 'Family']);
    expect(chart.columns.map((c) => c.label)).toEqual([
      'Theme as a whole',
      'Individual · Facilitator', 'Individual · Barrier',
      'Relational · Facilitator', 'Relational · Barrier',
      'Systemic · Facilitator', 'Systemic · Barrier',
    ]);
    // The field's list, then what the evidence holds beyond it (Sampson and Laub's United States).
    expect(chart.jurisdictions).toEqual(['England and Wales', 'Scotland', 'Ireland', 'United States']);
    expect(nonEmpty(chart)).toEqual({
      // Farrall: e1 Employment + Relational (no direction), e2 Employment + Systemic + Barrier.
      'All|Employment|Theme as a whole': '2/1',
      'All|Employment|Systemic · Barrier': '1/1',
      // Maruna: Hope and the hostile sub-code count under Identity; Individual (e4's from the study) but no direction.
      'All|Identity|Theme as a whole': '2/1',
      // McNeill and Weaver e5, e6 and Sampson and Laub e7, e8; only e5 carries a level, with the study's Facilitator.
      'All|Family|Theme as a whole': '4/2',
      'All|Family|Relational · Facilitator': '1/1',
      'England and Wales|Employment|Theme as a whole': '2/1',
      'England and Wales|Employment|Systemic · Barrier': '1/1',
      'England and Wales|Identity|Theme as a whole': '2/1',
      'Scotland|Family|Theme as a whole': '2/1',
      'Scotland|Family|Relational · Facilitator': '1/1',
      'United States|Family|Theme as a whole': '2/1',
    });
  });

  it('does not count a level on one excerpt and the direction on another of the same study', () => {
    const chart = chartOf(smallSynthesis());
    // Farrall et al. carry Employment, Relational (e1) and Barrier (e2), never on one excerpt.
    const employment = chart.themes.findIndex((t) => t.code.id === SMALL.employment);
    const relationalBarrier = chart.columns.findIndex((c) => c.level?.id === SMALL.relational && c.direction?.id === SMALL.barrier);
    expect(chart.cell(ALL_JURISDICTIONS, employment, relationalBarrier)).toEqual({ excerpts: 0, studies: 0 });
  });

  it('lists emergent themes after the a-priori ones, marked', () => {
    const data = smallSynthesis();
    data.codes = data.codes.map((c) => (c.id === SMALL.employment ? { ...c, origin: 'emergent' } : c));
    const chart = chartOf(data);
    expect(chart.themes.map((t) => [t.code.name, t.emergent])).toEqual([['Identity', false], ['Family', false], ['Employment', true]]);
    expect(chart.cell(ALL_JURISDICTIONS, 2, 0)).toEqual({ excerpts: 2, studies: 1 });
  });

  it('has one column per level when the codebook has no direction group', () => {
    const data = smallSynthesis();
    data.codes = data.codes.filter((c) => c.id !== SMALL.direction && c.parentId !== SMALL.direction);
    const chart = chartOf(data);
    expect(chart.columns.map((c) => c.label)).toEqual(['Theme as a whole', 'Individual', 'Relational', 'Systemic']);
    expect(chart.cell(ALL_JURISDICTIONS, 0, 2)).toEqual({ excerpts: 1, studies: 1 }); // Employment · Relational: e1
    expect(chart.cell(ALL_JURISDICTIONS, 1, 1)).toEqual({ excerpts: 2, studies: 1 }); // Identity · Individual: e3, e4
  });

  it('equals cellEvidence in every cell of every jurisdiction of a generated review', () => {
    const { data } = synthesisFixture({ studies: 150, codes: 30, excerpts: 1_500, seed: 7 });
    const axes = frameworkAxes(data)!;
    const chart = frameworkChart(data, axes);
    let checked = 0;
    for (const jurisdiction of [ALL_JURISDICTIONS, ...chart.jurisdictions]) {
      chart.themes.forEach((theme, t) =>
        chart.columns.forEach((column, c) => {
          const items = cellEvidence(data, axes, { themeId: theme.code.id, levelId: column.level?.id ?? null, directionId: column.direction?.id ?? null, jurisdiction: jurisdiction || null });
          expect(chart.cell(jurisdiction, t, c), `${jurisdiction}|${theme.code.name}|${column.label}`).toEqual({ excerpts: items.length, studies: studiesOf(items).length });
          if (items.length > 0) checked++;
        }),
      );
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('counts study × theme at the excerpt grain, with the theme applied to a whole study marked', () => {
    const data = smallSynthesis();
    const chart = chartOf(data);
    const cells = studyThemeCells(data, chart.themes, data.studies);
    expect(data.studies.map((s, i) => [s.label, cells[i]!.map((c) => `${c.excerpts}${c.wholeStudy ? '+whole' : ''}`)])).toEqual([
      ['Farrall et al. (2014)', ['2', '0', '0']],
      ['Maruna (2001)', ['0', '2', '0']],
      ['McNeill and Weaver (2010)', ['0', '0', '2']],
      ['Sampson and Laub (1993)', ['0', '0', '2']],
      ['Weaver (2016)', ['0+whole', '0', '0']],
    ]);
  });
});
