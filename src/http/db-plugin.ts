import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { startCheckpoints } from '../db/checkpointer.js';
import type { Db } from '../db/open.js';

/**
 * Shares one open database with every route, checkpoints its WAL from a thread of its own
 * (db/checkpointer.ts), and closes both when the app closes.
 */
export const dbPlugin = fp(
  async (app: FastifyInstance, { db, databaseFile }: { db: Db; databaseFile: string }) => {
    app.decorate('db', db.kysely);
    app.decorate('sqlite', db.sqlite);
    const checkpoints = startCheckpoints(db.sqlite, databaseFile);
    app.addHook('onClose', async () => {
      await checkpoints.stop();
      await db.close();
    });
  },
  { name: 'db' },
);
