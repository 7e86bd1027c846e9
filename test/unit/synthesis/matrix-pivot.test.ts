import { describe, expect, it } from 'vitest';
import { buildMatrix, NO_FILTERS } from '../../../src/synthesis/matrix.js';
import { buildPivot, NOT_RECORDED, pivotCaption, pivotCellText, pivotRowLabel } from '../../../src/synthesis/pivot.js';
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
    expect(labels({ codes: [SMALL.family], field: null, appraisal: [] })).toEqual(['McNeill and Weaver (2010)', 'Sampson and Laub (1993)']);
    expect(labels({ codes: [], field: { fieldId: SMALL.design, value: 'Quantitative' }, appraisal: [] })).toEqual(['Sampson and Laub (1993)', 'Weaver (2016)']);
    expect(labels({ codes: [SMALL.identity], field: { fieldId: SMALL.design, value: 'Qualitative' }, appraisal: [] })).toEqual(['Maruna (2001)']);
    expect(labels({ codes: [SMALL.hope, SMALL.relational], field: null, appraisal: [] })).toEqual([]);
    expect(buildMatrix(data, SMALL_COLUMNS, { codes: [SMALL.family], field: null, appraisal: [] }).total).toBe(5);
  });
});

describe('buildPivot at the study grain (labelled study level)', () => {
  const data = smallSynthesis();
  const study = { grain: 'study' as const };
  const counts = (pivot: ReturnType<typeof buildPivot>) => pivot!.rows.map((r) => [r.label, ...r.cells.map((c) => c.studies.length), r.studies.length]);

  it('groups rows by a field: its choices (empty ones too), other values, then Not recorded', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level, study);
    expect(pivot).toMatchObject({ grain: 'study', rowsBy: 'Jurisdiction', columnsBy: 'Level', columns: ['Individual', 'Relational', 'Systemic'], studies: 5 });
    expect(counts(pivot)).toEqual([
      ['England and Wales', 1, 1, 1, 2],
      ['Scotland', 0, 1, 0, 1],
      ['Ireland', 0, 0, 0, 0],
      ['United States', 0, 0, 0, 1],
      [NOT_RECORDED, 1, 0, 0, 1],
    ]);
    expect(pivot!.totals.map((c) => c.studies.length)).toEqual([2, 2, 1]);
    expect(pivot!.rows[0]!.cells[1]!.studies.map((s) => s.label)).toEqual(['Farrall et al. (2014)']);
    expect(pivot!.rows[4]!.studies.map((s) => s.label)).toEqual(['Weaver (2016)']);
    expect(pivotCellText(pivot!, pivot!.rows[0]!.cells[0]!)).toBe('1');
    expect(pivotCaption(pivot!)).toMatch(/^Study level: .*anywhere/);
  });

  it('groups rows by a code group, a study without one of its codes under Not recorded', () => {
    const pivot = buildPivot(data, { kind: 'group', codeId: SMALL.jurisdiction }, SMALL.level, study);
    expect(counts(pivot)).toEqual([
      ['England and Wales', 1, 1, 1, 2],
      ['Scotland', 0, 1, 0, 1],
      [NOT_RECORDED, 1, 0, 0, 2],
    ]);
  });

  it('applies the matrix filters and drops an empty Not recorded row', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level, { ...study, filters: { codes: [SMALL.family], field: null, appraisal: [] } });
    expect(counts(pivot)).toEqual([
      ['England and Wales', 0, 0, 0, 0],
      ['Scotland', 0, 1, 0, 1],
      ['Ireland', 0, 0, 0, 0],
      ['United States', 0, 0, 0, 1],
    ]);
    expect(pivot!.studies).toBe(2);
  });

  it('counts a study under Relational × Barrier when the two codes are on different excerpts', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level, { ...study, splitGroupId: SMALL.direction });
    expect(pivot!.columns[3]).toBe('Relational · Barrier');
    expect(pivot!.rows[0]!.cells[3]!.studies.map((s) => s.label)).toEqual(['Farrall et al. (2014)']);
  });
});

