import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../domain-errors.js';
import { currentReview } from '../http/review-access.js';
import { reviewAccess } from '../screening/screening-service.js';
import { resultsHiddenBecause } from '../screening/visibility.js';

/**
 * A preHandler for the pages that start from the included studies (coding, extraction, synthesis):
 * which studies are included is full text's outcome, so a member blind screening keeps from it
 * (visibility.ts) is told why, the same whatever the others decided.
 */
export function includedStudiesGate(app: FastifyInstance) {
  return async (request: FastifyRequest): Promise<void> => {
    const review = currentReview(request);
    const hidden = resultsHiddenBecause(await reviewAccess(app.db, review.id, review.role, request.account!.id), 'full_text');
    if (hidden !== null) throw new ForbiddenError(hidden);
  };
}
