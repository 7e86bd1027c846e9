import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

// A proxy or orchestrator polls this; an answer that takes longer means the database is in trouble.
const DATABASE_DEADLINE_MS = 3000;

/**
 * GET /healthz: 200 when the database answers, 503 when it does not (a proxy then sends people to
 * another Coreview process). Says which kind of database this process uses and the schema version
 * it is at, never where the database is: anyone may ask.
 */
export async function healthRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const database = db.kind === 'sqlite' ? 'sqlite' : 'postgresql';
  app.get('/healthz', async (_request, reply) => {
    try {
      const version = await withDeadline(sql<{ version: number }>`select max(version) as version from schema_migration`.execute(db.kysely));
      return { status: 'ok', database, schemaVersion: Number(version.rows[0]?.version ?? 0) };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database, error: 'The database does not answer.' });
    }
  });
}

function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('deadline')), DATABASE_DEADLINE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
