/**
 * What `npm test` runs a second time on PostgreSQL: every test that starts Coreview — route, browser,
 * command-line and fault tests, the ranker's, and the unit tests that build an app — except those about SQLite
 * itself or not yet able to run there, each with its reason. Other unit tests run on SQLite only:
 * most touch no database (parsers, matchers, the ranking maths); those that open one directly (the
 * services' own tests: screening, jobs, PRISMA counts, exports) are not yet made to take either
 * database — the routes and browser tests exercise the same services on PostgreSQL meanwhile.
 */
export const POSTGRES_FOLDERS = ['test/routes', 'test/e2e', 'test/cli', 'test/faults', 'test/unit/ranker'];

/** Unit tests outside those folders run too when they build an app, and *.postgres.test.ts (which run only there). */
export const STARTS_COREVIEW = /\bcreateTestApp\(|\bcoreview\(/;
export const POSTGRES_ONLY = /\.postgres\.test\.tsx?$/;

const SQLITE_ITSELF = 'about the embedded SQLite file itself';

export const NOT_ON_POSTGRES: Record<string, string> = {
  'test/routes/disk-full.test.ts': `${SQLITE_ITSELF}: fills it up to max_page_count`,
  'test/cli/backup-restore.test.ts': `${SQLITE_ITSELF}: coreview backup and restore copy it; PostgreSQL is backed up with its own tools`,
  'test/cli/import-disk-full.test.ts': `${SQLITE_ITSELF}: fills a tiny disk under it`,
  'test/cli/server-start.test.ts': `${SQLITE_ITSELF}: a garbage file, a schema from the future, a data dir that is a file`,
};
