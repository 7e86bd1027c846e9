/**
 * The pivot: rows by a field's value or by the codes of a group (Jurisdiction, say), columns by the
 * codes of another group (Level), optionally split by a third (Direction: Individual · Enables…).
 *
 * At the excerpt grain (the default: excerpt-codes.ts) a cell holds the excerpts that carry its
 * column's code (and split's code), from studies in its row; it shows how many excerpts
 * and from how many studies. At the study grain (labelled as such) a cell holds the studies
 * carrying the codes anywhere, as before. Rows by a field are the study's value ("Other: Australia"
 * under "Other"); rows by a group are the codes each excerpt (or study) carries. An excerpt or study
 * in two rows counts in both; totals count each once. Nothing falls out: without a row value it
 * goes to "Not recorded".
 */
import { splitJurisdiction } from '../extraction/field-types.js';
import { excerptCodeIndex, holds, type Grain } from './excerpt-codes.js';
import { filterStudies, NO_FILTERS, type MatrixFilters } from './matrix.js';
import { codeAndDescendants, studyHasCode, type SynthesisData, type SynthesisExcerpt, type SynthesisStudy } from './synthesis-data.js';

export type RowGrouping = { kind: 'field'; fieldId: number } | { kind: 'group'; codeId: number };

export interface PivotCell {
  /** Distinct studies in the cell (at the excerpt grain: those the cell's excerpts come from). */
  studies: SynthesisStudy[];
  /** The cell's excerpts (excerpt grain only; [] at the study grain). */
  excerpts: SynthesisExcerpt[];
}

export interface PivotRow {
  label: string;
  /** For "Other": the names typed ("Australia, New Zealand"); '' otherwise. */
  detail: string;
  /** Studies in the row (at the excerpt grain: with at least one excerpt in the row). */
  studies: SynthesisStudy[];
  cells: PivotCell[];
}

export interface Pivot {
  grain: Grain;
  rowsBy: string;
  /** Rows by an extraction field's value (a study's) or by a code group's codes. */
  rowsKind: RowGrouping['kind'];
  columnsBy: string;
  columns: string[];
  rows: PivotRow[];
  /** Per column: distinct studies and excerpts over all rows. */
  totals: PivotCell[];
  /** Studies counted: at the excerpt grain those with an excerpt in the pivot, at the study grain all filtered in. */
  studies: number;
}

export interface PivotOptions {
  filters?: MatrixFilters;
  grain?: Grain;
  /** A group whose codes split each column (Direction). */
  splitGroupId?: number | null;
}

export const NOT_RECORDED = 'Not recorded';

/** A cell's number as every output shows it: "7 (4)" = 7 excerpts from 4 studies; a study count at the study grain. */
export function pivotCellText(pivot: Pick<Pivot, 'grain'>, cell: PivotCell): string {
  return pivot.grain === 'excerpt' ? `${cell.excerpts.length} (${cell.studies.length})` : String(cell.studies.length);
}

/** A row's heading: "Other (Australia, New Zealand)" names the jurisdictions grouped under Other. */
export function pivotRowLabel(row: Pick<PivotRow, 'label' | 'detail'>): string {
  return row.detail === '' ? row.label : `${row.label} (${row.detail})`;
}

/** One sentence saying what the numbers count, for every output that shows them. */
export function pivotCaption(pivot: Pick<Pivot, 'grain' | 'rowsBy' | 'rowsKind' | 'columnsBy'>): string {
  const which = pivot.rowsKind === 'field'
    ? `carrying its ${pivot.columnsBy} on the same excerpt, from studies whose ${pivot.rowsBy} is the row’s`
    : `carrying both its ${pivot.rowsBy} and its ${pivot.columnsBy} on the same excerpt`;
  return pivot.grain === 'excerpt'
    ? `Excerpt level: each cell counts the excerpts ${which}, with the number of studies they come from in brackets (an excerpt carries the codes coded on it, and a group’s codes applied to its whole study when it has none of that group); an excerpt in two rows counts in both, the totals count each once.`
    : `Study level: each cell counts the studies carrying both codes anywhere (on the study or on any of its excerpts, not necessarily the same one); a study in two rows counts in both, the totals count each once.`;
}

