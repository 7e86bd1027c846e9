import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../domain-errors.js';
import { findMemberReview, type MemberReview } from '../reviews/review-repository.js';
import { SLUG_PATTERN } from '../reviews/slug.js';

/**
 * preHandler for every /reviews/:slug route: the review must exist AND the account must be a
 * member. Both failures give the same 404, so non-members cannot learn which reviews exist.
 */
export async function loadMemberReview(this: FastifyInstance, request: FastifyRequest): Promise<void> {
  const { slug } = request.params as { slug?: string };
  const review =
    request.account && slug && SLUG_PATTERN.test(slug)
      ? await findMemberReview(this.db, slug, request.account.id)
      : undefined;
  if (!review) throw new NotFoundError('There is no review at this address, or you are not a member of it.');
  request.review = review;
}

/** The review loaded by loadMemberReview; routes call this instead of trusting request.review. */
export function currentReview(request: FastifyRequest): MemberReview {
  if (!request.review) throw new NotFoundError('No review.');
  return request.review;
}

/** For changes only review owners may make; members see the page, so 403 (not 404) is honest here. */
export async function requireReviewOwner(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (currentReview(request).role !== 'owner') {
    throw new ForbiddenError('Only an owner of this review can change this.');
  }
}
