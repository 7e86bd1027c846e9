import { ensureChromium } from './chromium.js';
import { TEMPLATE_DATABASE, TEST_RUN, TEST_DATABASE_PREFIX, TEST_POSTGRES_URL, testDatabaseUrl, withAdmin } from './test-database.js';
import { migratePostgres } from '../../src/db/postgres/migrate-postgres.js';
import pg from 'pg';

/**
 * Fails early, with the command to run, when the browser tests cannot have a browser. On
 * PostgreSQL, migrates the template every test database is copied from, and drops this run's at the end.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  ensureChromium();
  if (!TEST_POSTGRES_URL) return;
  process.env.COREVIEW_TEST_RUN = TEST_RUN;
  await withAdmin((client) => client.query(`create database ${TEMPLATE_DATABASE}`));
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(TEMPLATE_DATABASE), max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  return dropTestDatabases;
}

async function dropTestDatabases(): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [TEST_DATABASE_PREFIX]);
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
  });
}