interface Column {
  name: string;
  ids: ReadonlySet<number>[];
}

export function buildPivot(data: SynthesisData, rowsBy: RowGrouping, columnGroupId: number, options: PivotOptions = {}): Pivot | null {
  const filters = options.filters ?? NO_FILTERS;
  const grain = options.grain ?? 'excerpt';
  const codes = new Map(data.codes.map((c) => [c.id, c]));
  const columnGroup = codes.get(columnGroupId);
  const rowName = rowsBy.kind === 'field' ? data.fields.find((f) => f.id === rowsBy.fieldId)?.label : codes.get(rowsBy.codeId)?.name;
  if (!columnGroup || rowName === undefined) return null;
  const split = options.splitGroupId != null && options.splitGroupId !== columnGroupId ? (codes.get(options.splitGroupId) ?? null) : null;

  const children = (groupId: number) => (codes.get(groupId)?.childIds ?? []).map((id) => ({ name: codes.get(id)!.name, ids: new Set(codeAndDescendants(data, id)) }));
  const columns: Column[] = split
    ? children(columnGroup.id).flatMap((c) => children(split.id).map((s) => ({ name: `${c.name} · ${s.name}`, ids: [c.ids, s.ids] })))
    : children(columnGroup.id).map((c) => ({ name: c.name, ids: [c.ids] }));
  const studies = filterStudies(data, grain === 'excerpt' ? { ...filters, codes: [] } : filters);
  const rows = grain === 'excerpt' ? excerptRows(data, studies, rowsBy, columns, filters) : studyRows(data, studies, rowsBy, columns);
  const totals = columns.map((_, i) => {
    const excerpts = new Set(rows.flatMap((r) => r.cells[i]!.excerpts));
    const inCell = new Set(rows.flatMap((r) => r.cells[i]!.studies));
    return { studies: studies.filter((s) => inCell.has(s)), excerpts: [...excerpts] };
  });
  // At the excerpt grain the pivot holds the studies its excerpts come from; at the study grain, every study filtered in.
  const counted = grain === 'excerpt' ? new Set(rows.flatMap((r) => r.studies)).size : studies.length;
  return { grain, rowsBy: rowName, rowsKind: rowsBy.kind, columnsBy: split ? `${columnGroup.name} × ${split.name}` : columnGroup.name, columns: columns.map((c) => c.name), rows, totals, studies: counted };
}

/** Row keys and labels in a stable order: the form's choices or the group's codes (empty ones too), then other values A–Z, then "Not recorded". */
interface RowKeys {
  fixed: string[];
  /** The row labels of a study (and excerpt), with "Other"'s typed detail. */
  of: (study: SynthesisStudy, excerpt: SynthesisExcerpt | null) => Array<{ label: string; detail: string }>;
}

function rowKeys(data: SynthesisData, rowsBy: RowGrouping, grain: Grain): RowKeys {
  if (rowsBy.kind === 'field') {
    const field = data.fields.find((f) => f.id === rowsBy.fieldId)!;
    const choices = new Map(field.choices.map((c) => [c.toLocaleLowerCase(), c]));
    return {
      fixed: [...field.choices],
      of: (study) => {
        const value = study.fields.get(field.id) ?? '';
        if (value === '') return [];
        if (field.kind !== 'jurisdiction') return [{ label: value, detail: '' }];
        const { choice, detail } = splitJurisdiction(value);
        return [{ label: choices.get(choice.toLocaleLowerCase()) ?? choice, detail }];
      },
    };
  }
  const values = children(data, rowsBy.codeId);
  const codesOf = excerptCodeIndex(data);
  return {
    fixed: values.map((v) => v.name),
    of: (study, excerpt) =>
      values.filter((v) => (grain === 'excerpt' && excerpt ? holds(codesOf(excerpt), v.ids) : studyHasCode(study, v.ids))).map((v) => ({ label: v.name, detail: '' })),
  };
}

