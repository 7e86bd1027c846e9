import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CheckedToken } from './form-token.js';

/** form_submission: the creating forms' tokens once used, with what each created (migration 0015). */

/** A form sent: its token, and `key`, the token's random part with a digest of the fields sent (create-once.ts). */
export interface Submission extends CheckedToken {
  key: string;
}

/** What the submission with this key created, as JSON; undefined when there was none. */
export async function findSubmission(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('formSubmission').select('resultJson').where('token', '=', key).executeTakeFirst();
  return row?.resultJson;
}

/**
 * Records a submission, and forgets those used longer ago than a token is accepted (`lifetimeMs`):
 * such a token is refused by its age before anyone looks for it here (form-token.ts).
 */
export async function recordSubmission(db: Kysely<Database>, submission: Submission, resultJson: string, lifetimeMs: number): Promise<void> {
  const now = Date.now();
  await db.deleteFrom('formSubmission').where('createdAt', '<', new Date(now - lifetimeMs).toISOString()).execute();
  await db
    .insertInto('formSubmission')
    .values({ token: submission.key, accountId: submission.accountId, form: submission.form, resultJson, createdAt: new Date(now).toISOString() })
    .execute();
}
