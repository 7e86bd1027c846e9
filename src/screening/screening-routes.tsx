import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScreeningPage, ScreenRegion } from '../../views/screening/screening-page.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain-errors.js';
import { stripMarkup } from '../imports/title-markup.js';
import { titleOrPlaceholder } from '../records/record-title.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { positiveInt } from '../http/query-values.js';
import { pushUrl, wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { decideAndTakeNext } from './decide-and-take-next.js';
import { screenModel, type ScreenTarget } from './screen-model.js';
import { decidedUnread } from './read-first.js';
import { releaseLease } from './screening-lease.js';
import { syncTitleAbstractItems, titleAbstractItemsBehind } from './screening-items.js';
import { decide, reviewAccess, undoLatest } from './screening-service.js';
import { readSettings } from './screening-settings.js';
import { CHOICE_LABELS, CHOICES, stageFromPath, stagePath, type ScreeningChoice, type Stage } from './stages.js';
import { pathId } from '../http/path-params.js';
import { BLIND_TITLE_ABSTRACT, stageRecordsVisible } from './visibility.js';

/** A positive whole number from a path or query value, or null. */
export function positiveId(value: unknown): number | null {
  return typeof value === 'string' ? positiveInt(value) : null;
}

/** The stage a request's :stage names; anything else is a 404 like any unknown address. */
export function stageOf(request: FastifyRequest): Stage {
  const stage = stageFromPath((request.params as { stage?: string }).stage);
  if (stage === null) throw new NotFoundError('There is no such screening stage.');
  return stage;
}

export const recordParam = (request: FastifyRequest) => pathId(request, 'id', 'There is no such record in this review.');

/** What a decision form sends: a decision, or a reason button (an exclusion with that reason). */
function readDecision(body: unknown) {
  const form = new FormInput(body);
  const reasonText = form.text('reason', { label: 'Reason', max: 20 });
  const decisionText = form.text('decision', { label: 'Decision', max: 20 });
  const reasonId = reasonText === '' ? null : positiveId(reasonText);
  if (reasonText !== '' && reasonId === null) form.fail('reason', 'Choose one of the exclusion reasons.');
  const decision = (reasonId !== null ? 'exclude' : decisionText) as ScreeningChoice;
  if (!CHOICES.includes(decision)) form.fail('decision', 'Choose include, maybe or exclude.');
  const note = form.text('note', { label: 'Note', max: 4000 });
  const labels = form.text('labels', { label: 'Labels', max: 500 }).split(',');
  // When the card was put on screen (read-first.ts); absent from clients that send no such stamp.
  const shownText = form.text('shown', { label: 'Shown at', max: 20 });
  if (shownText !== '' && !/^\d{1,15}$/.test(shownText)) form.fail('shown', 'Reload the page and decide again.');
  const shownAt = /^\d{1,15}$/.test(shownText) ? Number(shownText) : null;
  return { form, decision, reasonId, note, labels, shownAt };
}

/** Registered inside /reviews/:slug: any member screens; non-members already got a 404. */
export async function screeningRoutes(app: FastifyInstance) {
  async function show(request: FastifyRequest, reply: FastifyReply, stage: Stage, target: ScreenTarget, message: { notice?: string; error?: string } = {}, status = 200) {
    const review = currentReview(request);
    const viewerId = request.account!.id;
    const settings = await readSettings(app.db, review.id, stage);
    if (stage === 'title_abstract' && (await titleAbstractItemsBehind(app.db, review.id, settings.itemsThrough))) {
      await app.db.transaction().execute((trx) => syncTitleAbstractItems(trx, review.id));
    }
    const access = await reviewAccess(app.db, review.id, review.role, viewerId);
    const viewer = { id: viewerId, mayResolve: access[stage].mayResolve };
    const screen = { db: app.db, reviewId: review.id, slug: review.slug, stage, settings, viewer, access, csrfToken: reply.generateCsrf(), pdfLimitMb: Math.round(app.config.pdfLimitBytes / 1024 / 1024), now: Date.now(), isOwner: review.role === 'owner' };
    let model = await screenModel(screen, target, message);
    if ('record' in target && model.card === null && model.closed === null) {
      // A refused decision on a record not in this stage: say why beside the next record instead.
      if (message.error === undefined) throw new NotFoundError('This record is not at this screening stage.');
      model = await screenModel(screen, { next: true }, message);
    }
    if (wantsFragment(request)) {
      if (model.card) pushUrl(reply, `${model.base}?record=${model.card.record.id}`);
      return sendFragment(reply, <ScreenRegion model={model} />, status);
    }
    const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'screening' as const };
    return sendPage(reply, <ScreeningPage ctx={pageContext(request, reply)} review={nav} model={model} />, status);
  }

  /** The same refusal for every record of a stage closed to the viewer (visibility.ts): which records it holds is hidden. */
  async function assertStageOpen(request: FastifyRequest, stage: Stage) {
    const review = currentReview(request);
    if (!stageRecordsVisible(await reviewAccess(app.db, review.id, review.role, request.account!.id), stage)) throw new ValidationError({ decision: BLIND_TITLE_ABSTRACT });
  }

  app.get('/screening', async (request, reply) => reply.redirect(`/reviews/${currentReview(request).slug}/screening/${stagePath('title_abstract')}`, 303));

  app.get('/screening/:stage', async (request, reply) => {
    const stage = stageOf(request);
    const query = request.query as Record<string, unknown>;
    const record = positiveId(query.record);
    const after = positiveId(query.after);
    const target: ScreenTarget = record !== null ? { record } : after !== null ? { after } : { next: true };
    return show(request, reply, stage, target);
  });

  app.post('/screening/:stage/records/:id', async (request, reply) => {
    const stage = stageOf(request);
    const recordId = recordParam(request);
    const review = currentReview(request);
    const input = readDecision(request.body);
    const ctx = { reviewId: review.id, actorId: request.account!.id };
    const decision = { recordId, stage, decision: input.decision, reasonId: input.reasonId, note: input.note, labels: input.labels };
    const inPlace = wantsFragment(request);
    let next: number | null = null;
    try {
      await assertStageOpen(request, stage);
      input.form.assertValid();
      const unread = decidedUnread(input.shownAt, Date.now());
      if (unread !== null) {
        const error = `Not recorded: this record had been on your screen for ${unread} ms only, so that click or key press was meant for the one before. Read it, then decide.`;
        return show(request, reply, stage, { record: recordId }, { error }, 409);
      }
      // In place (htmx) the next record is taken with the decision, in one commit; a plain form
      // redirects, and the page it lands on takes it.
      if (inPlace) next = await decideAndTakeNext(app.db, ctx, decision, Date.now());
      else await decide(app.db, ctx, decision);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return show(request, reply, stage, { record: recordId }, { error: error.message }, 422);
    }
    const record = await app.db.selectFrom('record').select('title').where('id', '=', recordId).executeTakeFirstOrThrow();
    const notice = `${CHOICE_LABELS[input.decision]}: “${shorten(stripMarkup(titleOrPlaceholder(record.title)))}”. Press U to undo.`;
    if (!inPlace) {
      setFlash(reply, notice);
      return reply.redirect(`/reviews/${review.slug}/screening/${stagePath(stage)}?after=${recordId}`, 303);
    }
    return show(request, reply, stage, { taken: next }, { notice });
  });

  // Sent as the page is left (navigator.sendBeacon in views/assets/app.js), so the record on screen
  // is offered to others at once rather than when its lease runs out. Nobody reads the answer.
  app.post('/screening/:stage/release', async (request, reply) => {
    const stage = stageOf(request);
    const form = new FormInput(request.body);
    const recordId = form.id('record', 'Record');
    form.assertValid();
    await releaseLease(app.db, { reviewId: currentReview(request).id, stage, reviewerId: request.account!.id }, recordId);
    return reply.code(204).send();
  });

  app.post('/screening/:stage/undo', async (request, reply) => {
    const stage = stageOf(request);
    const review = currentReview(request);
    let recordId: number | null;
    try {
      await assertStageOpen(request, stage);
      recordId = await undoLatest(app.db, { reviewId: review.id, actorId: request.account!.id }, stage);
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ForbiddenError)) throw error;
      return show(request, reply, stage, { next: true }, { error: error.message }, 422);
    }
    const notice = recordId === null ? 'Nothing to undo.' : 'Undone: the record is as it was before your last change.';
    if (!wantsFragment(request)) {
      setFlash(reply, notice);
      return reply.redirect(`/reviews/${review.slug}/screening/${stagePath(stage)}${recordId === null ? '' : `?record=${recordId}`}`, 303);
    }
    return show(request, reply, stage, recordId === null ? { next: true } : { record: recordId }, { notice });
  });
}

function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
