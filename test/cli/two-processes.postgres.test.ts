import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { writeScopusRis } from '../bench/search-corpus.js';
import { startServer, type ServerProcess } from '../bench/server-process.js';
import { openDataDirDatabase } from '../support/data-dir-query.js';
import { countersAndRecount } from '../support/recount.js';
import { countersAndTruth } from '../support/screening-fixtures.js';
import { REPO_ROOT } from '../support/run-process.js';
import { databaseEnvFor, dropDatabaseFor } from '../support/test-database.js';
import { Browser, waitForImport } from '../support/two-servers.js';

const SLUG = 'desistance';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
// Three exports of one search: the same studies arrive from several databases (test/fixtures/exports/README.md).
const EXPORTS = { 'ebsco-criminal-justice.ris': 'Criminal Justice Abstracts', 'lens.ris': 'Lens', 'ebsco-psycinfo.ris': 'APA PsycInfo' };
const SEARCH = { sourceType: 'database', searchedOn: '2026-11-01', query: 'desistance AND co-operative*' };
// Read long enough (seconds) that a process can be stopped while it holds the job.
const BIG_IMPORT = 10_000;

/**
 * Issue 15: two Coreview processes on one PostgreSQL database and one data dir, as an institution
 * runs them behind a proxy. One team's sessions go to both alternately; jobs are claimed by one
 * process each; a process stopped with SIGTERM gives back the job it holds and its ranker claim.
 * Runs in the PostgreSQL run only (*.postgres.test.ts): on SQLite one process owns the file.
 */
