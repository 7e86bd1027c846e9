import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { loadTest, type LoadResult } from '../load.js';
import { median, round } from '../measure.js';
import { withServer } from '../server-process.js';
import { signInWithReview } from '../sign-in.js';
import { withTempDir } from '../temp-dir.js';

const CONNECTIONS = 10;
const DURATION_S = 5;
const WARM_UP_S = 1;
const SLUG = 'desistance-coops';

/**
 * The review dashboard (session lookup, membership check, stage counters, full page render) under
 * 10 connections for 5 s, next to `/healthz` (routing, logging and one SQLite query) on the same
 * server in the same run. The owner and review are made through the real forms, as a user would.
 */
export const dashboardCase: BenchCase = {
  name: 'dashboard',
  description: `GET /reviews/<slug> vs GET /healthz, ${CONNECTIONS} connections for ${DURATION_S} s each`,
  defaultRuns: 3,
  async run({ runs, log }) {
    return withTempDir((workDir) =>
      withServer({ dataDir: join(workDir, 'data'), logFile: join(workDir, 'server.log') }, async (server) => {
        const cookie = (await signInWithReview(server.baseUrl, { title: 'Social co-operatives and desistance', slug: SLUG })).cookieHeader();
        const urls = { dashboard: `${server.baseUrl}/reviews/${SLUG}`, healthz: `${server.baseUrl}/healthz` };
        // The dashboard as the signed-in owner; /healthz as a monitoring probe would call it, without
        // a session, so the ratio carries everything the dashboard adds (session, membership, render).
        const headers = { dashboard: { cookie }, healthz: {} };
        const load = (which: 'dashboard' | 'healthz', durationS: number) =>
          loadTest(urls[which], { connections: CONNECTIONS, durationS, headers: headers[which] });

        // Unmeasured: lets V8 optimise both paths before either is timed.
        await load('dashboard', WARM_UP_S);
        await load('healthz', WARM_UP_S);

        const dashboard: LoadResult[] = [];
        const healthz: LoadResult[] = [];
        const ratios: number[] = [];
        for (let i = 1; i <= runs; i++) {
          // Alternate which goes first so a drifting machine does not always favour the same side.
          const order = i % 2 === 1 ? (['healthz', 'dashboard'] as const) : (['dashboard', 'healthz'] as const);
          for (const which of order) (which === 'dashboard' ? dashboard : healthz).push(await load(which, DURATION_S));
          const d = dashboard.at(-1)!;
          const h = healthz.at(-1)!;
          ratios.push(d.requestsPerSec / h.requestsPerSec);
          log(`run ${i}/${runs}: dashboard ${round(d.requestsPerSec)} req/s (p99 ${round(d.p99Ms)} ms), healthz ${round(h.requestsPerSec)} req/s`);
        }

        return {
          runs,
          connections: CONNECTIONS,
          durationS: DURATION_S,
          requestsPerSec: round(median(dashboard.map((r) => r.requestsPerSec))),
          p50Ms: round(median(dashboard.map((r) => r.p50Ms))),
          p99Ms: round(median(dashboard.map((r) => r.p99Ms))),
          runsRequestsPerSec: dashboard.map((r) => round(r.requestsPerSec)),
          requests: dashboard.reduce((sum, r) => sum + r.requests, 0),
          baseline: 'GET /healthz',
          healthzRequestsPerSec: round(median(healthz.map((r) => r.requestsPerSec))),
          healthzP50Ms: round(median(healthz.map((r) => r.p50Ms))),
          healthzP99Ms: round(median(healthz.map((r) => r.p99Ms))),
          healthzRunsRequestsPerSec: healthz.map((r) => round(r.requestsPerSec)),
          // Median of each run's dashboard/healthz pair: both halves of a pair saw the same machine.
          ratio: round(median(ratios), 3),
          peakRssMb: round(server.peakRssMb()),
        };
      }),
    );
  },
};
