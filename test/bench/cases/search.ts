import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { PostgresDb, SqliteDb } from '../../../src/db/database.js';
import { openDb } from '../../../src/db/open.js';
import { openPostgres } from '../../../src/db/postgres/open-postgres.js';
import type { Database } from '../../../src/db/schema.js';
import { readListQuery } from '../../../src/records/record-list-query.js';
import { searchRecords } from '../../../src/records/record-search.js';
import type { BenchCase, BenchContext, Json } from '../bench-case.js';
import { BENCH_POSTGRES_URL, withBenchDatabase } from '../bench-postgres.js';
import { median, percentile, round } from '../measure.js';
import { scopusLikeRecords } from '../search-corpus.js';
import { peakRssMb, withServer, type ServerProcess } from '../server-process.js';
import { signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';

const RECORDS = 50_000;
const SLUG = 'search-bench';
/** Timed repetitions of each query per run (the runs multiply them). */
const PER_RUN = 10;

/**
 * The searches timed, as list addresses. "Typical" are the one- and two-word searches the target
 * (p50 ≤ 25 ms at 50,000 records) is about; the others show the edges: a misspelling (correction
 * runs first), a word in four records of five, filters on a search, and a sorted list without one.
 */
const QUERIES: ReadonlyArray<{ name: string; query: string; typical?: 'one-word' | 'two-word' }> = [
  { name: 'desistance', query: 'q=desistance', typical: 'one-word' },
  { name: 'recidivism', query: 'q=recidivism', typical: 'one-word' },
  { name: 'employment', query: 'q=employment', typical: 'one-word' },
  { name: 'social enterprise', query: 'q=social+enterprise', typical: 'two-word' },
  { name: 'desistance employment', query: 'q=desistance+employment', typical: 'two-word' },
  { name: 'misspelled: desistence', query: 'q=desistence' },
  { name: 'very common: study', query: 'q=study' },
  { name: 'desistance, 2010-2020, with abstract, newest first', query: 'q=desistance&from=2010&to=2020&abstract=with&sort=year' },
  { name: 'no search, sorted by title, page 3', query: 'sort=title&page=3' },
];

interface Samples {
  service: number[];
  http: number[];
  matches: string;
}

/** One database under test: the running server on it, and the harness's own connection to it. */
interface Engine {
  server: ServerProcess;
  kysely: Kysely<Database>;
  reviewId: number;
  insertMs: number;
  /** What `ratio` divides by: one record read by id on the same database. */
  baseline: { describe: string; read(id: number): unknown };
}

/**
 * Records search at 50,000 Scopus-like records (~2.7 KB each, inserted in one transaction into the
 * real server's database): each query through the search service in this process (full-text
 * search, typo check, capped count, rows, snippets) and as the htmx fragment request a browser
 * makes (session, membership, render, HTTP). Baseline: `SELECT * FROM record WHERE id = ?` on the
 * same database, timed in the same runs. On SQLite (FTS5) always; on PostgreSQL too when
 * COREVIEW_BENCH_POSTGRES_URL names a server, its figures beside SQLite's in the same line.
 */
export const searchCase: BenchCase = {
  name: 'search',
  description: `records search at ${RECORDS.toLocaleString('en-GB')} records, one- and two-word, against SELECT by id (SQLite, and PostgreSQL with COREVIEW_BENCH_POSTGRES_URL)`,
  defaultRuns: 5,
  async run(context) {
    const sqlite = await onSqlite(context);
    if (BENCH_POSTGRES_URL === null) return { ...sqlite, postgres: 'not measured: set COREVIEW_BENCH_POSTGRES_URL' };
    const postgres = await onPostgres(BENCH_POSTGRES_URL, context);
    return {
      ...sqlite,
      // Beside SQLite's headline figures; every figure of the PostgreSQL runs under `postgres`.
      postgresP50Ms: postgres.p50Ms,
      postgresP99Ms: postgres.p99Ms,
      postgresTwoWordP50Ms: postgres.twoWordP50Ms,
      postgresTwoWordP99Ms: postgres.twoWordP99Ms,
      postgresHttpP50Ms: postgres.httpP50Ms,
      postgresHttpP99Ms: postgres.httpP99Ms,
      postgres,
    };
  },
};

function onSqlite(context: BenchContext) {
  return withTempDir((workDir) => {
    const dataDir = join(workDir, 'data');
    return withServer({ dataDir, logFile: join(workDir, 'server.log') }, async (server) => {
      const cookie = await signIn(server);
      const db = openDb(join(dataDir, 'coreview.sqlite'));
      try {
        const reviewId = await reviewIdOf(db.kysely);
        const byId = db.sqlite.prepare('SELECT * FROM record WHERE id = ?');
        const baseline = { describe: 'SELECT * FROM record WHERE id = ? (better-sqlite3, same database, same runs)', read: (id: number) => byId.get(id) };
        return await measure({ server, kysely: db.kysely, reviewId, insertMs: insertIntoSqlite(db, reviewId), baseline }, cookie, context);
      } finally {
        await db.close();
      }
    });
  });
}

/** The same on a database of its own on the PostgreSQL server, migrated by the server as it starts, dropped afterwards. */
async function onPostgres(serverUrl: string, context: BenchContext) {
  return withBenchDatabase(serverUrl, 'search', (url) =>
    withTempDir((workDir) =>
      withServer({ dataDir: join(workDir, 'data'), logFile: join(workDir, 'server.log'), env: { COREVIEW_DATABASE_URL: url } }, async (server) => {
        const cookie = await signIn(server);
        const db = await openPostgres({ url, poolSize: 2 });
        try {
          const reviewId = await reviewIdOf(db.kysely);
          const insertMs = await insertIntoPostgres(db, reviewId);
          const baseline = { describe: 'SELECT * FROM record WHERE id = $1 (pg pool, same database, same runs)', read: (id: number) => db.pool.query('SELECT * FROM record WHERE id = $1', [id]) };
          return await measure({ server, kysely: db.kysely, reviewId, insertMs, baseline }, cookie, context);
        } finally {
          await db.close();
        }
      }),
    ),
  );
}

async function signIn(server: ServerProcess): Promise<string> {
  return (await signInWithReview(server.baseUrl, { title: 'Search benchmark', slug: SLUG })).cookieHeader();
}

async function reviewIdOf(kysely: Kysely<Database>): Promise<number> {
  return (await kysely.selectFrom('review').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()).id;
}

async function measure(engine: Engine, cookie: string, { runs, log }: BenchContext) {
  const { server, kysely, reviewId, insertMs, baseline: reference } = engine;
  log(`inserted ${RECORDS} records in one transaction: ${round(insertMs / 1000)} s`);
  const samples = new Map<string, Samples>(QUERIES.map((q) => [q.name, { service: [], http: [], matches: '' }]));
  const baseline: number[] = [];
  const headers = { cookie, 'hx-request': 'true', 'hx-request-type': 'partial' };
  const url = (query: string) => `${server.baseUrl}/reviews/${SLUG}/records?${query}`;
  const service = (query: string) => searchRecords(kysely, reviewId, readListQuery(Object.fromEntries(new URLSearchParams(query))));

  // Unmeasured: page cache, prepared statements and V8 warm, as on a server that has been up a while.
  // A query this database cannot answer yet is reported in its `matches` and left out of the timing.
  const timed: typeof QUERIES[number][] = [];
  for (const q of QUERIES) {
    const s = samples.get(q.name)!;
    try {
      const outcome = await service(q.query);
      s.matches = `${outcome.total}${outcome.capped ? '+' : ''}${outcome.search.correctedTo ? ` (as ${outcome.search.correctedTo})` : ''}`;
    } catch (error) {
      s.matches = `failed: ${(error as Error).message}`;
      log(`"${q.name}" failed, not timed: ${(error as Error).message}`);
      continue;
    }
    const response = await fetch(url(q.query), { headers });
    if (response.status !== 200) throw new Error(`GET ${url(q.query)} answered ${response.status}`);
    await response.text();
    timed.push(q);
  }

  for (let run = 1; run <= runs; run++) {
    for (let i = 0; i < PER_RUN * 5; i++) {
      const id = 1 + Math.floor(Math.random() * RECORDS);
      const start = performance.now();
      await reference.read(id);
      baseline.push(performance.now() - start);
    }
    for (const { name, query } of timed) {
      const s = samples.get(name)!;
      for (let i = 0; i < PER_RUN; i++) {
        let start = performance.now();
        await service(query);
        s.service.push(performance.now() - start);
        start = performance.now();
        const response = await fetch(url(query), { headers });
        await response.text();
        s.http.push(performance.now() - start);
      }
    }
    const first = samples.get(QUERIES[0]!.name)!;
    log(`run ${run}/${runs}: "${QUERIES[0]!.name}" p50 ${round(median(first.service))} ms in process, ${round(median(first.http))} ms over HTTP; SELECT by id p50 ${round(median(baseline), 4)} ms`);
  }

  const typical = (kind: 'one-word' | 'two-word', where: 'service' | 'http') =>
    QUERIES.filter((q) => q.typical === kind).flatMap((q) => samples.get(q.name)![where]);
  const p50 = percentile(typical('one-word', 'service'), 50);
  const baselineP50 = percentile(baseline, 50);
  return {
    runs,
    records: RECORDS,
    insertSeconds: round(insertMs / 1000),
    // Headline: typical one-word searches through the search service, all samples of all runs.
    p50Ms: round(p50),
    p99Ms: round(percentile(typical('one-word', 'service'), 99)),
    twoWordP50Ms: round(percentile(typical('two-word', 'service'), 50)),
    twoWordP99Ms: round(percentile(typical('two-word', 'service'), 99)),
    httpP50Ms: round(percentile(typical('one-word', 'http'), 50)),
    httpP99Ms: round(percentile(typical('one-word', 'http'), 99)),
    httpTwoWordP50Ms: round(percentile(typical('two-word', 'http'), 50)),
    queries: Object.fromEntries(
      QUERIES.map(({ name }): [string, Json] => {
        const s = samples.get(name)!;
        return [name, {
          matches: s.matches,
          p50Ms: round(percentile(s.service, 50)),
          p99Ms: round(percentile(s.service, 99)),
          httpP50Ms: round(percentile(s.http, 50)),
          httpP99Ms: round(percentile(s.http, 99)),
        }];
      }),
    ),
    baseline: reference.describe,
    baselineP50Ms: round(baselineP50, 4),
    baselineP99Ms: round(percentile(baseline, 99), 4),
    ratio: round(p50 / baselineP50, 1),
    // The search service runs in this process; the server's figure covers the HTTP requests.
    peakRssMb: round(peakRssMb(process.pid)),
    serverPeakRssMb: round(server.peakRssMb()),
  };
}

const BATCH_COLUMNS = `review_id, source_type, source_name, searched_on, query, file_name, file_sha256, file_size, format, encoding, found, imported, failed, created_at`;
const BATCH_VALUES = `'database', 'Scopus', '2025-03-12', 'TITLE-ABS-KEY(desistance OR reintegration)', 'scopus.ris', '${'0'.repeat(64)}', 0, 'ris', 'utf-8'`;
const RECORD_COLUMNS = [
  'review_id', 'batch_id', 'position', 'line_start', 'line_end', 'title', 'authors_json', 'first_author', 'year', 'journal',
  'volume', 'issue', 'pages', 'doi', 'abstract', 'keywords_json', 'type', 'language', 'issn', 'publisher', 'csl_json', 'raw', 'created_at', 'updated_at',
];

/** The generated records as `record` rows in RECORD_COLUMNS order, as an import would store them. */
function* recordRows(reviewId: number, batchId: number, now: string): Generator<unknown[]> {
  let line = 1;
  let position = 0;
  for (const r of scopusLikeRecords(RECORDS)) {
    const lines = r.raw.split('\n').length;
    yield [
      reviewId, batchId, ++position, line, line + lines - 1, r.title, JSON.stringify(r.authors), r.authors[0] ?? '', r.year, r.journal,
      r.volume, r.issue, r.pages, r.doi, r.abstract, JSON.stringify(r.keywords), r.type, 'English', r.issn, r.publisher, '{}', r.raw, now, now,
    ];
    line += lines + 1;
  }
}

/** One import batch and RECORDS records in one transaction (FTS5 follows by trigger). Returns ms. */
function insertIntoSqlite(db: SqliteDb, reviewId: number): number {
  const start = performance.now();
  const now = new Date().toISOString();
  const batch = db.sqlite.prepare(`INSERT INTO import_batch (${BATCH_COLUMNS}) VALUES (?, ${BATCH_VALUES}, ?, ?, 0, ?)`);
  const record = db.sqlite.prepare(`INSERT INTO record (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`);
  db.sqlite.transaction(() => {
    const batchId = Number(batch.run(reviewId, RECORDS, RECORDS, now).lastInsertRowid);
    for (const row of recordRows(reviewId, batchId, now)) record.run(...row);
  })();
  return performance.now() - start;
}

/** Rows per INSERT on PostgreSQL: an import chunk's order of size (the search triggers run per statement). */
const POSTGRES_CHUNK = 1000;

/** The same in one PostgreSQL transaction (the ms returned), then VACUUM ANALYZE, as autovacuum would soon after an import. */
async function insertIntoPostgres(db: PostgresDb, reviewId: number): Promise<number> {
  const start = performance.now();
  const now = new Date().toISOString();
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    const batch = await client.query<{ id: number }>(`INSERT INTO import_batch (${BATCH_COLUMNS}) VALUES ($1, ${BATCH_VALUES}, $2, $3, 0, $4) RETURNING id`, [reviewId, RECORDS, RECORDS, now]);
    let chunk: unknown[][] = [];
    const flush = async () => {
      const placeholders = chunk.map((_, row) => `(${RECORD_COLUMNS.map((_, column) => `$${row * RECORD_COLUMNS.length + column + 1}`).join(', ')})`);
      await client.query(`INSERT INTO record (${RECORD_COLUMNS.join(', ')}) VALUES ${placeholders.join(', ')}`, chunk.flat());
      chunk = [];
    };
    for (const row of recordRows(reviewId, Number(batch.rows[0]!.id), now)) {
      chunk.push(row);
      if (chunk.length === POSTGRES_CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  const took = performance.now() - start;
  await db.pool.query('vacuum analyze');
  return took;
}
