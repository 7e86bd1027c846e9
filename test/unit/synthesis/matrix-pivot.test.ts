import { describe, expect, it } from 'vitest';
import { buildMatrix, NO_FILTERS } from '../../../src/synthesis/matrix.js';
import { buildPivot, NOT_RECORDED } from '../../../src/synthesis/pivot.js';
import { SMALL, SMALL_COLUMNS, smallSynthesis, synthesisFixture } from '../../support/synthesis-fixture.js';

describe('buildMatrix on the small fixture', () => {
  const data = smallSynthesis();
  const matrix = buildMatrix(data, SMALL_COLUMNS);

  it('has the chosen columns with their codebook context', () => {
    expect(matrix.columns.map((c) => [c.context, c.label])).toEqual([
      ['', 'Level'],
      ['', 'Themes'],
      ['Themes', 'Employment'],
      ['Themes', 'Identity'],
      ['', 'Design'],
      ['', 'Sample size'],
    ]);
  });

  it('says where a column comes from when a code group and an extraction field share a name', () => {
    const both = buildMatrix(data, [{ kind: 'group', codeId: SMALL.jurisdiction }, { kind: 'field', fieldId: SMALL.jurisdictionField }, { kind: 'field', fieldId: SMALL.design }]);
    expect(both.columns.map((c) => [c.context, c.label])).toEqual([['Codebook', 'Jurisdiction'], ['Extraction', 'Jurisdiction'], ['', 'Design']]);
    // Alone, each keeps its plain heading.
    expect(buildMatrix(data, [{ kind: 'field', fieldId: SMALL.jurisdictionField }]).columns.map((c) => c.context)).toEqual(['']);
  });

  it('has one row per included study, by label, with every cell known', () => {
    expect(matrix.total).toBe(5);
    expect(matrix.rows.map((r) => [r.study.label, ...r.cells.map((c) => c.text)])).toEqual([
      ['Farrall et al. (2014)', 'Relational; Systemic', 'Employment', '✓ 2 excerpts', '', 'Qualitative', '113'],
      ['Maruna (2001)', 'Individual', 'Identity', '', '✓ 2 excerpts', 'Qualitative', '65'],
      ['McNeill and Weaver (2010)', 'Relational', 'Family', '', '', 'Mixed methods', ''],
      ['Sampson and Laub (1993)', '', 'Family', '', '', 'Quantitative', '500'],
      ['Weaver (2016)', 'Individual', 'Employment', '✓', '', 'Quantitative', ''],
    ]);
  });

  it('keeps the excerpts behind each code and group cell', () => {
    const ids = (row: number, col: number) => matrix.rows[row]!.cells[col]!.excerpts.map((e) => e.id);
    expect([0, 1, 2, 3, 4].map((r) => ids(r, 0))).toEqual([[1, 2], [3], [5], [], []]);
    expect([0, 1, 2, 3, 4].map((r) => ids(r, 1))).toEqual([[1, 2], [3, 4], [5, 6], [8, 7], []]);
    expect(ids(1, 3)).toEqual([3, 4]);
    expect(matrix.rows[4]!.cells[2]).toMatchObject({ present: true, excerpts: [] });
    expect(matrix.rows[0]!.cells[0]!.codes).toEqual(['Relational', 'Systemic']);
  });

  it('filters by codes (sub-codes included) and by a field value', () => {
    const labels = (filters: Parameters<typeof buildMatrix>[2]) => buildMatrix(data, SMALL_COLUMNS, filters).rows.map((r) => r.study.label);
    expect(labels({ codes: [SMALL.family], field: null })).toEqual(['McNeill and Weaver (2010)', 'Sampson and Laub (1993)']);
    expect(labels({ codes: [], field: { fieldId: SMALL.design, value: 'Quantitative' } })).toEqual(['Sampson and Laub (1993)', 'Weaver (2016)']);
    expect(labels({ codes: [SMALL.identity], field: { fieldId: SMALL.design, value: 'Qualitative' } })).toEqual(['Maruna (2001)']);
    expect(labels({ codes: [SMALL.hope, SMALL.relational], field: null })).toEqual([]);
    expect(buildMatrix(data, SMALL_COLUMNS, { codes: [SMALL.family], field: null }).total).toBe(5);
  });
});

