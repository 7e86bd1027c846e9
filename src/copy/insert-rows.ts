import type { PoolClient } from 'pg';
import { CopyError } from './copy-error.js';
import { insertRows } from './copy-sql.js';
import type { TablePlan } from './copy-plan.js';

// PostgreSQL takes at most 65,535 parameters a statement; a thousand rows already make round trips rare.
const MAX_PARAMETERS = 65_535;
const MAX_ROWS = 1000;

/**
 * Inserts a table's rows with their own ids, many to a statement. A row that names another row of its
 * own table (a duplicate's primary, a sub-code's parent) waits until that row is in, since PostgreSQL
 * checks each statement's references as it ends. Returns how many rows went in.
 */
export async function insertTable(client: PoolClient, table: TablePlan, rows: Iterable<unknown[]>): Promise<number> {
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
  const refs = table.selfRefs.map((c) => table.columns.indexOf(c));
  const idAt = table.columns.indexOf('id');
  if (refs.length > 0 && idAt < 0) throw new CopyError(`${table.name} refers to its own rows but has no id column`);
  const inserted = new Set<unknown>();
  const ready = (row: unknown[]) => refs.every((i) => row[i] === null || inserted.has(row[i]));
  let batch: unknown[][] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(insertRows(table.name, table.columns, batch.length), batch.flat());
    count += batch.length;
    batch = [];
  };
  const add = async (row: unknown[]) => {
    if (idAt >= 0 && refs.length > 0) inserted.add(row[idAt]);
    batch.push(row);
    if (batch.length >= perStatement) await flush();
  };

  let waiting: unknown[][] = [];
  for (const row of rows) {
    if (ready(row)) await add(row);
    else waiting.push(row);
  }
  await flush();
  // Rows naming later rows, in rounds: each round inserts those whose rows are in by now.
  while (waiting.length > 0) {
    const now = waiting.filter(ready);
    if (now.length === 0) throw new CopyError(`${waiting.length} row(s) of ${table.name} name rows of it that do not exist (the source's foreign keys are broken)`);
    waiting = waiting.filter((row) => !ready(row));
    for (const row of now) await add(row);
    await flush();
  }
  return count;
}