describe('buildPivot at the excerpt grain (the default)', () => {
  const data = smallSynthesis();
  // [label, "excerpts (studies)" per column, studies in the row]: worked out by hand from the small fixture.
  const counts = (pivot: ReturnType<typeof buildPivot>) => pivot!.rows.map((r) => [r.label, ...r.cells.map((c) => pivotCellText(pivot!, c)), r.studies.length]);

  it('counts the excerpts carrying the column code themselves, with the studies they come from', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level)!;
    expect(pivot.grain).toBe('excerpt');
    // Maruna (2001) is coded Individual as a whole: its Hope excerpt is Individual too, but its
    // excerpt 3 carries Individual itself. Weaver (2016) has no excerpt: it is in no row.
    expect(counts(pivot)).toEqual([
      ['England and Wales', '2 (1)', '1 (1)', '1 (1)', 2],
      ['Scotland', '0 (0)', '1 (1)', '0 (0)', 1],
      ['Ireland', '0 (0)', '0 (0)', '0 (0)', 0],
      ['United States', '0 (0)', '0 (0)', '0 (0)', 1],
    ]);
    expect(pivot.rows[0]!.cells[0]!.excerpts.map((e) => e.id)).toEqual([3, 4]);
    expect(pivot.totals.map((c) => pivotCellText(pivot, c))).toEqual(['2 (1)', '2 (2)', '1 (1)']);
    expect(pivot.studies).toBe(4);
    expect(pivotCaption(pivot)).toMatch(/^Excerpt level: .*on the same excerpt/);
  });

  it('splits columns by direction and never counts two codes on two different excerpts', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level, { splitGroupId: SMALL.direction })!;
    expect(pivot.columnsBy).toBe('Level × Direction');
    expect(pivot.columns).toEqual(['Individual · Facilitator', 'Individual · Barrier', 'Relational · Facilitator', 'Relational · Barrier', 'Systemic · Facilitator', 'Systemic · Barrier']);
    // Farrall's Relational excerpt has no direction and its Barrier excerpt is Systemic: Relational × Barrier is 0 here.
    expect(counts(pivot).slice(0, 2)).toEqual([
      ['England and Wales', '0 (0)', '0 (0)', '0 (0)', '0 (0)', '0 (0)', '1 (1)', 2],
      // McNeill and Weaver are coded Facilitator as a whole: their Relational excerpt inherits it.
      ['Scotland', '0 (0)', '0 (0)', '1 (1)', '0 (0)', '0 (0)', '0 (0)', 1],
    ]);
  });

  it('puts each excerpt in the rows of the group codes it carries, inheriting its study’s', () => {
    const pivot = buildPivot(data, { kind: 'group', codeId: SMALL.jurisdiction }, SMALL.level)!;
    expect(counts(pivot)).toEqual([
      ['England and Wales', '2 (1)', '1 (1)', '1 (1)', 2],
      ['Scotland', '0 (0)', '1 (1)', '0 (0)', 1],
      [NOT_RECORDED, '0 (0)', '0 (0)', '0 (0)', 1],
    ]);
  });

  it('filters excerpts by code: only excerpts carrying the theme count', () => {
    const pivot = buildPivot(data, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level, { filters: { codes: [SMALL.family], field: null, appraisal: [] } })!;
    expect(counts(pivot)).toEqual([
      ['England and Wales', '0 (0)', '0 (0)', '0 (0)', 0],
      ['Scotland', '0 (0)', '1 (1)', '0 (0)', 1],
      ['Ireland', '0 (0)', '0 (0)', '0 (0)', 0],
      ['United States', '0 (0)', '0 (0)', '0 (0)', 1],
    ]);
    expect(pivot.studies).toBe(2);
  });

  it('groups "Other: Australia" and "Other: New Zealand" under one Other row that names them', () => {
    const other = smallSynthesis();
    other.fields[2] = { ...other.fields[2]!, choices: ['England and Wales', 'Scotland', 'Other'] };
    other.studies[3]!.fields.set(3, 'Other: New Zealand');
    other.studies[2]!.fields.set(3, 'Other: Australia');
    const pivot = buildPivot(other, { kind: 'field', fieldId: SMALL.jurisdictionField }, SMALL.level)!;
    expect(pivot.rows.map((r) => pivotRowLabel(r))).toEqual(['England and Wales', 'Scotland', 'Other (Australia, New Zealand)']);
    expect(pivot.rows[2]!.studies).toHaveLength(2);
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
