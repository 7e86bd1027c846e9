/**
 * The synthesis matrix: included studies as rows, chosen codes, code groups and extraction fields as
 * columns. A code column says whether the study carries the code (or a sub-code) and holds the
 * excerpts that show it; a group column lists which of the group's codes the study carries; a field
 * column holds the extracted value. Pure: the page, the pivot and every export build on it.
 */
import {
  codeAndDescendants,
  NOT_APPRAISED,
  excerptsWithCode,
  studyHasCode,
  type SynthesisCode,
  type SynthesisData,
  type SynthesisExcerpt,
  type SynthesisStudy,
} from './synthesis-data.js';

export type ColumnSpec = { kind: 'code'; codeId: number } | { kind: 'group'; codeId: number } | { kind: 'field'; fieldId: number } | { kind: 'appraisal' };
export type CodeColumnSpec = Extract<ColumnSpec, { codeId: number }>;

/** Whether a column is about codes (it holds excerpts) rather than a value (a field, the appraisal). */
export const isCodeColumn = (spec: ColumnSpec): spec is CodeColumnSpec => spec.kind === 'code' || spec.kind === 'group';

/** The column of a study's quality appraisal (src/appraisal): its final overall judgement. */
export const APPRAISAL_COLUMN = 'Appraisal';

export interface MatrixColumn {
  spec: ColumnSpec;
  /** What the header shows: the code's or field's name. */
  label: string;
  /** The code's path above it ("Themes"), '' for fields and top groups. */
  context: string;
  colour: string | null;
}

export interface MatrixCell {
  /** The cell as one line of text: "✓ 3 excerpts", "Individual; Systemic", a field's value, or ''. */
  text: string;
  present: boolean;
  /** Codes of a group the study carries (group columns). */
  codes: string[];
  excerpts: SynthesisExcerpt[];
}

export interface MatrixRow {
  study: SynthesisStudy;
  cells: MatrixCell[];
}

export interface Matrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Studies before filtering. */
  total: number;
}

export interface MatrixFilters {
  /** Only studies carrying every one of these codes (or a sub-code of each). */
  codes: number[];
  /** Only studies whose field value equals this text. */
  field: { fieldId: number; value: string } | null;
  /** Only studies with one of these final appraisal judgements (NOT_APPRAISED: none yet); [] for all. A sensitivity check. */
  appraisal: string[];
}

export const NO_FILTERS: MatrixFilters = { codes: [], field: null, appraisal: [] };

/** The columns that exist in the data, in the order asked; unknown ids are dropped. */
export function resolveColumns(data: SynthesisData, specs: readonly ColumnSpec[]): MatrixColumn[] {
  const codes = new Map(data.codes.map((c) => [c.id, c]));
  const fields = new Map(data.fields.map((f) => [f.id, f]));
  const columns: MatrixColumn[] = [];
  for (const spec of specs) {
    if (spec.kind === 'field') {
      const field = fields.get(spec.fieldId);
      if (field) columns.push({ spec, label: field.label, context: '', colour: null });
      continue;
    }
    if (spec.kind === 'appraisal') {
      columns.push({ spec, label: APPRAISAL_COLUMN, context: '', colour: null });
      continue;
    }
    const code = codes.get(spec.codeId);
    if (code) columns.push({ spec, label: code.name, context: code.path.slice(0, -1).join(' › '), colour: code.colour });
  }
  return disambiguated(columns);
}

/**
 * Columns whose headings would read alike (a code group "Jurisdiction" and an extraction field
 * "Jurisdiction") say where they come from: "Codebook › Jurisdiction", "Extraction › Jurisdiction".
 */
function disambiguated(columns: MatrixColumn[]): MatrixColumn[] {
  const heading = (c: MatrixColumn) => (c.context === '' ? c.label : `${c.context} › ${c.label}`).toLocaleLowerCase();
  const seen = new Map<string, number>();
  for (const column of columns) seen.set(heading(column), (seen.get(heading(column)) ?? 0) + 1);
  return columns.map((column) => {
    if (seen.get(heading(column))! < 2) return column;
    if (!isCodeColumn(column.spec)) return { ...column, context: column.spec.kind === 'field' ? 'Extraction' : 'Quality appraisal' };
    return column.context === '' ? { ...column, context: 'Codebook' } : column;
  });
}

export function filterStudies(data: SynthesisData, filters: MatrixFilters): SynthesisStudy[] {
  const required = filters.codes.map((id) => new Set(codeAndDescendants(data, id)));
  return data.studies.filter(
    (study) =>
      required.every((ids) => studyHasCode(study, ids)) &&
      (filters.field === null || (study.fields.get(filters.field.fieldId) ?? '') === filters.field.value) &&
      (filters.appraisal.length === 0 || filters.appraisal.includes(study.appraisal.overall ?? NOT_APPRAISED)),
  );
}

export function buildMatrix(data: SynthesisData, specs: readonly ColumnSpec[], filters: MatrixFilters = NO_FILTERS): Matrix {
  const columns = resolveColumns(data, specs);
  const codes = new Map(data.codes.map((c) => [c.id, c]));
  // Each column's code sets are worked out once, not once per study.
  const cellOf = columns.map((column) => cellBuilder(data, codes, column.spec));
  const rows = filterStudies(data, filters).map((study) => ({ study, cells: cellOf.map((build) => build(study)) }));
  return { columns, rows, total: data.studies.length };
}

function cellBuilder(data: SynthesisData, codes: Map<number, SynthesisCode>, spec: ColumnSpec): (study: SynthesisStudy) => MatrixCell {
  if (spec.kind === 'appraisal') {
    return (study) => ({ text: study.appraisal.text, present: study.appraisal.overall !== null, codes: [], excerpts: [] });
  }
  if (spec.kind === 'field') {
    return (study) => {
      const text = study.fields.get(spec.fieldId) ?? '';
      return { text, present: text !== '', codes: [], excerpts: [] };
    };
  }
  const all = new Set(codeAndDescendants(data, spec.codeId));
  if (spec.kind === 'code') {
    return (study) => {
      const excerpts = excerptsWithCode(study, all);
      const present = excerpts.length > 0 || study.codeIds.some((id) => all.has(id));
      const text = !present ? '' : excerpts.length === 0 ? '✓' : `✓ ${excerpts.length} ${excerpts.length === 1 ? 'excerpt' : 'excerpts'}`;
      return { text, present, codes: [], excerpts };
    };
  }
  const children = (codes.get(spec.codeId)?.childIds ?? []).map((id) => ({ name: codes.get(id)!.name, ids: new Set(codeAndDescendants(data, id)) }));
  return (study) => {
    const carried = children.filter((child) => studyHasCode(study, child.ids)).map((child) => child.name);
    const excerpts = excerptsWithCode(study, all);
    return { text: carried.join('; '), present: carried.length > 0, codes: carried, excerpts };
  };
}

/** The final appraisal judgements among the studies (by key, labelled), then "Not yet appraised" when any study is: what the sensitivity filter offers. */
export function appraisalChoices(data: Pick<SynthesisData, 'studies'>): Array<{ value: string; label: string }> {
  const judgements = new Map<string, string>();
  let unappraised = false;
  for (const study of data.studies) {
    if (study.appraisal.overall === null) unappraised = true;
    else if (!judgements.has(study.appraisal.overall)) judgements.set(study.appraisal.overall, study.appraisal.text.replace(/ \(.*\)$/, ''));
  }
  return [...[...judgements].map(([value, label]) => ({ value, label })), ...(unappraised ? [{ value: NOT_APPRAISED, label: 'Not yet appraised' }] : [])];
}
