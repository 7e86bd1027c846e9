/**
 * What `npm test` runs a second time on PostgreSQL: every test that starts Coreview — route, browser,
 * command-line and fault tests, and the unit tests that build an app — except those about SQLite
 * itself or not yet able to run there, each with its reason. Pure unit tests (parsers, matchers,
 * the ranking maths) touch no database, so a second run would prove nothing new.
 */
export const POSTGRES_FOLDERS = ['test/routes', 'test/e2e', 'test/cli', 'test/faults'];

/** Unit tests outside those folders run too when they build an app, and *.postgres.test.ts (which run only there). */
export const STARTS_COREVIEW = /\bcreateTestApp\(|\bcoreview\(/;
export const POSTGRES_ONLY = /\.postgres\.test\.tsx?$/;

export const NOT_ON_POSTGRES: Record<string, string> = {
  'test/routes/disk-full.test.ts': 'fills the SQLite file up to max_page_count; PostgreSQL has no such limit to set per connection',
  'test/cli/backup-restore.test.ts': 'coreview backup and restore copy the SQLite file; PostgreSQL is backed up with its own tools (pg_dump, base backups)',
  'test/cli/import-disk-full.test.ts': "fills a tiny disk under the SQLite file",
};
