import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictsPage, ConflictsRegion, type ConflictsModel } from '../../views/screening/conflicts-page.js';
import { ForbiddenError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { readLists, REASONS } from '../reviews/ordered-items.js';
import { readCounters } from '../reviews/stage-counters.js';
import { listConflicts } from './conflict-queries.js';
import { positiveId, recordParam, stageOf } from './screening-routes.js';
import { mayResolve, resolve } from './screening-service.js';
import { CHOICES, reasonListOf, stagePath, type ScreeningChoice, type Stage } from './stages.js';

/** Registered inside /reviews/:slug. Only owners and the stage's arbiter see conflicts: that is where blind decisions meet. */
export async function conflictRoutes(app: FastifyInstance) {
  async function requireResolver(request: FastifyRequest, stage: Stage) {
    const ctx = { reviewId: currentReview(request).id, actorId: request.account!.id };
    if (!(await mayResolve(app.db, ctx, stage))) throw new ForbiddenError('Only an owner of this review or its named arbiter can see and resolve conflicts.');
    return ctx;
  }

  async function model(request: FastifyRequest, reply: FastifyReply, stage: Stage, message: { notice?: string; error?: string } = {}): Promise<ConflictsModel> {
    const review = currentReview(request);
    const [conflicts, counters, reasons] = await Promise.all([listConflicts(app.db, review.id, stage), readCounters(app.db, review.id), readLists(app.db, REASONS, review.id)]);
    return {
      slug: review.slug,
      stage,
      base: `/reviews/${review.slug}/screening/${stagePath(stage)}`,
      csrfToken: reply.generateCsrf(),
      conflicts,
      total: stage === 'title_abstract' ? counters.ta_conflicts : counters.ft_conflicts,
      reasons: reasons[reasonListOf(stage)].map((r) => ({ id: r.id, text: r.text })),
      ...message,
    };
  }

  function send(request: FastifyRequest, reply: FastifyReply, m: ConflictsModel, status = 200) {
    if (wantsFragment(request)) return sendFragment(reply, <ConflictsRegion model={m} />, status);
    const review = currentReview(request);
    const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'screening' as const };
    return sendPage(reply, <ConflictsPage ctx={pageContext(request, reply)} review={nav} model={m} />, status);
  }

  app.get('/screening/:stage/conflicts', async (request, reply) => {
    const stage = stageOf(request);
    await requireResolver(request, stage);
    return send(request, reply, await model(request, reply, stage));
  });

  app.post('/screening/:stage/records/:id/resolve', async (request, reply) => {
    const stage = stageOf(request);
    const ctx = await requireResolver(request, stage);
    const recordId = recordParam(request);
    const form = new FormInput(request.body);
    const decision = form.oneOf('decision', CHOICES, 'Final decision') as ScreeningChoice;
    const reasonText = form.text('reason', { label: 'Reason', max: 20 });
    const reasonId = reasonText === '' ? null : positiveId(reasonText);
    if (reasonText !== '' && reasonId === null) form.fail('reason', 'Choose one of the exclusion reasons.');
    const note = form.text('note', { label: 'Note', max: 4000 });
    try {
      form.assertValid();
      await resolve(app.db, ctx, { recordId, stage, decision, reasonId, note });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return send(request, reply, await model(request, reply, stage, { error: error.message }), 422);
    }
    const notice = 'Final decision recorded.';
    if (!wantsFragment(request)) {
      setFlash(reply, notice);
      return reply.redirect(`/reviews/${currentReview(request).slug}/screening/${stagePath(stage)}/conflicts`, 303);
    }
    return send(request, reply, await model(request, reply, stage, { notice }));
  });
}
