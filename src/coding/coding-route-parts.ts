import type { FastifyRequest } from 'fastify';
import { pathId } from '../http/path-params.js';
import { currentReview } from '../http/review-access.js';
import { colourVersion } from './code-colours.js';
import type { CodingContext } from './codebook-service.js';
import type { CodeNode } from './coding-queries.js';

/** What the codebook routes and the study-coding routes share. */

export const codingContext = (request: FastifyRequest): CodingContext => ({ reviewId: currentReview(request).id, actorId: request.account!.id });

/** /reviews/:slug/coding */
export const codingBase = (request: FastifyRequest) => `/reviews/${currentReview(request).slug}/coding`;

export function codingNav(request: FastifyRequest) {
  const review = currentReview(request);
  return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'coding' as const };
}

export const idParam = (request: FastifyRequest, name: string, what: string) => pathId(request, name, `There is no such ${what} in this review.`);

/** The colours stylesheet's address, versioned by the colours so a change shows at once. */
export function coloursHref(base: string, codes: readonly Pick<CodeNode, 'id' | 'colour'>[]): string {
  return `${base}/colours.css?v=${colourVersion([...codes].sort((a, b) => a.id - b.id))}`;
}
