import { basename, dirname } from 'node:path';
import { newestKnownSchema, schemaVersionOf } from '../archive/schema-version.js';
import { openSqlite, type Sqlite } from '../db/open.js';
import { selectColumns } from './copy-sql.js';
import { CopyError } from './copy-error.js';
import type { TableSum } from './row-digest.js';
import { TableSummer } from './row-digest.js';

/**
 * Opens the SQLite database to copy, read-only (the copy never changes its source), in a read
 * transaction that closing it ends. It must be at this Coreview's schema version, since the target is
 * migrated to that; an older one is migrated first by the person who runs the copy, with the command
 * this error names, rather than by a copy that promises to leave it as it was.
 */
export function openSource(file: string): Sqlite {
  const sqlite = openSqlite(file, { readonly: true });
  try {
    let version: number;
    try {
      version = schemaVersionOf(sqlite);
    } catch (error) {
      throw new CopyError(`${file} is not a Coreview database (${(error as Error).message})`);
    }
    const known = newestKnownSchema();
    if (version < known) {
      throw new CopyError(
        `${file} is at schema version ${version}, older than this Coreview's ${known}. Stop Coreview, bring the file up to date with ` +
          `\`COREVIEW_DATA_DIR=${basename(file) === 'coreview.sqlite' ? dirname(file) : '<its data folder>'} coreview migrate\`, then copy again.`,
      );
    }
    if (version > known) throw new CopyError(`${file} is at schema version ${version}, newer than this Coreview knows (${known}): copy it with the Coreview that wrote it.`);
    // One snapshot for every read, the check's included, even if someone writes meanwhile.
    sqlite.exec('BEGIN');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/** A table's rows, one array of values at a time, in the order of `columns`. */
export function sourceRows(sqlite: Sqlite, table: string, columns: readonly string[]): IterableIterator<unknown[]> {
  return sqlite.prepare(selectColumns(table, columns)).raw(true).iterate() as IterableIterator<unknown[]>;
}

export function sourceSum(sqlite: Sqlite, table: string, columns: readonly string[]): TableSum {
  const summer = new TableSummer();
  for (const row of sourceRows(sqlite, table, columns)) summer.add(row);
  return summer.sum();
}
