import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SqliteDb as Db } from '../../../src/db/database.js';
import { openDb } from '../../../src/db/open.js';
import { readListQuery } from '../../../src/records/record-list-query.js';
import { searchRecords } from '../../../src/records/record-search.js';
import type { BenchCase } from '../bench-case.js';
import { median, percentile, round } from '../measure.js';
import { scopusLikeRecords } from '../search-corpus.js';
import { peakRssMb, withServer } from '../server-process.js';
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

/**
 * Records search at 50,000 Scopus-like records (~2.7 KB each, inserted in one transaction into the
 * real server's database): each query through the search service in this process (FTS5, typo
 * check, capped count, rows, snippets) and as the htmx fragment request a browser makes (session,
 * membership, render, HTTP). Baseline: `SELECT * FROM record WHERE id = ?` on the same database,
 * timed in the same runs.
 */
export const searchCase: BenchCase = {
  name: 'search',
  description: `records search at ${RECORDS.toLocaleString('en-GB')} records, one- and two-word, against SELECT by id`,
  defaultRuns: 5,
  async run({ runs, log }) {
    return withTempDir((workDir) => {
      const dataDir = join(workDir, 'data');
      return withServer({ dataDir, logFile: join(workDir, 'server.log') }, async (server) => {
        const cookie = (await signInWithReview(server.baseUrl, { title: 'Search benchmark', slug: SLUG })).cookieHeader();
        const db = openDb(join(dataDir, 'coreview.sqlite'));
        try {
          const reviewId = (await db.kysely.selectFrom('review').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()).id;
          const insertMs = insertRecords(db, reviewId);
          log(`inserted ${RECORDS} records in one transaction: ${round(insertMs / 1000)} s`);

          const byId = db.sqlite.prepare('SELECT * FROM record WHERE id = ?');
          const samples = new Map<string, Samples>(QUERIES.map((q) => [q.name, { service: [], http: [], matches: '' }]));
          const baseline: number[] = [];
          const headers = { cookie, 'hx-request': 'true', 'hx-request-type': 'partial' };
          const url = (query: string) => `${server.baseUrl}/reviews/${SLUG}/records?${query}`;
          const service = (query: string) => searchRecords(db.kysely, reviewId, readListQuery(Object.fromEntries(new URLSearchParams(query))));

          // Unmeasured: page cache, prepared statements and V8 warm, as on a server that has been up a while.
          for (const { name, query } of QUERIES) {
            const outcome = await service(query);
            samples.get(name)!.matches = `${outcome.total}${outcome.capped ? '+' : ''}${outcome.search.correctedTo ? ` (as ${outcome.search.correctedTo})` : ''}`;
            const response = await fetch(url(query), { headers });
            if (response.status !== 200) throw new Error(`GET ${url(query)} answered ${response.status}`);
            await response.text();
          }

          for (let run = 1; run <= runs; run++) {
            for (let i = 0; i < PER_RUN * 5; i++) {
              const id = 1 + Math.floor(Math.random() * RECORDS);
              const start = performance.now();
              byId.get(id);
              baseline.push(performance.now() - start);
            }
            for (const { name, query } of QUERIES) {
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
              QUERIES.map(({ name }) => {
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
            baseline: 'SELECT * FROM record WHERE id = ? (better-sqlite3, same database, same runs)',
            baselineP50Ms: round(baselineP50, 4),
            baselineP99Ms: round(percentile(baseline, 99), 4),
            ratio: round(p50 / baselineP50, 1),
            // The search service runs in this process; the server's figure covers the HTTP requests.
            peakRssMb: round(peakRssMb(process.pid)),
            serverPeakRssMb: round(server.peakRssMb()),
          };
        } finally {
          await db.close();
        }
      });
    });
  },
};

/** One import batch and RECORDS records in one transaction, as an import would store them. Returns ms. */
function insertRecords(db: Db, reviewId: number): number {
  const start = performance.now();
  const now = new Date().toISOString();
  const batch = db.sqlite.prepare(
    `INSERT INTO import_batch (review_id, source_type, source_name, searched_on, query, file_name, file_sha256, file_size,
       format, encoding, found, imported, failed, created_at)
     VALUES (?, 'database', 'Scopus', '2025-03-12', 'TITLE-ABS-KEY(desistance OR reintegration)', 'scopus.ris', ?, 0, 'ris', 'utf-8', ?, ?, 0, ?)`,
  );
  const record = db.sqlite.prepare(
    `INSERT INTO record (review_id, batch_id, position, line_start, line_end, title, authors_json, first_author, year, journal,
       volume, issue, pages, doi, abstract, keywords_json, type, language, issn, publisher, csl_json, raw, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'English', ?, ?, '{}', ?, ?, ?)`,
  );
  db.sqlite.transaction(() => {
    const batchId = Number(batch.run(reviewId, '0'.repeat(64), RECORDS, RECORDS, now).lastInsertRowid);
    let line = 1;
    let position = 0;
    for (const r of scopusLikeRecords(RECORDS)) {
      const lines = r.raw.split('\n').length;
      record.run(
        reviewId, batchId, ++position, line, line + lines - 1, r.title, JSON.stringify(r.authors), r.authors[0] ?? '', r.year,
        r.journal, r.volume, r.issue, r.pages, r.doi, r.abstract, JSON.stringify(r.keywords), r.type, r.issn, r.publisher, r.raw, now, now,
      );
      line += lines + 1;
    }
  })();
  return performance.now() - start;
}
