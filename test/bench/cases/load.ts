import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb } from '../../../src/db/open.js';
import { countersAndRecount } from '../../support/recount.js';
import { countersAndTruth } from '../../support/screening-fixtures.js';
import type { BenchCase, Json } from '../bench-case.js';
import { FormClient } from '../form-client.js';
import { percentile, round } from '../measure.js';
import { seedScreening } from '../screening-seed.js';
import { seededRandom, writeScopusRis } from '../search-corpus.js';
import { withServer } from '../server-process.js';
import { addReviewer, expectStatus, signInWithReview } from '../sign-in.js';
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
}

const newLog = (): PhaseLog => ({ nextMs: [], decisionMs: [], statuses: new Map(), acknowledged: 0, refusedComplete: 0, last: new Map() });

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
async function screen(reviewer: { client: FormClient; id: number }, until: number, think: (() => number) | null, log: PhaseLog): Promise<void> {
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

/**
 * A team at once: 20 reviewers screen a 50,000-record title/abstract stage (two decisions per
 * record, blind, 95% already screened by two others) for 60 s at a person's pace, while a
 * 10,000-record import is stored and duplicate checks run; then 30 s at full speed while the same
 * export is imported again (10,000 certain duplicates to link). Everything checked against the
 * database afterwards: every acknowledged decision is there, every counter equals a recount.
 */
export const loadCase: BenchCase = {
  name: 'load',
  description: `${REVIEWERS} reviewers at ${RECORDS.toLocaleString('en-GB')} records while a ${IMPORTED.toLocaleString('en-GB')}-record import and duplicate checks run`,
  defaultRuns: 1,
  async run({ runs, log }) {
    const results = [];
    for (let run = 1; run <= runs; run++) {
      results.push(
        await withTempDir(async (workDir) => {
          const dataDir = join(workDir, 'data');
          const file = join(workDir, 'scopus.ris');
          await writeScopusRis(file, IMPORTED);
          return withServer({ dataDir, logFile: join(workDir, 'server.log') }, async (server) => {
            const owner = await signInWithReview(server.baseUrl, { title: 'A team at once', slug: SLUG });
            const emails = Array.from({ length: REVIEWERS }, (_, i) => `reviewer${i + 1}@bench.example`);
            const reviewers: Array<{ client: FormClient; id: number }> = [];
            for (const email of emails) {
              const client = await addReviewer(server.baseUrl, owner, SLUG, { name: email.split('@')[0]!, email, password: 'reviewer-password-1' });
              reviewers.push({ client, id: reviewers.length + 1 });
            }
            // Two earlier reviewers screened 95%: the team works on the rest.
            for (const name of ['earlier1', 'earlier2']) {
              await addReviewer(server.baseUrl, owner, SLUG, { name, email: `${name}@bench.example`, password: 'reviewer-password-1' });
            }
            const seeded = seedScreening(join(dataDir, 'coreview.sqlite'), { slug: SLUG, reviewerEmails: ['earlier1@bench.example', 'earlier2@bench.example'], records: RECORDS, screenedShare: SCREENED });
            log(`run ${run}: ${REVIEWERS} reviewers, ${seeded.openIds.length} open records of ${RECORDS}`);
            for (const r of reviewers) expectStatus(`GET ${PAGE}`, (await r.client.get(PAGE)).status, 200);

            const phase = async (name: string, seconds: number, think: boolean) => {
              const location = await previewImport(owner, file);
              const phaseLog = newLog();
              const started = performance.now();
              await startBackgroundWork(owner, location);
              const until = started + seconds * 1000;
              await Promise.all(reviewers.map((r) => {
                const random = seededRandom(1000 + r.id);
                return screen(r, until, think ? () => THINK_MS[0] + random() * (THINK_MS[1] - THINK_MS[0]) : null, phaseLog);
              }));
              log(`run ${run} ${name}: ${phaseLog.acknowledged} decisions, statuses ${JSON.stringify(Object.fromEntries(phaseLog.statuses))}`);
              return phaseLog;
            };
            const human = await phase('human pace', HUMAN_S, true);
            const full = await phase('full speed', FULL_SPEED_S, false);
            // Let the imports and checks finish before counting.
            const db = openDb(join(dataDir, 'coreview.sqlite'));
            try {
              for (let waited = 0; db.sqlite.prepare("SELECT count(*) FROM job WHERE state IN ('queued', 'running')").pluck().get() !== 0; waited += 500) {
                if (waited > 300_000) throw new Error('background jobs did not finish within 5 minutes');
                await new Promise((resolve) => setTimeout(resolve, 500));
              }
              const reviewId = db.sqlite.prepare('SELECT id FROM review WHERE slug = ?').pluck().get(SLUG) as number;
              const ids = new Map(emails.map((email, i) => [i + 1, db.sqlite.prepare('SELECT id FROM account WHERE email = ?').pluck().get(email) as number]));
              const stored = db.sqlite.prepare("SELECT decision FROM screening_decision WHERE record_id = ? AND stage = 'title_abstract' AND reviewer_id = ?").pluck();
              const lastOf = new Map([...human.last, ...full.last]);
              const missing = [...lastOf].filter(([key, decision]) => {
                const [reviewer, record] = key.split(':').map(Number) as [number, number];
                return stored.get(record, ids.get(reviewer)) !== decision;
              }).length;
              const screening = await countersAndTruth(db, reviewId);
              const imports = await countersAndRecount(db, reviewId);
              const countersExact = JSON.stringify(screening.counters) === JSON.stringify(screening.truth) && JSON.stringify(imports.counters) === JSON.stringify(imports.recount);
              const failedJobs = db.sqlite.prepare("SELECT kind, error FROM job WHERE state = 'failed'").all() as Json[];
              // What the server logged as errors, so a failing run says why.
              const serverErrors = readFileSync(join(workDir, 'server.log'), 'utf8').split('\n').filter((line) => line.includes('"level":50')).slice(0, 5)
                .map((line) => { const entry = JSON.parse(line) as { msg: string; err?: { message?: string } }; return `${entry.msg}: ${entry.err?.message ?? ''}`; });
              const figures = (p: PhaseLog) => ({
                decisions: p.acknowledged,
                refusedComplete: p.refusedComplete,
                refusedShare: round(p.refusedComplete / Math.max(1, p.acknowledged + p.refusedComplete), 4),
                errors: [...p.statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0),
                statuses: Object.fromEntries([...p.statuses].map(([s, n]) => [String(s), n])),
                nextP50Ms: round(percentile(p.nextMs, 50)),
                nextP99Ms: round(percentile(p.nextMs, 99)),
                decisionP50Ms: round(percentile(p.decisionMs, 50)),
                decisionP99Ms: round(percentile(p.decisionMs, 99)),
              });
              return {
                humanPace: figures(human),
                fullSpeed: figures(full),
                acknowledgedMissing: missing,
                countersExact,
                counters: { ...screening.counters, ...imports.counters } as Json,
                recount: { ...screening.truth, ...imports.recount } as Json,
                failedJobs,
                serverErrors,
                recordsAfter: db.sqlite.prepare('SELECT count(*) FROM record WHERE review_id = ?').pluck().get(reviewId) as number,
                peakRssMb: round(server.peakRssMb()),
              };
            } finally {
              await db.close();
            }
          });
        }),
      );
    }
    const last = results.at(-1)!;
    const problems = results.flatMap((r) => [
      ...(r.humanPace.errors + r.fullSpeed.errors > 0 ? ['responses ≥ 500'] : []),
      ...(r.acknowledgedMissing > 0 ? ['acknowledged decisions missing'] : []),
      ...(r.countersExact ? [] : ['a counter differs from its recount']),
      ...(r.failedJobs.length > 0 ? ['a background job failed'] : []),
    ]);
    if (problems.length > 0) throw new Error(`load: ${[...new Set(problems)].join('; ')}\n${JSON.stringify(last)}`);
    return {
      runs,
      reviewers: REVIEWERS,
      records: RECORDS,
      ...last,
      baseline: 'decisions refused as already complete, share of decisions',
      ratio: last.humanPace.refusedShare,
    };
  },
};
