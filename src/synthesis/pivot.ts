/**
 * The pivot: studies grouped into rows by a field's value or by the codes of a group (Jurisdiction,
 * say), and counted into columns by the codes of another group (Level, say). A study carrying two
 * row codes (two jurisdictions) counts in both rows; studies with no value or code there are a row of
 * their own, so every study is accounted for.
 */
import { filterStudies, NO_FILTERS, type MatrixFilters } from './matrix.js';
import { codeAndDescendants, studyHasCode, type SynthesisData, type SynthesisStudy } from './synthesis-data.js';

export type RowGrouping = { kind: 'field'; fieldId: number } | { kind: 'group'; codeId: number };

export interface PivotRow {
  label: string;
  studies: SynthesisStudy[];
  /** Per column: the studies of this row carrying the column's code. */
  cells: SynthesisStudy[][];
}

export interface Pivot {
  rowsBy: string;
  columnsBy: string;
  columns: string[];
  rows: PivotRow[];
  /** Per column: distinct studies carrying it, over all rows. */
  totals: number[];
  studies: number;
}

export const NOT_RECORDED = 'Not recorded';

export function buildPivot(data: SynthesisData, rowsBy: RowGrouping, columnGroupId: number, filters: MatrixFilters = NO_FILTERS): Pivot | null {
  const codes = new Map(data.codes.map((c) => [c.id, c]));
  const columnGroup = codes.get(columnGroupId);
  const rowName = rowsBy.kind === 'field' ? data.fields.find((f) => f.id === rowsBy.fieldId)?.label : codes.get(rowsBy.codeId)?.name;
  if (!columnGroup || rowName === undefined) return null;

  const studies = filterStudies(data, filters);
  const columns = columnGroup.childIds.map((id) => ({ name: codes.get(id)!.name, ids: new Set(codeAndDescendants(data, id)) }));
  const groups = rowGroups(data, studies, rowsBy);
  const rows = groups.map(({ label, members }) => ({
    label,
    studies: members,
    cells: columns.map((column) => members.filter((study) => studyHasCode(study, column.ids))),
  }));
  return {
    rowsBy: rowName,
    columnsBy: columnGroup.name,
    columns: columns.map((c) => c.name),
    rows,
    totals: columns.map((column) => studies.filter((study) => studyHasCode(study, column.ids)).length),
    studies: studies.length,
  };
}

/** Rows in a stable order: the form's choices or the group's codes (empty ones too), then other values A–Z, then "Not recorded". */
function rowGroups(data: SynthesisData, studies: readonly SynthesisStudy[], rowsBy: RowGrouping): Array<{ label: string; members: SynthesisStudy[] }> {
  const fixed = new Map<string, SynthesisStudy[]>();
  const other = new Map<string, SynthesisStudy[]>();
  const none: SynthesisStudy[] = [];
  const add = (label: string, study: SynthesisStudy) => {
    const members = fixed.get(label) ?? other.get(label);
    if (members) members.push(study);
    else other.set(label, [study]);
  };
  if (rowsBy.kind === 'field') {
    const field = data.fields.find((f) => f.id === rowsBy.fieldId)!;
    for (const choice of field.choices) fixed.set(choice, []);
    for (const study of studies) {
      const value = study.fields.get(field.id) ?? '';
      if (value === '') none.push(study);
      else add(value, study);
    }
  } else {
    const codes = new Map(data.codes.map((c) => [c.id, c]));
    const rowCodes = (codes.get(rowsBy.codeId)?.childIds ?? []).map((id) => ({ name: codes.get(id)!.name, ids: new Set(codeAndDescendants(data, id)) }));
    for (const code of rowCodes) fixed.set(code.name, []);
    for (const study of studies) {
      const carried = rowCodes.filter((code) => studyHasCode(study, code.ids));
      if (carried.length === 0) none.push(study);
      for (const code of carried) add(code.name, study);
    }
  }
  const extra = [...other].sort(([a], [b]) => a.localeCompare(b));
  const rows = [...fixed, ...extra].map(([label, members]) => ({ label, members }));
  return none.length > 0 ? [...rows, { label: NOT_RECORDED, members: none }] : rows;
}
