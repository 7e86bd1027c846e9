import { ArchiveError } from '../archive/archive-error.js';
import { isSha256 } from '../archive/stored-files.js';
import type { IdTarget, JsonIds, TableSpec } from './review-tables.js';

/**
 * How an archive's ids become this instance's: the review's one new id, people by e-mail, and for
 * every table with its own ids an offset (this instance's highest id in that table) added to each.
 * An offset maps every id at once, including ids of rows that point forward (a merge's records, an
 * undo's event) and of rows since deleted that history still names, and every new id is above all
 * existing ones, so nothing imported can point at another review's rows.
 */
export interface IdMaps {
  review: number;
  accounts: ReadonlyMap<number, number>;
  offsets: ReadonlyMap<string, number>;
}

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

/**
 * An id from the archive in this instance. Ids are positive: 0 plus an offset is this instance's
 * highest id, another review's row, so only a threshold (`lowest: 0`) may be 0.
 */
export function mapId(maps: IdMaps, target: IdTarget, old: unknown, where: string, lowest = 1): number {
  if (typeof old !== 'number' || !Number.isSafeInteger(old) || old < lowest) throw damaged(`${where} holds ${JSON.stringify(old)} where an id belongs`);
  if (target === 'review') return maps.review;
  if (target === 'account') {
    const id = maps.accounts.get(old);
    if (id === undefined) throw damaged(`${where} names person ${old}, who is not in people.jsonl`);
    return id;
  }
  return old + (maps.offsets.get(target) ?? 0);
}

/** One archived row as this instance stores it: review_id, own id, references, JSON and entity ids mapped. */
export function remapRow(spec: TableSpec, row: Row, maps: IdMaps, where: string): Row {
  const out: Row = { ...row };
  if ('review_id' in out) out.review_id = maps.review;
  if (spec.ownId) out.id = mapId(maps, spec.name as IdTarget, row.id, `${where}, id`);
  for (const [column, target] of Object.entries(spec.refs ?? {})) {
    if (row[column] != null) out[column] = mapId(maps, target, row[column], `${where}, ${column}`);
  }
  for (const [column, target] of Object.entries(spec.thresholds ?? {})) {
    if (row[column] == null) continue;
    out[column] = mapId(maps, target, row[column], `${where}, ${column}`, 0);
  }
  for (const [column, rule] of Object.entries(spec.json ?? {})) {
    const text = row[column];
    if (text == null) continue;
    let value: unknown;
    try {
      value = JSON.parse(String(text));
    } catch {
      throw damaged(`${where}, ${column} is not valid JSON`);
    }
    out[column] = JSON.stringify(remapJson(value, rule, maps));
  }
  if (spec.entityIds) {
    const { column, kindColumn, kinds } = spec.entityIds;
    const target = kinds[String(row[kindColumn])];
    if (target && row[column] != null) out[column] = remapIdList(String(row[column]), target, maps);
  }
  for (const column of Object.keys(spec.files ?? {})) {
    // Routes find a stored file by this name: anything but a SHA-256 could name a path.
    if (row[column] != null && !isSha256(row[column])) throw damaged(`${where}, ${column} is not a SHA-256`);
  }
  return out;
}

/**
 * Ids inside a JSON payload, by the rule's keys; values that are not ids (text, a person's id
 * nobody in the archive has) are kept or become null rather than guessed at.
 */
export function remapJson(value: unknown, rule: JsonIds, maps: IdMaps): unknown {
  if (Array.isArray(value)) return value.map((item) => remapJson(item, rule, maps));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const r = rule[key];
    if (r === undefined) out[key] = inner;
    else if (typeof r === 'string') out[key] = Array.isArray(inner) ? inner.map((v) => softId(maps, r, v)) : softId(maps, r, inner);
    else if ('keysAndValues' in r && typeof r.keysAndValues === 'string') out[key] = remapKeysAndValues(inner, r.keysAndValues, maps);
    else out[key] = remapJson(inner, r as JsonIds, maps);
  }
  return out;
}

function remapKeysAndValues(value: unknown, target: IdTarget, maps: IdMaps): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [/^\d+$/.test(k) ? String(softId(maps, target, Number(k))) : k, softId(maps, target, v)]));
}

function softId(maps: IdMaps, target: IdTarget, value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return value;
  if (target === 'account') return maps.accounts.get(value) ?? null;
  return mapId(maps, target, value, 'payload');
}

/** "12" or "3,4,5" (one audit event for several searches). */
function remapIdList(text: string, target: IdTarget, maps: IdMaps): string | null {
  if (!/^\d+(,\d+)*$/.test(text)) return text;
  const ids = text.split(',').map((id) => softId(maps, target, Number(id)));
  return ids.some((id) => id === null) ? null : ids.join(',');
}

function damaged(message: string): ArchiveError {
  return new ArchiveError(`The archive is damaged: ${message}`);
}