function children(data: SynthesisData, groupId: number) {
  const codes = new Map(data.codes.map((c) => [c.id, c]));
  return (codes.get(groupId)?.childIds ?? []).map((id) => ({ name: codes.get(id)!.name, ids: new Set(codeAndDescendants(data, id)) }));
}

interface RowBuilder {
  label: string;
  details: Set<string>;
  studies: Set<SynthesisStudy>;
  cells: Array<{ studies: Set<SynthesisStudy>; excerpts: SynthesisExcerpt[] }>;
}

function collect(keys: RowKeys, columns: readonly Column[]) {
  const rows = new Map<string, RowBuilder>();
  const row = (label: string): RowBuilder => {
    let found = rows.get(label);
    if (!found) rows.set(label, (found = { label, details: new Set(), studies: new Set(), cells: columns.map(() => ({ studies: new Set(), excerpts: [] })) }));
    return found;
  };
  for (const label of keys.fixed) row(label);
  /** The rows of these labels (noting "Other"'s names), or "Not recorded" when there are none. */
  const rowsOf = (labels: ReadonlyArray<{ label: string; detail: string }>): RowBuilder[] =>
    labels.length === 0
      ? [row(NOT_RECORDED)]
      : labels.map((l) => {
          const r = row(l.label);
          if (l.detail !== '') r.details.add(l.detail);
          return r;
        });
  const finish = (order: readonly SynthesisStudy[]): PivotRow[] => {
    const rank = new Map(order.map((s, i) => [s, i]));
    const sorted = (set: Set<SynthesisStudy>) => [...set].sort((a, b) => rank.get(a)! - rank.get(b)!);
    const fixed = new Set(keys.fixed);
    const extra = [...rows.keys()].filter((k) => !fixed.has(k) && k !== NOT_RECORDED).sort((a, b) => a.localeCompare(b));
    const labels = [...keys.fixed, ...extra, ...(rows.has(NOT_RECORDED) ? [NOT_RECORDED] : [])];
    return labels.map((label) => {
      const r = rows.get(label)!;
      return { label, detail: [...r.details].sort((a, b) => a.localeCompare(b)).join(', '), studies: sorted(r.studies), cells: r.cells.map((c) => ({ studies: sorted(c.studies), excerpts: c.excerpts })) };
    });
  };
  return { rowsOf, finish };
}

function excerptRows(data: SynthesisData, studies: readonly SynthesisStudy[], rowsBy: RowGrouping, columns: readonly Column[], filters: MatrixFilters): PivotRow[] {
  const keys = rowKeys(data, rowsBy, 'excerpt');
  const { rowsOf, finish } = collect(keys, columns);
  const codesOf = excerptCodeIndex(data);
  const required = filters.codes.map((id) => new Set(codeAndDescendants(data, id)));
  for (const study of studies) {
    for (const excerpt of study.excerpts) {
      const codes = codesOf(excerpt);
      if (!required.every((ids) => holds(codes, ids))) continue;
      for (const target of rowsOf(keys.of(study, excerpt))) {
        target.studies.add(study);
        columns.forEach((column, i) => {
          if (!column.ids.every((ids) => holds(codes, ids))) return;
          target.cells[i]!.studies.add(study);
          target.cells[i]!.excerpts.push(excerpt);
        });
      }
    }
  }
  return finish(studies);
}

function studyRows(data: SynthesisData, studies: readonly SynthesisStudy[], rowsBy: RowGrouping, columns: readonly Column[]): PivotRow[] {
  const keys = rowKeys(data, rowsBy, 'study');
  const { rowsOf, finish } = collect(keys, columns);
  for (const study of studies) {
    for (const target of rowsOf(keys.of(study, null))) {
      target.studies.add(study);
      columns.forEach((column, i) => {
        if (column.ids.every((ids) => studyHasCode(study, ids))) target.cells[i]!.studies.add(study);
      });
    }
  }
  return finish(studies);
}
