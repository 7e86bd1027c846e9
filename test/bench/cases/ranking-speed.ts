import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HASHING_THRESHOLD } from '../../../src/ranking/tfidf.js';
import { generateRecords, readSourceSentences } from '../abstract-corpus.js';
import type { BenchCase, BenchResult } from '../bench-case.js';
import type { FormClient } from '../form-client.js';
import { loadTest, type LoadResult } from '../load.js';
import { median, percentile, round } from '../measure.js';
import { seedScreening } from '../screening-seed.js';
import { runNode, withServer } from '../server-process.js';
import { addReviewer, expectStatus, signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';

const FEATURE_RECORDS = 50_000;
/** Records and labels of the two retraining figures the issue sets (≤ 150 ms and ≤ 500 ms). */
const RETRAIN_SIZES = [
  { records: 10_000, labels: 5_000 },
  { records: 50_000, labels: 15_000 },
] as const;
const RETRAINS_PER_RUN = 10;

const PAGE_RECORDS = 50_000;
const PAGE_SCREENED = 0.3;
const CONNECTIONS = 10;
const DURATION_S = 5;
const DECISIONS_PER_S = 4;
const READY_TIMEOUT_MS = 10 * 60_000;
const SLUG = 'ranking-bench';
const PAGE = `/reviews/${SLUG}/screening/title-abstract`;
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

/**
 * Relevance ranking's speed (issue 14): the features of 50,000 records and the matrix built from them,
 * one retraining plus rescoring at 10,000 and 50,000 records, each in a process of its own
 * (ranking-work.ts); then the next-record page of a real server while its ranker thread retrains
 * continuously, against the same page with the ranker idle. Text from abstract-corpus.ts.
 */
export const rankingSpeedCase: BenchCase = {
  name: 'ranking-speed',
  description: `relevance ranking: features of ${FEATURE_RECORDS.toLocaleString('en-GB')} records, one retrain at 10,000 / 50,000 records, next-record page while the ranker retrains`,
  defaultRuns: 3,
  async run({ runs, log }) {
    return [await featureFigures(runs, log), ...(await retrainFigures(runs, log)), await pageFigures(runs, log)];
  },
};

async function work<T>(args: string[]): Promise<T> {
  const { stdout } = await runNode(['--import', 'tsx', 'test/bench/ranking-work.ts', ...args], 15 * 60_000);
  return JSON.parse(stdout) as T;
}

interface FeatureRun {
  wordsPerRecord: number;
  baselineMs: number;
  termsMs: number;
  matrixMs: number;
  totalMs: number;
  distinctTerms: number;
  nonZeros: number;
  blobMb: number;
  textPeakRssMb: number;
  peakRssMb: number;
}

/** Features for 50,000 records (≤ 30 s, peak RSS ≤ 1 GB): each run a fresh process, so its VmHWM is that run's. */
async function featureFigures(runs: number, log: (message: string) => void): Promise<BenchResult> {
  const measured: FeatureRun[] = [];
  for (let i = 1; i <= runs; i++) {
    const r = await work<FeatureRun>(['features', String(FEATURE_RECORDS)]);
    measured.push(r);
    log(`features run ${i}/${runs}: terms ${round(r.termsMs)} ms + matrix ${round(r.matrixMs)} ms, peak RSS ${round(r.peakRssMb)} MB (text alone ${round(r.textPeakRssMb)} MB)`);
  }
  const m = (pick: (r: FeatureRun) => number) => round(median(measured.map(pick)));
  const totalMs = median(measured.map((r) => r.totalMs));
  return {
    figure: 'features',
    runs,
    records: FEATURE_RECORDS,
    wordsPerRecord: m((r) => r.wordsPerRecord),
    distinctTerms: measured[0]!.distinctTerms,
    nonZeros: measured[0]!.nonZeros,
    termsBlobMb: m((r) => r.blobMb),
    medianMs: round(totalMs),
    maxMs: round(Math.max(...measured.map((r) => r.totalMs))),
    termsMs: m((r) => r.termsMs),
    matrixMs: m((r) => r.matrixMs),
    recordsPerSec: round(FEATURE_RECORDS / (totalMs / 1000)),
    baseline: 'lower-casing and splitting every text on \\W+',
    baselineMs: m((r) => r.baselineMs),
    ratio: round(median(measured.map((r) => r.totalMs / r.baselineMs)), 3),
    textPeakRssMb: m((r) => r.textPeakRssMb),
    peakRssMb: round(Math.max(...measured.map((r) => r.peakRssMb))),
  };
}

interface RetrainRun {
  relevantLabels: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  coldMedianMs: number;
  coldMaxMs: number;
  baselineMedianMs: number;
  nonZeros: number;
  peakRssMb: number;
}

/** One retrain plus rescoring, on a matrix built beforehand, RETRAINS_PER_RUN × runs times after a warm-up. */
async function retrainFigures(runs: number, log: (message: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { records, labels } of RETRAIN_SIZES) {
    const retrains = RETRAINS_PER_RUN * runs;
    const r = await work<RetrainRun>(['retrain', String(records), String(labels), String(retrains)]);
    log(`retrain at ${records} records / ${labels} labels, from the last training: median ${round(r.medianMs)} ms, max ${round(r.maxMs)} ms; afresh: median ${round(r.coldMedianMs)} ms (one scoring pass ${round(r.baselineMedianMs)} ms)`);
    results.push({
      figure: 'retrain',
      runs: retrains,
      records,
      labels,
      relevantLabels: r.relevantLabels,
      hashing: records > HASHING_THRESHOLD,
      nonZeros: r.nonZeros,
      medianMs: round(r.medianMs),
      p90Ms: round(r.p90Ms),
      maxMs: round(r.maxMs),
      coldMedianMs: round(r.coldMedianMs),
      coldMaxMs: round(r.coldMaxMs),
      baseline: 'one scoring pass over the matrix (decisionScores)',
      baselineMs: round(r.baselineMedianMs),
      ratio: round(r.medianMs / r.baselineMedianMs, 3),
      peakRssMb: round(r.peakRssMb),
    });
  }
  return results;
}

interface RankingRow {
  version: number;
  rankedVersion: number;
  rankedBy: string | null;
  rankedAt: string | null;
  rankMs: number | null;
}

/**
 * The next-record page during retraining: a real server, a 50,000-record review of generated text with 30%
 * screened by one reviewer (seeded), switched to relevance order through the settings form; once the ranker
 * has built every record's features and ranked, the page is driven idle and then while a second reviewer
 * decides DECISIONS_PER_S records a second, each settling one and so starting (or queuing) a retraining.
 */
async function pageFigures(runs: number, log: (message: string) => void): Promise<BenchResult> {
  const generated = generateRecords(readSourceSentences(), PAGE_RECORDS, 41);
  return withTempDir((workDir) =>
    withServer({ dataDir: join(workDir, 'data'), logFile: join(workDir, 'server.log') }, async (server) => {
      const dbFile = join(workDir, 'data', 'coreview.sqlite');
      const owner = await signInWithReview(server.baseUrl, { title: 'Relevance ranking at scale', slug: SLUG });
      const rita = await addReviewer(server.baseUrl, owner, SLUG, { name: 'rita', email: 'rita@bench.example', password: 'rita-password-1' });
      const sam = await addReviewer(server.baseUrl, owner, SLUG, { name: 'sam', email: 'sam@bench.example', password: 'sam-password-1' });
      let started = performance.now();
      const { openIds } = seedScreening(dbFile, { slug: SLUG, reviewerEmails: ['rita@bench.example'], records: PAGE_RECORDS, screenedShare: PAGE_SCREENED, text: (i) => generated[i - 1]! });
      const seeded = performance.now();
      const seedSeconds = (seeded - started) / 1000;
      const screened = PAGE_RECORDS - openIds.length;
      log(`seeded ${PAGE_RECORDS} records, ${screened} screened, in ${round(seedSeconds)} s`);

      // As an owner chooses it: relevance order, one reviewer per record.
      await owner.get('/reviews/' + SLUG + '/screening/settings');
      started = performance.now();
      const saved = await owner.post(`/reviews/${SLUG}/screening/settings/title-abstract`, { reviewersNeeded: '1', recordOrder: 'relevance', orderSeed: '1', maybeAdvances: '1', arbiterId: '', recallTarget: '0.95' });
      const settingsPostMs = performance.now() - started;
      expectStatus('POST screening settings', saved.status, 303, saved.body);
      log(`relevance order saved in ${round(settingsPostMs)} ms`);

      const db = new Database(dbFile, { readonly: true });
      try {
        const state = () => db.prepare(`SELECT version, ranked_version AS rankedVersion, ranked_by AS rankedBy, ranked_at AS rankedAt, rank_ms AS rankMs FROM ranking_stage WHERE stage = 'title_abstract'`).get() as RankingRow;
        const pending = () => db.prepare('SELECT count(*) FROM record_terms WHERE terms IS NULL').pluck().get() as number;
        // The ranker thread starts on the seeded records within a second of their commit, as after an import.
        started = seeded;
        let featuresSeconds = NaN;
        for (;;) {
          const left = pending();
          if (left === 0 && Number.isNaN(featuresSeconds)) featuresSeconds = (performance.now() - started) / 1000;
          const s = state();
          if (left === 0 && s.version === s.rankedVersion && s.rankedBy === 'model') break;
          if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`not ranked after ${READY_TIMEOUT_MS / 1000} s: ${left} records without features, ranking ${JSON.stringify(s)}`);
          await sleep(250);
        }
        const readySeconds = (performance.now() - started) / 1000;
        const firstRankMs = state().rankMs;
        log(`after the seed: features of every record built in ${round(featuresSeconds)} s, first model ranking done after ${round(readySeconds)} s (rank_ms ${firstRankMs})`);

        for (const client of [rita, sam]) expectStatus(`GET ${PAGE}`, (await client.get(PAGE)).status, 200);
        const relevantOf = new Map(openIds.map((id, k) => [id, generated[screened + k]!.relevant]));
        // Sam decides from the end of the open records, far from the one the load's reviewer holds.
        const samQueue = [...openIds].reverse();
        const next = () => loadTest(server.baseUrl + PAGE, { connections: CONNECTIONS, durationS: DURATION_S, headers: { cookie: rita.cookieHeader() } });
        await loadTest(server.baseUrl + PAGE, { connections: CONNECTIONS, durationS: 1, headers: { cookie: rita.cookieHeader() } });

        const idle: LoadResult[] = [];
        const during: LoadResult[] = [];
        const decisionMs: number[] = [];
        const rankings: Array<{ rankMs: number }> = [];
        let windowSeconds = 0;
        for (let i = 1; i <= runs; i++) {
          await waitRanked(state);
          idle.push(await next());
          const poster = postSteadily(sam, samQueue, relevantOf);
          // Let the first retraining start before measuring, so the window is retraining throughout.
          await sleep(1000);
          const watcher = watchRankings(state);
          const windowStarted = performance.now();
          during.push(await next());
          windowSeconds += (performance.now() - windowStarted) / 1000;
          const seen = watcher.stop();
          decisionMs.push(...(await poster.stop()));
          rankings.push(...seen);
          log(`run ${i}/${runs}: next page p99 idle ${round(idle.at(-1)!.p99Ms)} ms, during retraining ${round(during.at(-1)!.p99Ms)} ms; ${seen.length} rankings (rank_ms ${seen.map((r) => r.rankMs).join(', ')})`);
          if (seen.length === 0) throw new Error(`run ${i}: no ranking finished while the page was measured, so it was not measured during retraining`);
        }
        // Each window against the idle one measured just before it.
        const ratios = during.map((r, k) => r.p99Ms / idle[k]!.p99Ms);
        const rankMs = rankings.map((r) => r.rankMs);
        return {
          figure: 'next-page-during-retraining',
          runs,
          records: PAGE_RECORDS,
          labelsAtStart: screened,
          connections: CONNECTIONS,
          durationS: DURATION_S,
          seedSeconds: round(seedSeconds),
          settingsPostMs: round(settingsPostMs),
          featuresSeconds: round(featuresSeconds),
          firstRankingSeconds: round(readySeconds),
          firstRankMs,
          idle: summary(idle),
          during: summary(during),
          baseline: 'next-record page with the ranker idle (p99)',
          ratio: round(median(ratios), 3),
          runsRatio: ratios.map((r) => round(r, 3)),
          decisionsPerSecTarget: DECISIONS_PER_S,
          decision: { posts: decisionMs.length, p50Ms: round(median(decisionMs)), p99Ms: round(percentile(decisionMs, 99)), maxMs: round(Math.max(...decisionMs)) },
          rankings: {
            count: rankings.length,
            perSec: round(rankings.length / windowSeconds),
            rankMsMedian: round(median(rankMs)),
            rankMsMax: round(Math.max(...rankMs)),
          },
          peakRssMb: round(server.peakRssMb()),
        };
      } finally {
        db.close();
      }
    }),
  );
}

