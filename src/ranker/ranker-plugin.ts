import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Worker } from 'node:worker_threads';
import type { Db } from '../db/database.js';
import { startTsWorker } from '../workers/ts-worker.js';
import { rankerClaim } from './ranker-claim.js';
import { staleStages } from './ranker-loop.js';
import { reviewWithPendingFeatures } from './record-features.js';
import type { RankerWorkerData, RankerWorkerMessage } from './ranker-worker.js';

const RANKER_WORKER = new URL('./ranker-worker.ts', import.meta.url).href;
const LOOK_EVERY_MS = 1000;

/**
 * Runs the ranker thread (ranker-worker.ts) while the server listens. It starts the first time there
 * is work for it — records without features, or a stage in relevance order to rank — and then stays,
 * holding the matrices of the reviews it ranks; until then the server only looks, once a second.
 * Of several processes on one PostgreSQL database, only the one holding the ranker's claim runs it
 * (ranker-claim.ts); the others look again each second, and one of them takes over when it ends.
 */
export const rankerPlugin = fp(
  async (app: FastifyInstance, { db }: { db: Db }) => {
    const claim = rankerClaim(app.config.database);
    claim.onLost(() => {
      app.log.error('the ranker lost its claim on the database; stopping it until it is claimed again');
      void worker?.terminate();
    });
    let worker: Worker | null = null;
    let looking = false;
    const look = async () => {
      if (worker || looking) return;
      looking = true;
      try {
        // The claim first: a process without it has nothing to look for.
        if (!(await claim.take())) return;
        const work = (await reviewWithPendingFeatures(db.kysely)) !== null || (await staleStages(db.kysely)).length > 0;
        if (work && !worker && !closing) worker = start();
      } catch (err) {
        app.log.error({ err }, 'ranking work could not be looked for');
      } finally {
        looking = false;
      }
    };
    const start = () => {
      const data: RankerWorkerData = { database: app.config.database, turns: db.turns.buffer };
      const started = startTsWorker(RANKER_WORKER, data, ['kysely', 'better-sqlite3', 'pg']);
      started.on('message', (message: RankerWorkerMessage) => app.log.error({ detail: message.detail }, 'ranking failed; retrying'));
      started.on('error', (err) => app.log.error({ err }, 'the ranker thread stopped'));
      started.on('exit', () => {
        if (worker !== started) return;
        // A thread that died (not one the server stopped) is started again at the next look.
        worker = null;
        if (!closing) timer = setInterval(() => void look(), LOOK_EVERY_MS);
      });
      clearInterval(timer);
      return started;
    };
    let timer: NodeJS.Timeout;
    let closing = false;
    app.addHook('onReady', async () => {
      timer = setInterval(() => void look(), LOOK_EVERY_MS);
      void look();
    });
    app.addHook('onClose', async () => {
      closing = true;
      clearInterval(timer);
      await worker?.terminate();
      await claim.release();
    });
  },
  { name: 'ranker', dependencies: ['config', 'db'] },
);
