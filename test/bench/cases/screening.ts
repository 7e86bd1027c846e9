import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { FormClient } from '../form-client.js';
import { loadTest, type LoadResult } from '../load.js';
import { median, round } from '../measure.js';
import { seedScreening } from '../screening-seed.js';
import { withServer } from '../server-process.js';
import { addReviewer, expectStatus, signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';

const RECORDS = 50_000;
const SCREENED = 0.95;
const CONNECTIONS = 10;
const DURATION_S = 5;
const WARM_UP_S = 1;
const SLUG = 'screening-bench';
const PAGE = `/reviews/${SLUG}/screening/title-abstract`;
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

/**
 * Screening at 50,000 records, 95% screened by two reviewers (blind): the next-record page and the
 * decision POST (as htmx sends it, answered with the next record) under 10 connections, beside
 * /healthz on the same server in the same run. Each POST is a real change: the two reviewers take
 * turns over the open records, include and exclude alternating round by round.
 */
export const screeningCase: BenchCase = {
  name: 'screening',
  description: `next-record page and decision POST at ${RECORDS.toLocaleString('en-GB')} records (95% screened by two reviewers), ${CONNECTIONS} connections`,
  defaultRuns: 3,
  async run({ runs, log }) {
    return withTempDir((workDir) =>
      withServer({ dataDir: join(workDir, 'data'), logFile: join(workDir, 'server.log') }, async (server) => {
        const owner = await signInWithReview(server.baseUrl, { title: 'Screening at scale', slug: SLUG });
        const reviewers: FormClient[] = [];
        for (const name of ['rita', 'sam']) {
          reviewers.push(await addReviewer(server.baseUrl, owner, SLUG, { name, email: `${name}@bench.example`, password: `${name}-password-1` }));
        }
        const started = performance.now();
        const { openIds } = seedScreening(join(workDir, 'data', 'coreview.sqlite'), { slug: SLUG, reviewerEmails: ['rita@bench.example', 'sam@bench.example'], records: RECORDS, screenedShare: SCREENED });
        log(`seeded ${RECORDS} records, ${openIds.length} open, in ${round(performance.now() - started)} ms`);
        for (const client of reviewers) {
          const page = await client.get(PAGE);
          expectStatus(`GET ${PAGE}`, page.status, 200, page.body);
          if (!page.body.includes(`data-record="${openIds[0]}"`)) throw new Error('the next-record page does not show the first open record');
        }

        let turn = 0;
        const decisionRequest = {
          method: 'POST' as const,
          path: `${PAGE}/records/${openIds[0]}`,
          setupRequest: (request: { path: string; body?: string; headers?: Record<string, string> }) => {
            const k = turn++;
            const reviewer = reviewers[k % 2]!;
            const round_ = Math.floor(k / (2 * openIds.length));
            const id = openIds[Math.floor(k / 2) % openIds.length]!;
            request.path = `${PAGE}/records/${id}`;
            request.body = new URLSearchParams({ decision: round_ % 2 === 0 ? 'include' : 'exclude', _csrf: reviewer.csrf() }).toString();
            request.headers = { ...FRAGMENT, 'content-type': 'application/x-www-form-urlencoded', cookie: reviewer.cookieHeader() };
            return request;
          },
        };
        const url = (path: string) => server.baseUrl + path;
        const next = (durationS: number) => loadTest(url(PAGE), { connections: CONNECTIONS, durationS, headers: { cookie: reviewers[0]!.cookieHeader() } });
        const decide = (durationS: number) => loadTest(url(PAGE), { connections: CONNECTIONS, durationS, requests: [decisionRequest as never] });
        const healthz = (durationS: number) => loadTest(url('/healthz'), { connections: CONNECTIONS, durationS });

        await next(WARM_UP_S);
        await healthz(WARM_UP_S);
        const pages: LoadResult[] = [];
        const posts: LoadResult[] = [];
        const probes: LoadResult[] = [];
        for (let i = 1; i <= runs; i++) {
          probes.push(await healthz(DURATION_S));
          pages.push(await next(DURATION_S));
          posts.push(await decide(DURATION_S));
          log(`run ${i}/${runs}: next page ${round(pages.at(-1)!.requestsPerSec)} req/s p99 ${round(pages.at(-1)!.p99Ms)} ms; decision ${round(posts.at(-1)!.requestsPerSec)} req/s p99 ${round(posts.at(-1)!.p99Ms)} ms; healthz ${round(probes.at(-1)!.requestsPerSec)} req/s`);
        }
        const h = median(probes.map((r) => r.requestsPerSec));
        return {
          runs,
          records: RECORDS,
          openRecords: openIds.length,
          connections: CONNECTIONS,
          durationS: DURATION_S,
          nextPage: { requestsPerSec: round(median(pages.map((r) => r.requestsPerSec))), p50Ms: round(median(pages.map((r) => r.p50Ms))), p99Ms: round(median(pages.map((r) => r.p99Ms))) },
          decision: { requestsPerSec: round(median(posts.map((r) => r.requestsPerSec))), p50Ms: round(median(posts.map((r) => r.p50Ms))), p99Ms: round(median(posts.map((r) => r.p99Ms))), requests: posts.reduce((sum, r) => sum + r.requests, 0) },
          baseline: 'GET /healthz',
          healthzRequestsPerSec: round(h),
          healthzP99Ms: round(median(probes.map((r) => r.p99Ms))),
          ratio: round(median(pages.map((r) => r.requestsPerSec)) / h, 3),
          decisionRatio: round(median(posts.map((r) => r.requestsPerSec)) / h, 3),
          peakRssMb: round(server.peakRssMb()),
        };
      }),
    );
  },
};
