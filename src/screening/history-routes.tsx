/**
 * A record's screening history as a region of its page, and Undo from it. Registered inside the
 * /reviews/:slug scope, so membership is already checked (non-members got a 404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScreeningHistory } from '../../views/screening/screening-history.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { wantsFragment } from '../http/htmx.js';
import { sendFragment } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { loadScreeningHistory, resolverStages } from './screening-history.js';
import { reviewAccess, undoEvent } from './screening-service.js';
import { stageResultsVisible } from './visibility.js';
import { pathId } from '../http/path-params.js';

const NO_RECORD = 'There is no such record in this review.';
const NO_EVENT = 'There is no such change in this review.';

export async function historyRoutes(app: FastifyInstance) {
  const recordPage = (request: FastifyRequest, recordId: number) => `/reviews/${currentReview(request).slug}/records/${recordId}#screening-history`;

  async function sendHistory(request: FastifyRequest, reply: FastifyReply, recordId: number, message: { notice?: string; error?: string } = {}, status = 200) {
    const review = currentReview(request);
    const viewerId = request.account!.id;
    const mayResolve = await resolverStages(app.db, { reviewId: review.id, actorId: viewerId });
    const model = await loadScreeningHistory(app.db, { reviewId: review.id, viewerId, mayResolve }, recordId);
    return sendFragment(reply, <ScreeningHistory model={model} csrfToken={reply.generateCsrf()} slug={review.slug} notice={message.notice} error={message.error} />, status);
  }

  // The region alone, for htmx (to refresh it, or load it lazily); a browser is sent to the record page.
  app.get('/records/:id/screening-history', async (request, reply) => {
    const recordId = pathId(request, 'id', NO_RECORD);
    if (!wantsFragment(request)) {
      const exists = await app.db.selectFrom('record').select('id').where('reviewId', '=', currentReview(request).id).where('id', '=', recordId).executeTakeFirst();
      if (!exists) throw new NotFoundError(NO_RECORD);
      return reply.redirect(recordPage(request, recordId), 303);
    }
    return sendHistory(request, reply, recordId);
  });

  /**
   * Puts back one change (screening-service `undoEvent`: the actor's own decision, or a final
   * decision for someone who may resolve). htmx gets the history again; a plain form a 303 back
   * to the record with a flash. A change that cannot be undone (any more) is said calmly.
   */
  app.post('/screening/events/:id/undo', async (request, reply) => {
    const review = currentReview(request);
    const eventId = pathId(request, 'id', NO_EVENT);
    const event = await app.db.selectFrom('screeningEvent').select(['id', 'recordId', 'stage', 'reviewerId']).where('reviewId', '=', review.id).where('id', '=', eventId).executeTakeFirst();
    if (!event) throw new NotFoundError(NO_EVENT);
    // Where blind screening hides the team's results, someone else's change is not there at all:
    // saying whose it is, or showing its record's history, would tell what the others did.
    const access = await reviewAccess(app.db, review.id, review.role, request.account!.id);
    if (event.reviewerId !== request.account!.id && !stageResultsVisible(access, event.stage)) throw new NotFoundError(NO_EVENT);
    let message: { notice?: string; error?: string };
    try {
      await undoEvent(app.db, { reviewId: review.id, actorId: request.account!.id }, eventId);
      message = { notice: 'Change undone.' };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const undone = await app.db.selectFrom('screeningEvent').select('id').where('reviewId', '=', review.id).where('undoes', '=', eventId).executeTakeFirst();
      message = { error: undone ? 'This change has already been undone.' : error.message };
    }
    if (wantsFragment(request)) return sendHistory(request, reply, event.recordId, message, message.error ? 422 : 200);
    setFlash(reply, message.notice ?? message.error!);
    return reply.redirect(recordPage(request, event.recordId), 303);
  });
}
