/**
 * The second half of `npm test`: the suite again on PostgreSQL. It uses the server that
 * COREVIEW_TEST_POSTGRES_URL names (any database there is fine: the tests create their own), or
 * starts a throwaway cluster when PostgreSQL's server is installed; otherwise it says so and how to
 * get it, and leaves the SQLite run as the result. COREVIEW_TEST_POSTGRES=off skips it (CI runs it
 * on one Node version only); COREVIEW_TEST_POSTGRES=required fails when PostgreSQL is missing (CI).
 */
import { spawnSync } from 'node:child_process';
import { findPostgresBin, startCluster, type Cluster } from './postgres-cluster.js';

const vitestArgs = ['vitest', 'run', '--config', 'test/vitest.postgres.config.ts', ...process.argv.slice(2)];

if (process.env.COREVIEW_TEST_POSTGRES === 'off') {
  console.log('\nThe suite on PostgreSQL is off here (COREVIEW_TEST_POSTGRES=off): it ran on SQLite only.\n');
  process.exit(0);
}

let url = process.env.COREVIEW_TEST_POSTGRES_URL || null;
let cluster: Cluster | null = null;
if (!url) {
  const bin = findPostgresBin();
  if (!bin && process.env.COREVIEW_TEST_POSTGRES === 'required') {
    console.error('\nThe suite must run on PostgreSQL here (COREVIEW_TEST_POSTGRES=required), but no PostgreSQL server is installed and COREVIEW_TEST_POSTGRES_URL is not set.\n');
    process.exit(1);
  }
  if (!bin) {
    console.log('\nPostgreSQL is not installed here, so the suite ran on SQLite only. To run it on PostgreSQL too,');
    console.log('install the server (Debian: apt install postgresql) or set COREVIEW_TEST_POSTGRES_URL to a server');
    console.log('where the tests may create databases, e.g. postgres://coreview@127.0.0.1:5432/postgres.\n');
    process.exit(0);
  }
  cluster = await startCluster(bin);
  url = cluster.url;
}
console.log(`\nThe suite on PostgreSQL (${cluster ? 'a throwaway cluster' : 'COREVIEW_TEST_POSTGRES_URL'}):`);
let status = 1;
try {
  status = spawnSync('npx', vitestArgs, { stdio: 'inherit', env: { ...process.env, COREVIEW_TEST_POSTGRES_URL: url } }).status ?? 1;
} finally {
  cluster?.stop();
}
process.exit(status);
