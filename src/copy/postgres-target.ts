import type { PoolClient } from 'pg';
import { CopyError } from './copy-error.js';
import { countRows, hasRows, selectColumns } from './copy-sql.js';
import { FROM_MIGRATIONS, type TablePlan, TARGET_ONLY } from './copy-plan.js';
import { type TableSum, TableSummer } from './row-digest.js';

/** The target's tables and their columns, from its catalogue. */
export async function targetColumns(client: PoolClient): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`,
  );
  const tables = new Map<string, Set<string>>();
  for (const row of rows) tables.set(row.table_name, (tables.get(row.table_name) ?? new Set()).add(row.column_name));
  return tables;
}

/**
 * Refuses a database Coreview has used: after its migrations only schema_migration and the fixed
 * rows the migrations write hold anything, so any other row is someone's data the copy must not mix with.
 */
export async function assertUnused(client: PoolClient, tables: Iterable<string>, where: string): Promise<void> {
  const used: string[] = [];
  for (const table of tables) {
    if (table === 'schema_migration' || (FROM_MIGRATIONS as readonly string[]).includes(table)) continue;
    if ((await client.query<{ any: boolean }>(hasRows(table))).rows[0]!.any) used.push(table);
  }
  if (used.length > 0) {
    throw new CopyError(
      `${where} is not empty: ${used.slice(0, 5).join(', ')}${used.length > 5 ? ` and ${used.length - 5} more table(s)` : ''} hold rows. ` +
        'coreview copy only fills a database Coreview has not used: create a new database (createdb) and copy into that.',
    );
  }
}

/** Checks the target has every table the source has, with the same columns, and no other tables of its own. */
export function assertSameTables(plan: readonly TablePlan[], target: Map<string, Set<string>>, notCopied: Iterable<string>): void {
  for (const { name, columns } of plan) {
    const theirs = target.get(name);
    const differ = !theirs || theirs.size !== columns.length || columns.some((c) => !theirs.has(c));
    if (differ) throw new CopyError(`the PostgreSQL schema's ${name} table differs from the source's (${columns.join(', ')}); both should be at the same schema version`);
  }
  const known = new Set<string>([...plan.map((t) => t.name), ...notCopied, ...TARGET_ONLY]);
  const extra = [...target.keys()].filter((t) => !known.has(t));
  if (extra.length > 0) throw new CopyError(`the PostgreSQL database has tables the source does not: ${extra.join(', ')}`);
}

/** A target table's checksum, read through a cursor so that a large table is never held whole. */
export async function targetSum(client: PoolClient, table: string, columns: readonly string[]): Promise<TableSum> {
  const summer = new TableSummer();
  await client.query(`DECLARE copy_check NO SCROLL CURSOR FOR ${selectColumns(table, columns)}`);
  for (;;) {
    const { rows } = await client.query<unknown[]>({ text: 'FETCH 5000 FROM copy_check', rowMode: 'array' });
    for (const row of rows) summer.add(row);
    if (rows.length < 5000) break;
  }
  await client.query('CLOSE copy_check');
  return summer.sum();
}

export async function rowCount(client: PoolClient, table: string): Promise<number> {
  return (await client.query<{ n: number }>(countRows(table))).rows[0]!.n;
}