function summary(results: LoadResult[]) {
  return {
    requestsPerSec: round(median(results.map((r) => r.requestsPerSec))),
    p50Ms: round(median(results.map((r) => r.p50Ms))),
    p99Ms: round(median(results.map((r) => r.p99Ms))),
    runsP99Ms: results.map((r) => round(r.p99Ms)),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the ranker has caught up with every settled decision. */
async function waitRanked(state: () => RankingRow): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (let s = state(); s.version !== s.rankedVersion; s = state()) {
    if (performance.now() > deadline) throw new Error(`the ranker did not catch up: ${JSON.stringify(s)}`);
    await sleep(100);
  }
}

/**
 * Decisions as htmx posts them, one every 1000 / DECISIONS_PER_S ms whether or not the last was answered
 * (a team does not wait for each other), each on the next record of `queue`; any answer but 200 fails.
 */
function postSteadily(client: FormClient, queue: number[], relevantOf: Map<number, boolean>): { stop(): Promise<number[]> } {
  const timesMs: number[] = [];
  const inFlight: Array<Promise<void>> = [];
  const failures: unknown[] = [];
  const post = async () => {
    const id = queue.shift();
    if (id === undefined) throw new Error('no open record left to decide');
    const began = performance.now();
    const answer = await client.post(`${PAGE}/records/${id}`, { decision: relevantOf.get(id) ? 'include' : 'exclude' }, FRAGMENT);
    expectStatus(`POST decision on ${id}`, answer.status, 200, answer.body);
    timesMs.push(performance.now() - began);
  };
  // Failures are kept for stop(), so one cannot end the process as an unhandled rejection meanwhile.
  const send = () => inFlight.push(post().catch((error: unknown) => void failures.push(error)));
  const timer = setInterval(send, 1000 / DECISIONS_PER_S);
  send();
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      if (failures.length > 0) throw failures[0];
      return timesMs;
    },
  };
}

/** Every ranking that finishes while watched, from ranking_stage (its ranked_at moves with each), polled every 50 ms. */
function watchRankings(state: () => RankingRow): { stop(): Array<{ rankMs: number }> } {
  const seen: Array<{ rankMs: number }> = [];
  let last = state().rankedAt;
  const timer = setInterval(() => {
    const s = state();
    if (s.rankedAt !== last && s.rankMs !== null) seen.push({ rankMs: s.rankMs });
    last = s.rankedAt;
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return seen;
    },
  };
}
