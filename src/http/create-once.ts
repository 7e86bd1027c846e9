import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findSubmission, recordSubmission } from './form-submissions.js';
import { submittedToken, tokenLifetimeMs } from './form-token.js';

/**
 * Creates what a form asks for once per form token (./form-token.ts). In one transaction: a token
 * already used returns what its first submission created, without creating anything; otherwise
 * `create` runs and the token is recorded with its result. Two submissions of one form therefore
 * answer alike, even when the second arrives while the first is being written (the transaction
 * takes the write lock as it begins). A refusal (a ValidationError) records nothing, so the same
 * form can be corrected and sent again. `create` must run in the transaction it is given (services
 * open theirs with inTransaction()), and its result must survive JSON (an id, a few fields).
 *
 * ```ts
 * const id = await createOnce(request, (trx) => addExcerpt(trx, ctx, recordId, draft));
 * ```
 */
export async function createOnce<T>(request: FastifyRequest, create: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const token = submittedToken(request);
  const db = request.server.db;
  if (!token) return db.transaction().execute(create);
  return db.transaction().execute(async (trx) => {
    const earlier = await findSubmission(trx, token);
    if (earlier !== undefined) return JSON.parse(earlier) as T;
    const result = await create(trx);
    await recordSubmission(trx, token, JSON.stringify(result ?? null), tokenLifetimeMs(request.server.config.sessionDays));
    return result;
  });
}
