import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { copyDatabase } from '../../../src/copy/copy-database.js';
import type { Db } from '../../../src/db/database.js';
import { openPostgres } from '../../../src/db/postgres/open-postgres.js';
import { openDataDirDatabase, queryRows, queryValue } from '../../support/data-dir-query.js';
import { countersAndRecount } from '../../support/recount.js';
import { countersAndTruth } from '../../support/screening-fixtures.js';
import type { BenchCase, Json } from '../bench-case.js';
import { BENCH_POSTGRES_URL, withBenchDatabase } from '../bench-postgres.js';
import type { FormClient } from '../form-client.js';
import { percentile, round } from '../measure.js';
import { seedScreening } from '../screening-seed.js';
import { seededRandom, writeScopusRis } from '../search-corpus.js';
import { withServer, type ServerProcess } from '../server-process.js';
import { addReviewer, expectStatus, signInAs, signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';

const RECORDS = 50_000;
const SCREENED = 0.95;
const REVIEWERS = 20;
const IMPORTED = 10_000;
const HUMAN_S = 60;
const FULL_SPEED_S = 30;
const THINK_MS = [3_000, 8_000] as const;
const SLUG = 'team';
const PAGE = `/reviews/${SLUG}/screening/title-abstract`;
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const COMPLETE = /decisions? it needs/;

interface PhaseLog {
  nextMs: number[];
  decisionMs: number[];
  statuses: Map<number, number>;
  acknowledged: number;
  refusedComplete: number;
  /** The last decision the server acknowledged, by reviewer and record. */
  last: Map<string, string>;
  /** Decisions acknowledged by each process. */
  byProcess: number[];
  seconds: number;
}

const newLog = (processes: number): PhaseLog => ({ nextMs: [], decisionMs: [], statuses: new Map(), acknowledged: 0, refusedComplete: 0, last: new Map(), byProcess: Array<number>(processes).fill(0), seconds: 0 });

async function timed<T>(times: number[], request: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const answer = await request();
  times.push(performance.now() - started);
  return answer;
}

/**
 * One reviewer's loop, as a person screens: ask for the next record, read it (a seeded 3–8 s, or
 * not at all at full speed), decide include or exclude, until the phase ends.
 */
async function screen(reviewer: { client: FormClient; id: number; process: number }, until: number, think: (() => number) | null, log: PhaseLog): Promise<void> {
  const random = seededRandom(reviewer.id);
  while (performance.now() < until) {
    const next = await timed(log.nextMs, () => reviewer.client.get(PAGE, FRAGMENT));
    log.statuses.set(next.status, (log.statuses.get(next.status) ?? 0) + 1);
    const record = /data-record="(\d+)"/.exec(next.body)?.[1];
    if (next.status !== 200 || record === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    if (think) await new Promise((resolve) => setTimeout(resolve, think()));
    const decision = random() < 0.1 ? 'include' : 'exclude';
    const answer = await timed(log.decisionMs, () => reviewer.client.post(`${PAGE}/records/${record}`, { decision }, FRAGMENT));
    log.statuses.set(answer.status, (log.statuses.get(answer.status) ?? 0) + 1);
    if (answer.status === 200) {
      log.acknowledged++;
      log.byProcess[reviewer.process]!++;
      log.last.set(`${reviewer.id}:${record}`, decision);
    } else if (answer.status === 422 && COMPLETE.test(answer.body)) {
      log.refusedComplete++;
    }
  }
}

/** Uploads an export and waits for its preview, so the phase can start by committing it. */
async function previewImport(owner: FormClient, file: string): Promise<string> {
  await owner.get(`/reviews/${SLUG}/imports`);
  const uploaded = await owner.postFiles(`/reviews/${SLUG}/imports`, { sourceType: 'database', sourceName: 'Scopus' }, { field: 'files', paths: [file] });
  expectStatus('POST imports', uploaded.status, 303, uploaded.body);
  const location = uploaded.location!;
  for (;;) {
    const page = await owner.get(location, FRAGMENT);
    if (page.body.includes('data-state="ready"')) return location;
    if (!page.body.includes('data-state="reading"')) throw new Error(`the upload did not become ready: ${/data-state="(\w+)"/.exec(page.body)?.[1]}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Commits the previewed import and asks for a check of the whole review, as an owner would while the team screens. */
async function startBackgroundWork(owner: FormClient, location: string): Promise<void> {
  await owner.get(location);
  expectStatus('POST commit', (await owner.post(`${location}/commit`, {})).status, 303);
  await owner.get(`/reviews/${SLUG}/duplicates`);
  expectStatus('POST detect', (await owner.post(`/reviews/${SLUG}/duplicates/detect`, {})).status, 303);
}

const OWNER = { email: 'owner@bench.example', password: 'bench-password-1' };
const REVIEWER_PASSWORD = 'reviewer-password-1';
const EARLIER = ['earlier1', 'earlier2'] as const;
const EARLIER_EMAILS: [string, string] = [`${EARLIER[0]}@bench.example`, `${EARLIER[1]}@bench.example`];

/** The team as the server(s) know it: the owner on each process, and each reviewer on one of them. */
interface Team {
  /** One signed-in owner per process: the upload goes to the first, its commit to the last. */
  owners: FormClient[];
  reviewers: Array<{ client: FormClient; id: number; process: number }>;
}

/** A review of RECORDS records, 95% screened by two earlier reviewers, with REVIEWERS members to screen the rest, made through the forms of a SQLite server in `dataDir`. */
async function seedTeam(workDir: string, dataDir: string, log: (line: string) => void): Promise<{ team: Team; emails: string[] }> {
  return withServer({ dataDir, logFile: join(workDir, 'seed.log') }, async (server) => {
    const owner = await signInWithReview(server.baseUrl, { title: 'A team at once', slug: SLUG });
    const emails = Array.from({ length: REVIEWERS }, (_, i) => `reviewer${i + 1}@bench.example`);
    const reviewers: Team['reviewers'] = [];
    for (const email of emails) {
      const client = await addReviewer(server.baseUrl, owner, SLUG, { name: email.split('@')[0]!, email, password: REVIEWER_PASSWORD });
      reviewers.push({ client, id: reviewers.length + 1, process: 0 });
    }
    for (const [i, name] of EARLIER.entries()) await addReviewer(server.baseUrl, owner, SLUG, { name, email: EARLIER_EMAILS[i]!, password: REVIEWER_PASSWORD });
    const seeded = seedScreening(join(dataDir, 'coreview.sqlite'), { slug: SLUG, reviewerEmails: EARLIER_EMAILS, records: RECORDS, screenedShare: SCREENED });
    log(`${REVIEWERS} reviewers, ${seeded.openIds.length} open records of ${RECORDS}`);
    return { team: { owners: [owner], reviewers }, emails };
  });
}

/** The same team signed in again on `servers`, reviewers dealt to them in turn (sign-ins are not copied to another database). */
async function signInTeam(servers: readonly ServerProcess[], emails: readonly string[]): Promise<Team> {
  const owners = await Promise.all(servers.map((server) => signInAs(server.baseUrl, OWNER.email, OWNER.password)));
  const reviewers: Team['reviewers'] = [];
  for (const [i, email] of emails.entries()) {
    const process = i % servers.length;
    reviewers.push({ client: await signInAs(servers[process]!.baseUrl, email, REVIEWER_PASSWORD), id: i + 1, process });
  }
  return { owners, reviewers };
}

/** Both phases: 60 s at a person's pace, then 30 s at full speed, each while an import is committed and duplicates are checked. */
async function screenInPhases(team: Team, file: string, log: (line: string) => void): Promise<{ human: PhaseLog; full: PhaseLog }> {
  for (const r of team.reviewers) expectStatus(`GET ${PAGE}`, (await r.client.get(PAGE)).status, 200);
  const phase = async (name: string, seconds: number, think: boolean) => {
    const location = await previewImport(team.owners[0]!, file);
    const phaseLog = newLog(team.owners.length);
    const started = performance.now();
    await startBackgroundWork(team.owners.at(-1)!, location);
    const until = started + seconds * 1000;
    await Promise.all(team.reviewers.map((r) => {
      const random = seededRandom(1000 + r.id);
      return screen(r, until, think ? () => THINK_MS[0] + random() * (THINK_MS[1] - THINK_MS[0]) : null, phaseLog);
    }));
    phaseLog.seconds = (performance.now() - started) / 1000;
    log(`${name}: ${phaseLog.acknowledged} decisions, statuses ${JSON.stringify(Object.fromEntries(phaseLog.statuses))}`);
    return phaseLog;
  };
  return { human: await phase('human pace', HUMAN_S, true), full: await phase('full speed', FULL_SPEED_S, false) };
}

/** Waits for the background jobs, then checks every acknowledged decision and every counter against the database. */
async function verify(db: Db, emails: readonly string[], phases: { human: PhaseLog; full: PhaseLog }, logFiles: readonly string[]) {
  for (let waited = 0; (await queryValue<number>(db, "SELECT count(*) AS n FROM job WHERE state IN ('queued', 'running')")) !== 0; waited += 500) {
    if (waited > 300_000) throw new Error('background jobs did not finish within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const reviewId = await queryValue<number>(db, 'SELECT id FROM review WHERE slug = ?', SLUG);
  const ids = new Map<number, number>();
  for (const [i, email] of emails.entries()) ids.set(i + 1, await queryValue<number>(db, 'SELECT id FROM account WHERE email = ?', email));
  const lastOf = new Map([...phases.human.last, ...phases.full.last]);
  let missing = 0;
  for (const [key, decision] of lastOf) {
    const [reviewer, record] = key.split(':').map(Number) as [number, number];
    const stored = await queryRows<{ decision: string }>(db, "SELECT decision FROM screening_decision WHERE record_id = ? AND stage = 'title_abstract' AND reviewer_id = ?", record, ids.get(reviewer));
    if (stored[0]?.decision !== decision) missing++;
  }
  const screening = await countersAndTruth(db, reviewId);
  const imports = await countersAndRecount(db, reviewId);
  // What the servers logged as errors, so a failing run says why.
  const serverErrors = logFiles.flatMap((file) => readFileSync(file, 'utf8').split('\n')).filter((line) => line.includes('"level":50')).slice(0, 5)
    .map((line) => { const entry = JSON.parse(line) as { msg: string; err?: { message?: string } }; return `${entry.msg}: ${entry.err?.message ?? ''}`; });
  return {
    acknowledgedMissing: missing,
    countersExact: JSON.stringify(screening.counters) === JSON.stringify(screening.truth) && JSON.stringify(imports.counters) === JSON.stringify(imports.recount),
    counters: { ...screening.counters, ...imports.counters } as Json,
    recount: { ...screening.truth, ...imports.recount } as Json,
    failedJobs: await queryRows<Json>(db, "SELECT kind, error FROM job WHERE state = 'failed'"),
    serverErrors,
    recordsAfter: await queryValue<number>(db, 'SELECT count(*) AS n FROM record WHERE review_id = ?', reviewId),
  };
}

const figures = (p: PhaseLog) => ({
  decisions: p.acknowledged,
  decisionsPerSecondPerProcess: p.byProcess.map((n) => round(n / p.seconds, 1)),
  refusedComplete: p.refusedComplete,
  refusedShare: round(p.refusedComplete / Math.max(1, p.acknowledged + p.refusedComplete), 4),
  errors: [...p.statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0),
  statuses: Object.fromEntries([...p.statuses].map(([s, n]) => [String(s), n])),
  nextP50Ms: round(percentile(p.nextMs, 50)),
  nextP99Ms: round(percentile(p.nextMs, 99)),
  decisionP50Ms: round(percentile(p.decisionMs, 50)),
  decisionP99Ms: round(percentile(p.decisionMs, 99)),
});

type LoadResult = Awaited<ReturnType<typeof verify>> & { humanPace: ReturnType<typeof figures>; fullSpeed: ReturnType<typeof figures>; processes: number; peakRssMb: number; peakRssMbByProcess: number[] };

const peaks = (servers: readonly ServerProcess[]) => {
  const each = servers.map((server) => round(server.peakRssMb()));
  return { peakRssMb: Math.max(...each), peakRssMbByProcess: each };
};

/** The team on the SQLite file it was made on: one process. */
function onSqlite(log: (line: string) => void): Promise<LoadResult> {
  return withTempDir(async (workDir) => {
    const dataDir = join(workDir, 'data');
    const file = join(workDir, 'scopus.ris');
    await writeScopusRis(file, IMPORTED);
    const { emails } = await seedTeam(workDir, dataDir, (line) => log(`SQLite: ${line}`));
    const logFile = join(workDir, 'server.log');
    return withServer({ dataDir, logFile }, async (server) => {
      const phases = await screenInPhases(await signInTeam([server], emails), file, (line) => log(`SQLite, one process, ${line}`));
      const db = await openDataDirDatabase(dataDir);
      try {
        return { ...(await verify(db, emails, phases, [logFile])), humanPace: figures(phases.human), fullSpeed: figures(phases.full), processes: 1, ...peaks([server]) };
      } finally {
        await db.close();
      }
    });
  });
}

/**
 * The same team moved up to PostgreSQL with `coreview copy`'s service, then served by two
 * processes sharing the database and the data dir: the upload on one, its commit on the other,
 * the reviewers dealt to both.
 */
function onPostgres(serverUrl: string, log: (line: string) => void): Promise<LoadResult> {
  return withTempDir(async (workDir) => {
    const dataDir = join(workDir, 'data');
    const file = join(workDir, 'scopus.ris');
    await writeScopusRis(file, IMPORTED);
    const { emails } = await seedTeam(workDir, dataDir, (line) => log(`PostgreSQL: ${line}`));
    return withBenchDatabase(serverUrl, 'load', async (url) => {
      const copied = await copyDatabase(join(dataDir, 'coreview.sqlite'), { kind: 'postgres', url, poolSize: 4 });
      log(`PostgreSQL: copied in ${round(copied.seconds, 1)} s`);
      const env = { COREVIEW_DATABASE_URL: url };
      const logFiles = [join(workDir, 'server-a.log'), join(workDir, 'server-b.log')];
      return withServer({ dataDir, logFile: logFiles[0]!, env }, (a) =>
        withServer({ dataDir, logFile: logFiles[1]!, env }, async (b) => {
          const phases = await screenInPhases(await signInTeam([a, b], emails), file, (line) => log(`PostgreSQL, two processes, ${line}`));
          const db = await openPostgres({ url, poolSize: 2 });
          try {
            return { ...(await verify(db, emails, phases, logFiles)), humanPace: figures(phases.human), fullSpeed: figures(phases.full), processes: 2, ...peaks([a, b]) };
          } finally {
            await db.close();
          }
        }),
      );
    });
  });
}

const problemsOf = (r: LoadResult) => [
  ...(r.humanPace.errors + r.fullSpeed.errors > 0 ? ['responses ≥ 500'] : []),
  ...(r.acknowledgedMissing > 0 ? ['acknowledged decisions missing'] : []),
  ...(r.countersExact ? [] : ['a counter differs from its recount']),
  ...(r.failedJobs.length > 0 ? ['a background job failed'] : []),
];

/**
 * A team at once: 20 reviewers screen a 50,000-record title/abstract stage (two decisions per
 * record, blind, 95% already screened by two others) for 60 s at a person's pace, while a
 * 10,000-record import is stored and duplicate checks run; then 30 s at full speed while the same
 * export is imported again (10,000 certain duplicates to link). Everything checked against the
 * database afterwards: every acknowledged decision is there, every counter equals a recount. On
 * SQLite with one process; with COREVIEW_BENCH_POSTGRES_URL also on PostgreSQL with two processes
 * in the same run, each one's decisions per second beside the other's.
 */
export const loadCase: BenchCase = {
  name: 'load',
  description: `${REVIEWERS} reviewers at ${RECORDS.toLocaleString('en-GB')} records while a ${IMPORTED.toLocaleString('en-GB')}-record import and duplicate checks run (SQLite, one process; PostgreSQL, two, with COREVIEW_BENCH_POSTGRES_URL)`,
  defaultRuns: 1,
  async run({ runs, log }) {
    const sqlite: LoadResult[] = [];
    const postgres: LoadResult[] = [];
    for (let run = 1; run <= runs; run++) {
      sqlite.push(await onSqlite((line) => log(`run ${run}, ${line}`)));
      if (BENCH_POSTGRES_URL !== null) postgres.push(await onPostgres(BENCH_POSTGRES_URL, (line) => log(`run ${run}, ${line}`)));
    }
    const problems = [...sqlite.map((r) => ['SQLite', r] as const), ...postgres.map((r) => ['PostgreSQL', r] as const)].flatMap(([name, r]) => problemsOf(r).map((p) => `${name}: ${p}`));
    if (problems.length > 0) throw new Error(`load: ${[...new Set(problems)].join('; ')}\n${JSON.stringify({ sqlite: sqlite.at(-1), postgres: postgres.at(-1) })}`);
    const last = sqlite.at(-1)!;
    return {
      runs,
      reviewers: REVIEWERS,
      records: RECORDS,
      ...last,
      postgres: postgres.at(-1) ?? 'not measured: set COREVIEW_BENCH_POSTGRES_URL',
      baseline: 'decisions refused as already complete, share of decisions',
      ratio: last.humanPace.refusedShare,
    };
  },
};
