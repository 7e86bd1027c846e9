import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { decide } from '../../src/screening/screening-service.js';

/**
 * Makes records included studies the way a team would: one reviewer includes them at title and
 * abstract, then at full text (the review's default is one reviewer per record).
 */
export async function includeStudies(db: Kysely<Database>, ctx: { reviewId: number; actorId: number }, recordIds: readonly number[]): Promise<void> {
  for (const stage of ['title_abstract', 'full_text'] as const) {
    for (const recordId of recordIds) await decide(db, ctx, { recordId, stage, decision: 'include', reasonId: null, note: '', labels: [] });
  }
}
