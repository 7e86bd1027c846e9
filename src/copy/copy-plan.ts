import type { Sqlite } from '../db/open.js';
import { NOT_EXPORTED } from '../review-archive/review-tables.js';
import { columnsOf, foreignKeysOf, schemaTables } from '../review-archive/table-sql.js';
import { CopyError } from './copy-error.js';

/**
 * Which tables a copy carries and in what order. Everything is copied with its ids, except what the
 * target has or builds itself; the tables PostgreSQL's triggers keep while rows go in are copied
 * last, replacing what the triggers wrote, so they end as the source has them.
 */

/** Not copied, and why. */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  record_fts: 'SQLite\'s search index: on PostgreSQL record_search is built by trigger as records go in',
  record_fts_vocab: NOT_EXPORTED.record_fts_vocab!,
  schema_migration: 'the target migrates itself; the copy checks both are at the same version',
  screening_counter_map: `${NOT_EXPORTED.screening_counter_map!} (checked equal)`,
  session: 'sign-ins: everyone signs in again on the new database',
  sign_in_failure: NOT_EXPORTED.sign_in_failure!,
};

/** Kept by PostgreSQL's triggers as the other tables fill (counters, ranking versions, pending terms): copied after them. */
export const TRIGGER_KEPT = ['review_counter', 'ranking_stage', 'record_terms'] as const;

/** Tables only PostgreSQL has, built by its triggers from the records (record_fts's counterparts). */
export const TARGET_ONLY = ['record_search', 'record_search_term'] as const;

/** Rows the target has from its migrations, compared but not copied. */
export const FROM_MIGRATIONS = ['screening_counter_map'] as const;

export interface TablePlan {
  name: string;
  columns: string[];
  /** Columns pointing at the table's own rows: a row goes in after the one it names. */
  selfRefs: string[];
}

/** The source's tables to copy, each after every table it refers to, trigger-kept ones last. */
export function copyPlan(source: Sqlite): TablePlan[] {
  const tables = schemaTables(source).filter((t) => !(t in NOT_COPIED));
  const refs = new Map(tables.map((t) => [t, foreignKeysOf(source, t)]));
  const ordered: string[] = [];
  const placing = new Set<string>();
  const place = (table: string) => {
    if (ordered.includes(table)) return;
    if (placing.has(table)) throw new CopyError(`the source's tables refer to each other in a circle through ${table}; this copy cannot order them`);
    placing.add(table);
    for (const fk of refs.get(table) ?? []) if (fk.table !== table && refs.has(fk.table)) place(fk.table);
    placing.delete(table);
    ordered.push(table);
  };
  for (const table of tables) if (!(TRIGGER_KEPT as readonly string[]).includes(table)) place(table);
  for (const table of TRIGGER_KEPT) if (refs.has(table)) ordered.push(table);
  return ordered.map((name) => ({
    name,
    columns: columnsOf(source, name),
    selfRefs: refs.get(name)!.filter((fk) => fk.table === name).map((fk) => fk.from),
  }));
}
