import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { startCheckpoints } from '../db/checkpointer.js';
import type { Db } from '../db/database.js';

/**
 * Shares one open database with every route and closes it when the app closes. A SQLite file's WAL
 * is checkpointed from a thread of its own (db/checkpointer.ts); PostgreSQL looks after its own.
 */
export const dbPlugin = fp(
  async (app: FastifyInstance, { db }: { db: Db }) => {
    app.decorate('db', db.kysely);
    app.decorate<Db>('database', db);
    const checkpoints = db.kind === 'sqlite' ? startCheckpoints(db.sqlite, app.config.databaseFile) : null;
    app.addHook('onClose', async () => {
      await checkpoints?.stop();
      await db.close();
    });
  },
  { name: 'db', dependencies: ['config'] },
);
