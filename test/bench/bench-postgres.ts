import pg from 'pg';

/** A PostgreSQL server where the bench may create and drop a database of its own; without it, cases measure SQLite only. */
export const BENCH_POSTGRES_URL = process.env.COREVIEW_BENCH_POSTGRES_URL || null;

/** Runs `use` with the URL of a new, empty database `coreview_bench_<label>_<pid>` on `serverUrl`, dropped afterwards. */
export async function withBenchDatabase<T>(serverUrl: string, label: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `coreview_bench_${label}_${process.pid}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    return await use(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