describe('buildPivot on the small fixture', () => {
  const data = smallSynthesis();
  const counts = (pivot: ReturnType<typeof buildPivot>) => pivot!.rows.map((r) => [r.label, ...r.cells.map((c) => c.length), r.studies.length]);

  it('groups rows by a field: its choices (empty ones too), other values, then Not recorded', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level);
    expect(pivot).toMatchObject({ rowsBy: 'Jurisdiction', columnsBy: 'Level', columns: ['Individual', 'Relational', 'Systemic'], studies: 5 });
    expect(counts(pivot)).toEqual([
      ['England and Wales', 1, 1, 1, 2],
      ['Scotland', 0, 1, 0, 1],
      ['Ireland', 0, 0, 0, 0],
      ['United States', 0, 0, 0, 1],
      [NOT_RECORDED, 1, 0, 0, 1],
    ]);
    expect(pivot!.totals).toEqual([2, 2, 1]);
    expect(pivot!.rows[0]!.cells[1]!.map((s) => s.label)).toEqual(['Farrall et al. (2014)']);
    expect(pivot!.rows[4]!.studies.map((s) => s.label)).toEqual(['Weaver (2016)']);
  });

  it('groups rows by a code group, a study without one of its codes under Not recorded', () => {
    const pivot = buildPivot(data, { kind: 'group', codeId: SMALL.jurisdiction }, SMALL.level);
    expect(counts(pivot)).toEqual([
      ['England and Wales', 1, 1, 1, 2],
      ['Scotland', 0, 1, 0, 1],
      [NOT_RECORDED, 1, 0, 0, 2],
    ]);
    expect(pivot!.totals).toEqual([2, 2, 1]);
  });

  it('applies the matrix filters and drops an empty Not recorded row', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level, { codes: [SMALL.family], field: null });
    expect(counts(pivot)).toEqual([
      ['England and Wales', 0, 0, 0, 0],
      ['Scotland', 0, 1, 0, 1],
      ['Ireland', 0, 0, 0, 0],
      ['United States', 0, 0, 0, 1],
    ]);
    expect(pivot!.totals).toEqual([0, 1, 0]);
    expect(pivot!.studies).toBe(2);
  });

  it('answers null for an unknown grouping', () => {
    expect(buildPivot(data, { kind: 'field', fieldId: 99 }, SMALL.level)).toBeNull();
    expect(buildPivot(data, { kind: 'group', codeId: SMALL.jurisdiction }, 99)).toBeNull();
  });
});

describe('synthesisFixture', () => {
  it('is deterministic for a seed and has the framework shape and the asked sizes', () => {
    const a = synthesisFixture({ studies: 200, codes: 60, fields: 20, excerpts: 2000, seed: 7 });
    const b = synthesisFixture({ studies: 200, codes: 60, fields: 20, excerpts: 2000, seed: 7 });
    const c = synthesisFixture({ studies: 200, codes: 60, fields: 20, excerpts: 2000, seed: 8 });
    const flat = (f: typeof a) => JSON.stringify(f.data, (_, v) => (v instanceof Map ? [...v] : v));
    expect(flat(a)).toBe(flat(b));
    expect(flat(a)).not.toBe(flat(c));
    const { data, ids } = a;
    expect(data.codes).toHaveLength(60);
    expect(data.fields).toHaveLength(20);
    expect(data.studies).toHaveLength(200);
    expect(data.studies.reduce((n, s) => n + s.excerpts.length, 0)).toBe(2000);
    expect(data.codes.filter((c) => c.depth === 0).map((c) => c.name)).toEqual(['Level', 'Direction', 'Themes', 'Jurisdiction']);
    expect(ids.levels.map((id) => data.codes.find((c) => c.id === id)!.name)).toEqual(['Individual', 'Relational', 'Systemic']);
    expect(ids.themes).toHaveLength(7);
    // codebook order is depth-first: every code comes right after its parent's earlier siblings' subtrees
    expect(data.codes.map((c) => c.id)).toEqual(data.codes.map((_, i) => i + 1));
    const labels = data.studies.map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect([...labels].sort((x, y) => x.localeCompare(y))).toEqual(labels);
    const matrix = buildMatrix(data, [{ kind: 'group', codeId: ids.levelGroup }], NO_FILTERS);
    expect(matrix.rows.some((r) => r.cells[0]!.text === '')).toBe(true);
  });
});
