import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { resumeScreening, stopScreening } from './screening-stop.js';

/** Registered inside /reviews/:slug; owners only: recording that title/abstract screening stopped on its stopping estimate, and taking it back. */
export async function screeningStopRoutes(app: FastifyInstance) {
  // Asked from the screening page's stopping estimate, so it answers there: a 303 back with the outcome.
  for (const [action, run, done] of [['stop', stopScreening, 'Title and abstract screening is recorded as stopped on its stopping estimate.'], ['resume', resumeScreening, 'Title and abstract screening resumed.']] as const) {
    app.post(`/screening/title-abstract/${action}`, { preHandler: requireReviewOwner }, async (request, reply) => {
      const review = currentReview(request);
      try {
        await run(app.db, { reviewId: review.id, actorId: request.account!.id });
        setFlash(reply, done);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        setFlash(reply, error.message);
      }
      return reply.redirect(`/reviews/${review.slug}/screening/title-abstract`, 303);
    });
  }
}
