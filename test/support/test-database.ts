import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Which database the suite runs on. `npm test` runs it twice (test/run-on-postgres.ts): on SQLite,
 * and again with COREVIEW_TEST_POSTGRES_URL naming a PostgreSQL server where the tests may create
 * databases. There every test app, and every data dir a CLI test makes, gets a database of its own,
 * copied from a migrated template (global-setup.ts), so tests stay as independent as on SQLite.
 */
export const TEST_POSTGRES_URL = process.env.COREVIEW_TEST_POSTGRES_URL || null;
export const testDialect: 'sqlite' | 'postgres' = TEST_POSTGRES_URL ? 'postgres' : 'sqlite';

/**
 * One test run's databases share a prefix made of a random run id, so two runs on one server (two
 * checkouts, CI beside a developer) never drop each other's: global-setup.ts sets COREVIEW_TEST_RUN
 * before the test processes start.
 */
export const TEST_RUN = process.env.COREVIEW_TEST_RUN ?? randomBytes(6).toString('hex');
export const TEST_DATABASE_PREFIX = `coreview_test_${TEST_RUN}_`;
export const TEMPLATE_DATABASE = `${TEST_DATABASE_PREFIX}template`;

/** Runs `work` with a connection to the server's maintenance database. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the test server. */
export function testDatabaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

const nameFor = (dataDir: string) => TEST_DATABASE_PREFIX + createHash('sha256').update(dataDir).digest('hex').slice(0, 16);

/**
 * The environment that points Coreview at the test database of `dataDir` (created on first use from
 * the template); nothing on SQLite, where the data dir holds the database. `empty`: created with no
 * schema at all (from template0) when first used, for a test of what migrating a new database does.
 */
export async function databaseEnvFor(dataDir: string, { empty = false } = {}): Promise<Record<string, string>> {
  if (!TEST_POSTGRES_URL) return {};
  const name = nameFor(dataDir);
  await withAdmin(async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database ${name} template ${empty ? 'template0' : TEMPLATE_DATABASE}`);
  });
  return { COREVIEW_DATABASE_URL: testDatabaseUrl(name) };
}

/** Drops the test database of `dataDir`, if it made one. */
export async function dropDatabaseFor(dataDir: string): Promise<void> {
  if (!TEST_POSTGRES_URL) return;
  await withAdmin((client) => client.query(`drop database if exists ${nameFor(dataDir)} with (force)`));
}
