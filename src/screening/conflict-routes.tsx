import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictListPage } from '../../views/screening/conflict-list-page.js';
import { ConflictPage, ConflictRegion } from '../../views/screening/conflict-page.js';
import { ForbiddenError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { pushUrl, wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { readCounters } from '../reviews/stage-counters.js';
import { titleOrPlaceholder } from '../records/record-title.js';
import { stripMarkup } from '../imports/title-markup.js';
import { conflictModel, type ConflictModel, type ConflictTarget } from './conflict-model.js';
import { isConflict, listConflicts } from './conflict-queries.js';
import { decidedUnread } from './read-first.js';
import { positiveId, recordParam, stageOf } from './screening-routes.js';
import { resolve, reviewAccess } from './screening-service.js';
import { BLIND_TITLE_ABSTRACT, stageRecordsVisible } from './visibility.js';
import { CHOICE_LABELS, CHOICES, stagePath, type ScreeningChoice, type Stage } from './stages.js';

/**
 * Registered inside /reviews/:slug. Only owners and the stage's arbiter see conflicts: that is where
 * blind decisions meet. Conflicts are resolved one at a time, as records are screened.
 */
export async function conflictRoutes(app: FastifyInstance) {
  async function requireResolver(request: FastifyRequest, stage: Stage) {
    const review = currentReview(request);
    const ctx = { reviewId: review.id, actorId: request.account!.id };
    const access = await reviewAccess(app.db, review.id, review.role, ctx.actorId);
    if (!access[stage].mayResolve) throw new ForbiddenError('Only an owner of this review or its named arbiter can see and resolve conflicts.');
    // A full-text arbiter to whom title and abstract is blind would learn its outcome from these.
    if (!stageRecordsVisible(access, stage)) throw new ForbiddenError(BLIND_TITLE_ABSTRACT);
    return ctx;
  }

  async function show(request: FastifyRequest, reply: FastifyReply, stage: Stage, target: ConflictTarget, message: { notice?: string; error?: string } = {}, status = 200) {
    const review = currentReview(request);
    const viewerId = request.account!.id;
    const access = await reviewAccess(app.db, review.id, review.role, viewerId);
    const req = {
      db: app.db, reviewId: review.id, slug: review.slug, stage, viewer: { id: viewerId, mayResolve: access[stage].mayResolve }, access,
      csrfToken: reply.generateCsrf(), pdfLimitMb: Math.round(app.config.pdfLimitBytes / 1024 / 1024), now: Date.now(),
    };
    const model = await conflictModel(req, target, message);
    if (wantsFragment(request)) {
      if (request.method === 'POST') pushUrl(reply, addressOf(model));
      return sendFragment(reply, <ConflictRegion model={model} />, status);
    }
    const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'screening' as const };
    return sendPage(reply, <ConflictPage ctx={pageContext(request, reply)} review={nav} model={model} />, status);
  }

  const addressOf = (model: ConflictModel) => `${model.base}/conflicts${model.conflict ? `?record=${model.conflict.card.record.id}` : ''}`;

  app.get('/screening/:stage/conflicts', async (request, reply) => {
    const stage = stageOf(request);
    await requireResolver(request, stage);
    const asked = (request.query as Record<string, unknown>)['record'];
    if (asked === undefined) return show(request, reply, stage, { first: true });
    const record = positiveId(asked);
    if (record === null) return show(request, reply, stage, { first: true }, { error: 'There is no such record in this review.' }, 400);
    return show(request, reply, stage, { record }, (await isConflict(app.db, currentReview(request).id, stage, record)) ? {} : { notice: 'That record is no longer a conflict: here is the next one.' });
  });

  app.get('/screening/:stage/conflicts/list', async (request, reply) => {
    const stage = stageOf(request);
    await requireResolver(request, stage);
    const review = currentReview(request);
    const [conflicts, counters] = await Promise.all([listConflicts(app.db, review.id, stage), readCounters(app.db, review.id)]);
    const model = { stage, base: `/reviews/${review.slug}/screening/${stagePath(stage)}`, conflicts, total: stage === 'title_abstract' ? counters.ta_conflicts : counters.ft_conflicts };
    const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'screening' as const };
    return sendPage(reply, <ConflictListPage ctx={pageContext(request, reply)} review={nav} model={model} />);
  });

  app.post('/screening/:stage/records/:id/resolve', async (request, reply) => {
    const stage = stageOf(request);
    const ctx = await requireResolver(request, stage);
    const recordId = recordParam(request);
    const form = new FormInput(request.body);
    // As on the screening card, a reason button (or its number key) is an exclusion with that reason.
    const reasonText = form.text('reason', { label: 'Reason', max: 20 });
    const reasonId = reasonText === '' ? null : positiveId(reasonText);
    if (reasonText !== '' && reasonId === null) form.fail('reason', 'Choose one of the exclusion reasons.');
    const decision = (reasonId !== null ? 'exclude' : form.oneOf('decision', CHOICES, 'Final decision')) as ScreeningChoice;
    const note = form.text('note', { label: 'Note', max: 4000 });
    // When the conflict was put on screen (read-first.ts); absent from clients that send no such stamp.
    const shownText = form.text('shown', { label: 'Shown at', max: 20 });
    if (shownText !== '' && !/^\d{1,15}$/.test(shownText)) form.fail('shown', 'Reload the page and decide again.');
    try {
      form.assertValid();
      const unread = decidedUnread(shownText === '' ? null : Number(shownText), Date.now());
      if (unread !== null) {
        const error = `Not recorded: this conflict had been on your screen for ${unread} ms only, so that click or key press was meant for the one before. Read it, then decide.`;
        return show(request, reply, stage, { record: recordId }, { error }, 409);
      }
      await resolve(app.db, ctx, { recordId, stage, decision, reasonId, note });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Still a conflict: the same one again, with what to fix. Resolved meanwhile (another tab,
      // another person): nothing was written, and the next conflict takes its place.
      const open = await isConflict(app.db, ctx.reviewId, stage, recordId);
      return show(request, reply, stage, open ? { record: recordId } : { after: recordId }, { error: error.message }, open ? 422 : 409);
    }
    const record = await app.db.selectFrom('record').select('title').where('id', '=', recordId).executeTakeFirstOrThrow();
    const notice = `Final decision, ${CHOICE_LABELS[decision].toLowerCase()}: “${stripMarkup(titleOrPlaceholder(record.title))}”. It can be undone from the record’s history.`;
    if (!wantsFragment(request)) {
      setFlash(reply, notice);
      return reply.redirect(`/reviews/${currentReview(request).slug}/screening/${stagePath(stage)}/conflicts`, 303);
    }
    return show(request, reply, stage, { after: recordId }, { notice });
  });
}
