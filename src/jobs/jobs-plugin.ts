import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import type { JobKindDefinition } from './job-kind.js';
import { JobRunner } from './job-runner.js';

/**
 * Runs the server's jobs while it listens (app.jobs.wake() after queueing one) and, on close, stops
 * them and gives them back to the queue before the database closes (plugins close in reverse order).
 */
export const jobsPlugin = fp(
  async (app: FastifyInstance, { db, kinds }: { db: Db; kinds: readonly JobKindDefinition[] }) => {
    const runner = new JobRunner(db, {
      database: app.config.database,
      dataDir: app.config.dataDir,
      kinds,
      logError: (err, message) => app.log.error({ err }, message),
    });
    app.decorate('jobs', runner);
    app.addHook('onReady', async () => runner.start());
    app.addHook('onClose', async () => runner.stop());
  },
  { name: 'jobs', dependencies: ['config', 'db'] },
);
