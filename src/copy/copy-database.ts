import type { Pool, PoolClient } from 'pg';
import { describeLocation, type DatabaseLocation } from '../db/database.js';
import type { Sqlite } from '../db/open.js';
import { migratePostgres } from '../db/postgres/migrate-postgres.js';
import { openPostgres } from '../db/postgres/open-postgres.js';
import { schemaVersionOf } from '../archive/schema-version.js';
import { columnsOf } from '../review-archive/table-sql.js';
import { CopyError } from './copy-error.js';
import { copyPlan, FROM_MIGRATIONS, NOT_COPIED, TRIGGER_KEPT, type TablePlan } from './copy-plan.js';
import { deleteAll, moveIdentity } from './copy-sql.js';
import { insertTable } from './insert-rows.js';
import { assertSameTables, assertUnused, rowCount, targetColumns, targetSum } from './postgres-target.js';
import { openSource, sourceRows, sourceSum } from './sqlite-source.js';

export type PostgresLocation = Extract<DatabaseLocation, { kind: 'postgres' }>;

export interface CopySummary {
  schemaVersion: number;
  /** Rows copied, by table, in the order they went in. */
  tables: Array<{ name: string; rows: number }>;
  seconds: number;
}

/**
 * Copies a whole Coreview from its SQLite file into an unused PostgreSQL database, ids and histories
 * as they are, in one transaction: a failure anywhere, the final check included, leaves the target as
 * empty as it was. The check compares every copied table's row count and checksum on both sides.
 */
export async function copyDatabase(from: string, to: PostgresLocation): Promise<CopySummary> {
  const started = performance.now();
  const source = openSource(from);
  try {
    const plan = copyPlan(source);
    const target = await openPostgres({ ...to, applicationName: 'coreview copy' });
    try {
      await assertUnusedBeforeMigrating(target.pool, describeLocation(to));
      await migratePostgres(target.pool);
      const tables = await inTransaction(target.pool, (c) => copyInto(c, source, plan, describeLocation(to)));
      return { schemaVersion: schemaVersionOf(source), tables, seconds: (performance.now() - started) / 1000 };
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Looks before migrating, so that a database someone uses is refused as it is: one holding tables of
 * something else is not Coreview's to migrate, and one Coreview has used is not migrated by a copy.
 */
async function assertUnusedBeforeMigrating(pool: Pool, where: string): Promise<void> {
  const client = await pool.connect();
  try {
    const tables = await targetColumns(client);
    if (tables.size > 0 && !tables.has('schema_migration')) {
      throw new CopyError(`${where} holds tables that are not Coreview's (${[...tables.keys()].slice(0, 3).join(', ')}…): copy into a new, empty database (createdb).`);
    }
    await assertUnused(client, tables.keys(), where);
  } finally {
    client.release();
  }
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function copyInto(client: PoolClient, source: Sqlite, plan: readonly TablePlan[], where: string): Promise<CopySummary['tables']> {
  const columns = await targetColumns(client);
  assertSameTables(plan, columns, Object.keys(NOT_COPIED));
  await assertUnused(client, columns.keys(), where);
  const copied: CopySummary['tables'] = [];
  for (const table of plan) {
    // What the triggers derived while the other tables filled gives way to the source's own rows.
    if ((TRIGGER_KEPT as readonly string[]).includes(table.name)) await client.query(deleteAll(table.name));
    try {
      copied.push({ name: table.name, rows: await insertTable(client, table, sourceRows(source, table.name, table.columns)) });
    } catch (error) {
      if (error instanceof CopyError) throw error;
      throw new CopyError(`copying ${table.name} failed, so nothing was kept: ${(error as Error).message}`, { cause: error });
    }
  }
  const identities = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
  );
  for (const { table_name, column_name } of identities.rows) await client.query(moveIdentity(table_name, column_name));
  await verify(client, source, [...plan, ...FROM_MIGRATIONS.map((name) => ({ name, columns: columnsOf(source, name), selfRefs: [] }))]);
  return copied;
}

/** Every table the same on both sides, row for row; and every record has its search document. */
async function verify(client: PoolClient, source: Sqlite, tables: readonly TablePlan[]): Promise<void> {
  const differ: string[] = [];
  for (const { name, columns } of tables) {
    const [theirs, ours] = [sourceSum(source, name, columns), await targetSum(client, name, columns)];
    if (theirs.rows !== ours.rows) differ.push(`${name} has ${ours.rows} row(s), the source ${theirs.rows}`);
    else if (theirs.checksum !== ours.checksum) differ.push(`${name}'s rows differ from the source's`);
  }
  const [records, documents] = [await rowCount(client, 'record'), await rowCount(client, 'record_search')];
  if (records !== documents) differ.push(`${documents} search document(s) for ${records} record(s)`);
  if (differ.length > 0) throw new CopyError(`the copy did not check out, so nothing was kept: ${differ.join('; ')}`);
}
