import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findSubmission, recordSubmission } from './form-submissions.js';
import { FORM_TOKEN_FIELD, submittedToken, tokenLifetimeMs } from './form-token.js';
import type { UploadedFile } from './uploads.js';

/**
 * Creates what a form asks for once per form token (./form-token.ts) and content. In one
 * transaction: the same form sent again with the same fields returns what its first submission
 * created, without creating anything; otherwise `create` runs and the submission is recorded with
 * its result. Two submissions of one form therefore answer alike, even when the second arrives
 * while the first is being written (the transaction takes the write lock as it begins). A form
 * sent again with other fields (changed after Back) is a new creation, not silently dropped. A
 * refusal (a ValidationError) records nothing, so the same form can be corrected and sent again.
 * `create` must run in the transaction it is given (services open theirs with inTransaction()),
 * and its result must survive JSON (an id, a few fields).
 *
 * ```ts
 * const id = await createOnce(request, (trx) => addExcerpt(trx, ctx, recordId, draft));
 * ```
 */
export async function createOnce<T>(request: FastifyRequest, create: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const token = submittedToken(request);
  const db = request.server.db;
  if (!token) return db.transaction().execute(create);
  const submission = { ...token, key: `${token.nonce}.${fieldsDigest(request.body)}` };
  return db.transaction().execute(async (trx) => {
    const earlier = await findSubmission(trx, submission.key);
    if (earlier !== undefined) return JSON.parse(earlier) as T;
    const result = await create(trx);
    await recordSubmission(trx, submission, JSON.stringify(result ?? null), tokenLifetimeMs(request.server.config.sessionDays));
    return result;
  });
}

/** A digest of what the form sent, its tokens aside; an uploaded file counts by name and content. */
function fieldsDigest(body: unknown): string {
  const fields = Object.entries((body ?? {}) as Record<string, unknown>)
    .filter(([name]) => name !== FORM_TOKEN_FIELD && name !== '_csrf')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const json = JSON.stringify(fields, (_key, value: unknown) => {
    const file = value as UploadedFile | null;
    return file?.kind === 'uploaded-file' ? { fileName: file.fileName, sha256: file.sha256 } : value;
  });
  return createHash('sha256').update(json).digest('base64url');
}
