import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/open.js';

/** Shares one open database with every route and closes it when the app closes. */
export const dbPlugin = fp(
  async (app: FastifyInstance, { db }: { db: Db }) => {
    app.decorate('db', db.kysely);
    app.decorate('sqlite', db.sqlite);
    app.addHook('onClose', async () => db.close());
  },
  { name: 'db' },
);
