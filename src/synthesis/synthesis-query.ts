/**
 * What a synthesis address asks for: columns (`col=group:3&col=code:12&col=field:5`), filters
 * (`code=12`, `field=5&value=Italy`), the pivot (`rows=field:5` or `rows=group:9`, `pivot=3`,
 * `split=4` or `split=none`, `grain=study`) and the page. Read leniently, like every list address: what makes no sense is left out.
 */
import { firstValue, positiveInt } from '../http/query-values.js';
import type { ColumnSpec, MatrixFilters } from './matrix.js';
import type { Grain } from './excerpt-codes.js';
import type { RowGrouping } from './pivot.js';
import type { SynthesisData } from './synthesis-data.js';

export interface SynthesisQuery {
  columns: ColumnSpec[];
  filters: MatrixFilters;
  rowsBy: RowGrouping | null;
  pivotGroupId: number | null;
  /** A group splitting the pivot's columns (Direction); null: none. */
  splitGroupId: number | null;
  /** What the pivot counts: excerpts (the default) or studies. */
  grain: Grain;
  page: number;
}

export const MAX_COLUMNS = 120;
/** The split the reader turned off ("split=none"), kept apart from "not chosen" (null: the default split applies). */
export const NO_SPLIT = 0;

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function columnSpec(text: string): ColumnSpec | null {
  if (text === 'appraisal') return { kind: 'appraisal' };
  const [kind, idText] = text.split(':');
  const id = positiveInt(idText ?? '');
  if (id === null) return null;
  if (kind === 'code') return { kind: 'code', codeId: id };
  if (kind === 'group') return { kind: 'group', codeId: id };
  if (kind === 'field') return { kind: 'field', fieldId: id };
  return null;
}

export function readSynthesisQuery(raw: Record<string, unknown>): SynthesisQuery {
  const seen = new Set<string>();
  const columns = list(raw.col)
    .filter((text) => !seen.has(text) && seen.add(text))
    .map(columnSpec)
    .filter((spec): spec is ColumnSpec => spec !== null)
    .slice(0, MAX_COLUMNS);
  const codes = list(raw.code).map((t) => positiveInt(t)).filter((id): id is number => id !== null).slice(0, 10);
  const fieldId = positiveInt(firstValue(raw.field));
  const value = firstValue(raw.value).slice(0, 500);
  const rows = columnSpec(firstValue(raw.rows));
  return {
    columns,
    filters: {
      codes,
      field: fieldId !== null && value !== '' ? { fieldId, value } : null,
      appraisal: [...new Set(list(raw.appraisal).filter((v) => /^[a-z_]{1,30}$/.test(v)))].slice(0, 10),
    },
    rowsBy: rows === null || rows.kind === 'code' || rows.kind === 'appraisal' ? null : rows.kind === 'field' ? { kind: 'field', fieldId: rows.fieldId } : { kind: 'group', codeId: rows.codeId },
    pivotGroupId: positiveInt(firstValue(raw.pivot)),
    splitGroupId: firstValue(raw.split) === 'none' ? NO_SPLIT : positiveInt(firstValue(raw.split)),
    grain: firstValue(raw.grain) === 'study' ? 'study' : 'excerpt',
    page: Math.min(positiveInt(firstValue(raw.page)) ?? 1, 1000),
  };
}

/** A column as its address writes it: "code:12", "group:3", "field:5", "appraisal". */
export function columnKey(spec: ColumnSpec): string {
  if (spec.kind === 'appraisal') return 'appraisal';
  return spec.kind === 'field' ? `field:${spec.fieldId}` : `${spec.kind}:${spec.codeId}`;
}

/** The address of a query, for links, exports and the browser history. */
export function synthesisQueryString(query: SynthesisQuery, overrides: { page?: number } = {}): string {
  const params = new URLSearchParams();
  for (const spec of query.columns) params.append('col', columnKey(spec));
  for (const code of query.filters.codes) params.append('code', String(code));
  for (const judgement of query.filters.appraisal) params.append('appraisal', judgement);
  if (query.filters.field) {
    params.set('field', String(query.filters.field.fieldId));
    params.set('value', query.filters.field.value);
  }
  if (query.rowsBy) params.set('rows', query.rowsBy.kind === 'field' ? `field:${query.rowsBy.fieldId}` : `group:${query.rowsBy.codeId}`);
  if (query.pivotGroupId !== null) params.set('pivot', String(query.pivotGroupId));
  if (query.splitGroupId !== null) params.set('split', query.splitGroupId === NO_SPLIT ? 'none' : String(query.splitGroupId));
  if (query.grain === 'study') params.set('grain', 'study');
  const page = overrides.page ?? query.page;
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * With nothing chosen, a useful start: every top-level code group and the first extraction fields,
 * rows by a field or group named like "Jurisdiction" and columns by one named like "Level".
 */
export function withDefaults(query: SynthesisQuery, data: SynthesisData): SynthesisQuery {
  const groups = data.codes.filter((c) => c.depth === 0);
  const named = (pattern: RegExp) => groups.find((g) => pattern.test(g.name));
  const columns = query.columns.length > 0 ? query.columns : [
    ...groups.map((g): ColumnSpec => ({ kind: 'group', codeId: g.id })),
    ...data.fields.slice(0, 6).map((f): ColumnSpec => ({ kind: 'field', fieldId: f.id })),
  ];
  const jurisdictionField = data.fields.find((f) => f.kind === 'jurisdiction');
  const jurisdictionGroup = named(/jurisdiction|country/i);
  const rowsBy: RowGrouping | null = query.rowsBy ?? (jurisdictionField ? { kind: 'field', fieldId: jurisdictionField.id } : jurisdictionGroup ? { kind: 'group', codeId: jurisdictionGroup.id } : null);
  const pivotGroupId = query.pivotGroupId ?? named(/level/i)?.id ?? null;
  const splitGroupId = query.splitGroupId ?? named(/direction|enabl|constrain/i)?.id ?? null;
  return { ...query, columns, rowsBy, pivotGroupId, splitGroupId };
}

/** The pivot's options as asked: no split when "none" was chosen. */
export function pivotOptions(query: SynthesisQuery) {
  return { filters: query.filters, grain: query.grain, splitGroupId: query.splitGroupId === NO_SPLIT ? null : query.splitGroupId };
}
