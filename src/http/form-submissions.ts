import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CheckedToken } from './form-token.js';

/** form_submission: the creating forms' tokens once used, with what each created (migration 0015). */

/** What the submission with this token created, as JSON; undefined when the token is unused. */
export async function findSubmission(db: Kysely<Database>, token: CheckedToken): Promise<string | undefined> {
  const row = await db.selectFrom('formSubmission').select('resultJson').where('token', '=', token.nonce).executeTakeFirst();
  return row?.resultJson;
}

/**
 * Records a used token, and forgets those used longer ago than a token is accepted (`lifetimeMs`):
 * such a token is refused by its age before anyone looks for it here (form-token.ts).
 */
export async function recordSubmission(db: Kysely<Database>, token: CheckedToken, resultJson: string, lifetimeMs: number): Promise<void> {
  const now = Date.now();
  await db.deleteFrom('formSubmission').where('createdAt', '<', new Date(now - lifetimeMs).toISOString()).execute();
  await db
    .insertInto('formSubmission')
    .values({ token: token.nonce, accountId: token.accountId, form: token.form, resultJson, createdAt: new Date(now).toISOString() })
    .execute();
}
