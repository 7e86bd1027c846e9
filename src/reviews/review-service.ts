import type { Kysely } from 'kysely';
import type { Account } from '../accounts/account-repository.js';
import { recordAudit } from '../audit/audit-log.js';
import { applyTemplate } from '../coding/codebook-transfer.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { DEFAULT_REASONS } from './default-reasons.js';
import { insertItems, REASONS } from './ordered-items.js';
import { findReviewBySlug, insertReview, updateReviewFields, type Review, type ReviewFields } from './review-repository.js';
import { numberedSlugs, slugProblem } from './slug.js';

async function checkFields(db: Kysely<Database>, fields: ReviewFields, ownId?: number): Promise<void> {
  const problem = slugProblem(fields.slug);
  if (problem) throw new ValidationError({ slug: problem });
  const clash = await findReviewBySlug(db, fields.slug);
  if (clash && clash.id !== ownId) throw new ValidationError({ slug: await notAvailable(db, fields.slug) });
}

/**
 * Said of a short name in use, whether or not the person can see the review that has it (a hidden
 * review is never confirmed), with a free one to take instead.
 */
async function notAvailable(db: Kysely<Database>, slug: string): Promise<string> {
  for (const free of numberedSlugs(slug)) {
    if (!(await findReviewBySlug(db, free))) return `The short name "${slug}" is not available; "${free}" is free, or choose another.`;
  }
  return `The short name "${slug}" is not available; choose another.`;
}

/**
 * Creates a review with its creator as owner and the default exclusion reasons for both stages;
 * with `codebookTemplate`, its codebook starts from the team's framework (src/coding/framework-template.ts).
 */
export async function createReview(db: Kysely<Database>, actor: Account, fields: ReviewFields, options: { codebookTemplate?: boolean } = {}): Promise<number> {
  return inTransaction(db, async (trx) => {
    await checkFields(trx, fields);
    const reviewId = await insertReview(trx, fields, actor.id);
    await trx
      .insertInto('reviewMember')
      .values({ reviewId, accountId: actor.id, role: 'owner', addedAt: new Date().toISOString() })
      .execute();
    for (const stage of REASONS.lists) await insertItems(trx, REASONS, reviewId, stage, DEFAULT_REASONS[stage]);
    await recordAudit(trx, { actorId: actor.id, reviewId, action: 'review.create', entity: 'review', entityId: reviewId, after: fields });
    if (options.codebookTemplate) await applyTemplate(trx, { reviewId, actorId: actor.id });
    return reviewId;
  });
}

export async function updateReview(db: Kysely<Database>, actorId: number, review: Review, fields: ReviewFields): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await checkFields(trx, fields, review.id);
    await updateReviewFields(trx, review.id, fields);
    const before: ReviewFields = { slug: review.slug, title: review.title, question: review.question, description: review.description };
    await recordAudit(trx, { actorId, reviewId: review.id, action: 'review.update', entity: 'review', entityId: review.id, before, after: fields });
  });
}