describe('two Coreview processes on one PostgreSQL database', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'coreview-two-processes-'));
  const dataDir = join(workDir, 'data');
  const servers: ServerProcess[] = [];
  let db: Db | undefined;
  let watch: pg.Client | undefined;
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await db?.close();
    await watch?.end();
    await dropDatabaseFor(dataDir);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('serves one team from both, each job claimed by one process, every count right, and hands over on SIGTERM', { timeout: 300_000 }, async () => {
    mkdirSync(dataDir);
    const env = await databaseEnvFor(dataDir);
    const database = loadConfig({ COREVIEW_DATA_DIR: dataDir, ...env }).database;
    if (database.kind !== 'postgres') throw new Error('this test runs on PostgreSQL only');
    // Every claim of a job, as it happens: the job row itself forgets its owner once done.
    watch = new pg.Client({ connectionString: database.url });
    await watch.connect();
    await watch.query(`
      create schema test_watch;
      create table test_watch.claim (job_id bigint, kind text, claimed_by text, seq bigint generated always as identity);
      create function test_watch.log_claim() returns trigger language plpgsql as $$ begin
        if new.claimed_by is not null and new.claimed_by is distinct from old.claimed_by then
          insert into test_watch.claim (job_id, kind, claimed_by) values (new.id, new.kind, new.claimed_by);
        end if;
        return new;
      end $$;
      create trigger test_watch_claims after update on public.job for each row execute function test_watch.log_claim();`);
    const claims = async () => (await watch!.query<{ job_id: string; kind: string; claimed_by: string }>('select job_id, kind, claimed_by from test_watch.claim order by seq')).rows;

    // Both start at once on the same data dir: one session secret between them, one schema.
    const start = (name: string) => startServer({ dataDir, logFile: join(workDir, `${name}.log`), env });
    const [a, b] = await Promise.all([start('a'), start('b')]);
    servers.push(a, b);
    const processOf = (owner: string) => {
      const [host, pid] = owner.split(' ');
      expect(host).toBe(hostname());
      return [a, b].find((s) => String(s.pid) === pid) ?? expect.fail(`a job was claimed by ${owner}, neither server`);
    };
    db = await openDataDirDatabase(dataDir);

    // The owner is set up on A and makes the review on B; reviewers join through both.
    const owner = new Browser();
    await owner.submit(a, '/setup', '/setup', { name: 'Olive Owner', email: 'owner@example.org', password: 'owner-password-1' });
    await owner.submit(b, '/reviews/new', '/reviews', { title: 'Desistance and co-operatives', slug: SLUG, question: '', description: '' });
    await owner.submit(a, `/reviews/${SLUG}/screening/settings`, `/reviews/${SLUG}/screening/settings/title-abstract`, { reviewersNeeded: '2', recordOrder: 'import' });
    const joinTeam = async (handle: string, first: ServerProcess, second: ServerProcess) => {
      const email = `${handle}@example.org`;
      const temporary = `temporary-${handle}-1`;
      await owner.submit(first, '/people', '/people', { name: handle, email, password: temporary });
      await owner.submit(second, `/reviews/${SLUG}/members`, `/reviews/${SLUG}/members`, { email, role: 'reviewer' });
      const person = new Browser();
      await person.submit(first, '/login', '/login', { email, password: temporary });
      await person.submit(second, '/account', '/account/password', { current: temporary, password: `${handle}-password-1` });
      await person.submit(first, '/reviews', `/invitations/${SLUG}/accept`, {});
      return person;
    };
    const rita = await joinTeam('rita', a, b);
    const sam = await joinTeam('sam', b, a);
    const reviewId = Number((await db.kysely.selectFrom('review').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()).id);

    // Each export uploaded (a real multipart form) on one process, its preview read and committed on the other.
    let turn = 0;
    for (const [file, sourceName] of Object.entries(EXPORTS)) {
      const [up, other] = turn++ % 2 === 0 ? [a, b] : [b, a];
      expect((await owner.get(up, `/reviews/${SLUG}/imports`)).status).toBe(200);
      const sent = await owner.postFiles(up, `/reviews/${SLUG}/imports`, { ...SEARCH, sourceName }, { field: 'files', paths: [join(REPO_ROOT, 'test/fixtures/exports', file)] });
      expect(sent.status, sent.body.slice(0, 300)).toBe(303);
      const jobUrl = sent.location!;
      await waitForImport(owner, other, jobUrl, 'ready');
      expect((await owner.post(other, `${jobUrl}/commit`)).status).toBe(303);
      await waitForImport(owner, up, jobUrl, 'committed');
    }

    // Two reviewers decide the same records, each sending every other decision to the other process.
    const reasons = (await db.kysely.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', 'title_abstract').orderBy('position').execute()).map((r) => String(r.id));
    const DECISIONS = 8;
    const choices = { rita: ['include', 'include', 'maybe', 'exclude'], sam: ['include', 'exclude', 'maybe', 'include'] };
    for (let i = 0; i < DECISIONS; i++) {
      for (const [name, person] of [['rita', rita], ['sam', sam]] as const) {
        const [shown, sent] = (i + (name === 'rita' ? 0 : 1)) % 2 === 0 ? [a, b] : [b, a];
        const page = await person.get(shown, TA);
        const recordId = /data-record="(\d+)"/.exec(page.body)?.[1] ?? expect.fail(`no record shown to ${name}`);
        const choice = choices[name][i % 4]!;
        const decided = await person.post(sent, `${TA}/records/${recordId}`, choice === 'exclude' ? { reason: reasons[0]! } : { decision: choice });
        expect(decided.status, decided.body.slice(0, 300)).toBe(303);
      }
    }

    // A duplicate check asked for on B, with every import's own check done by now.
    await owner.submit(b, `/reviews/${SLUG}/duplicates`, `/reviews/${SLUG}/duplicates/detect`, {});
    const settled = async () => {
      for (let i = 0; i < 600; i++) {
        const busy = await db!.kysely.selectFrom('job').select('id').where('state', 'in', ['queued', 'running']).execute();
        if (busy.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('jobs still queued or running after a minute');
    };
    await settled();

    const jobs = await db.kysely.selectFrom('job').select(['id', 'kind', 'state', 'attempts', 'error']).orderBy('id').execute();
    // Per upload a read and a commit, per commit a duplicate check, and the one asked for.
    expect(jobs.map((j) => j.kind)).toEqual([...Object.keys(EXPORTS).flatMap(() => ['import-read', 'import-commit', 'dedup']), 'dedup']);
    const claimed = await claims();
    for (const job of jobs) {
      // One claim each: no job ran on both processes, or twice.
      const its = claimed.filter((c) => Number(c.job_id) === Number(job.id));
      expect({ job: job.id, kind: job.kind, state: job.state, error: job.error, attempts: Number(job.attempts), claims: its.length }).toEqual({ job: job.id, kind: job.kind, state: 'done', error: null, attempts: 1, claims: 1 });
      processOf(its[0]!.claimed_by);
    }

    const recounted = async () => ({ imports: await countersAndRecount(db!, reviewId), screening: await countersAndTruth(db!, reviewId) });
    const before = await recounted();
    expect(before.imports.counters).toEqual(before.imports.recount);
    expect(before.screening.counters).toEqual(before.screening.truth);
    expect(before.imports.recount.duplicates_marked).toBeGreaterThan(0);
    // Where the two agreed (choices alike at positions 0 and 2 of every 4) the record is decided, else in conflict.
    expect(before.screening.truth).toEqual(expect.objectContaining({ ta_screened: DECISIONS / 2, ta_conflicts: DECISIONS / 2 }));
    expect(Number((await db.kysely.selectFrom('screeningDecision').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(2 * DECISIONS);

    // SIGTERM to the process reading a large upload: it gives the job back, the other finishes it.
    const big = join(workDir, 'scopus-big.ris');
    await writeScopusRis(big, BIG_IMPORT);
    const sent = await owner.postFiles(a, `/reviews/${SLUG}/imports`, { ...SEARCH, sourceName: 'Scopus' }, { field: 'files', paths: [big] });
    expect(sent.status, sent.body.slice(0, 300)).toBe(303);
    const jobUrl = sent.location!;
    let holder: string | undefined;
    for (let i = 0; i < 1000 && holder === undefined; i++) {
      const row = await db.kysely.selectFrom('job').select(['claimedBy', 'state']).where('kind', '=', 'import-read').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(row.state, 'the read finished before it could be interrupted').not.toBe('done');
      holder = row.claimedBy ?? undefined;
      if (holder === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const stopped = processOf(holder!);
    const survivor = stopped === a ? b : a;
    const stopping = Date.now();
    await stopped.stop();
    // By itself, before startServer's SIGKILL after 5 s.
    expect(Date.now() - stopping).toBeLessThan(4_500);
    const ready = await waitForImport(owner, survivor, jobUrl, 'ready', 180_000);
    expect(/data-count="imported">([\d,]+)</.exec(ready)?.[1]).toBe(BIG_IMPORT.toLocaleString('en-GB'));
    const read = await db.kysely.selectFrom('job').select(['id', 'attempts']).where('kind', '=', 'import-read').orderBy('id', 'desc').executeTakeFirstOrThrow();
    // Given back, not abandoned: a killed process's job would count its attempt (2).
    expect(Number(read.attempts)).toBe(1);
    expect((await claims()).filter((c) => Number(c.job_id) === Number(read.id)).map((c) => processOf(c.claimed_by))).toEqual([stopped, survivor]);

    // The survivor holds the ranker's claim (it had it, or took it over when the other's session ended).
    const holders = async () =>
      (await watch!.query(
        "select l.pid from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and l.classid = 17238 and l.objid = 3 and l.granted and d.datname = current_database()",
      )).rowCount;
    for (let i = 0; i < 50 && (await holders()) !== 1; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await holders()).toBe(1);

    // Nothing counted twice or lost on the way; the preview waits to be committed.
    expect(await recounted()).toEqual(before);

    // A third process starting on the shared data dir removes what the stopped one left in tmp/, not
    // what the survivor is receiving (names as src/http/temp-files.ts makes them).
    const tmp = join(dataDir, 'tmp');
    const receiving = (server: ServerProcess) => `${encodeURIComponent(hostname())}+${server.pid}+token+in-flight.upload`;
    mkdirSync(tmp, { recursive: true });
    for (const server of [stopped, survivor]) writeFileSync(join(tmp, receiving(server)), 'half an upload');
    const third = await start('c');
    servers.push(third);
    expect(readdirSync(tmp)).toEqual([receiving(survivor)]);
    rmSync(join(tmp, receiving(survivor)));
    await third.stop();

    // Stopped gracefully, neither process leaves a connection open, a file in tmp/ or an error in its log.
    await survivor.stop();
    // This test's own connections too (they are named as Coreview's).
    await db.close();
    db = undefined;
    const left = () => watch!.query("select application_name from pg_stat_activity where datname = current_database() and application_name like 'coreview%'");
    // A backend ends a moment after its client said goodbye.
    for (let i = 0; i < 20 && (await left()).rowCount !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await left()).rows).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    for (const name of ['a', 'b', 'c']) expect(readFileSync(join(workDir, `${name}.log`), 'utf8')).not.toMatch(/"level":50/);
  });
});
