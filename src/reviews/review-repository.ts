import type { Kysely } from 'kysely';
import { prepared, type Param } from '../db/prepared.js';
import type { Database, ReviewRole } from '../db/schema.js';

export interface Review {
  id: number;
  slug: string;
  title: string;
  question: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** A review as one member sees it: the review plus that member's role. */
export interface MemberReview extends Review {
  role: ReviewRole;
}

const REVIEW_COLUMNS = [
  'review.id',
  'review.slug',
  'review.title',
  'review.question',
  'review.description',
  'review.createdAt',
  'review.updatedAt',
] as const;

// Every request under /reviews/:slug asks this: compiled once.
const memberReview = prepared((db, param: Param<{ slug: string; accountId: number }>) =>
  db
    .selectFrom('review')
    .innerJoin('reviewMember', 'reviewMember.reviewId', 'review.id')
    .select([...REVIEW_COLUMNS, 'reviewMember.role'])
    .where('review.slug', '=', param('slug'))
    .where('reviewMember.accountId', '=', param('accountId')),
);

/** The review if `accountId` is a member; undefined otherwise, so non-members cannot tell it exists. */
export async function findMemberReview(db: Kysely<Database>, slug: string, accountId: number): Promise<MemberReview | undefined> {
  const [row] = await memberReview(db, { slug, accountId });
  return row;
}

export function findReviewBySlug(db: Kysely<Database>, slug: string): Promise<Review | undefined> {
  return db.selectFrom('review').select(REVIEW_COLUMNS).where('review.slug', '=', slug).executeTakeFirst();
}

export function listMemberReviews(db: Kysely<Database>, accountId: number): Promise<MemberReview[]> {
  return db
    .selectFrom('review')
    .innerJoin('reviewMember', 'reviewMember.reviewId', 'review.id')
    .select([...REVIEW_COLUMNS, 'reviewMember.role'])
    .where('reviewMember.accountId', '=', accountId)
    .orderBy('review.updatedAt', 'desc')
    .execute();
}

export interface ReviewFields {
  slug: string;
  title: string;
  question: string;
  description: string;
}

export async function insertReview(db: Kysely<Database>, fields: ReviewFields, createdBy: number): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await db
    .insertInto('review')
    .values({ ...fields, createdBy, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateReviewFields(db: Kysely<Database>, id: number, fields: ReviewFields): Promise<void> {
  await db
    .updateTable('review')
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}
