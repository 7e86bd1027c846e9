import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScreeningSettingsPage } from '../../views/screening/screening-settings-page.js';
import type { RecordOrder, Stage } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { listMembers } from '../reviews/members.js';
import { positiveId, stageOf } from './screening-routes.js';
import { readSettings, RECORD_ORDERS } from './screening-settings.js';
import { changeSettings } from './settings-service.js';
import { stageLabel } from './stages.js';

/** Registered inside /reviews/:slug; owners only. */
export async function screeningSettingsRoutes(app: FastifyInstance) {
  async function render(request: FastifyRequest, reply: FastifyReply, errors?: { stage: Stage; fields: Record<string, string> }) {
    const review = currentReview(request);
    const [ta, ft, members] = await Promise.all([readSettings(app.db, review.id, 'title_abstract'), readSettings(app.db, review.id, 'full_text'), listMembers(app.db, review.id)]);
    const model = {
      base: `/reviews/${review.slug}/screening`,
      csrfToken: reply.generateCsrf(),
      settings: { title_abstract: ta, full_text: ft },
      members: members.filter((m) => !m.disabled).map((m) => ({ id: m.accountId, name: m.name })),
      errors,
    };
    const nav = { slug: review.slug, title: review.title, isOwner: true, section: 'screening' as const };
    return sendPage(reply, <ScreeningSettingsPage ctx={pageContext(request, reply)} review={nav} model={model} />, errors ? 422 : 200);
  }

  app.get('/screening/settings', { preHandler: requireReviewOwner }, async (request, reply) => render(request, reply));

  app.post('/screening/settings/:stage', { preHandler: requireReviewOwner }, async (request, reply) => {
    const stage = stageOf(request);
    const review = currentReview(request);
    const form = new FormInput(request.body);
    const reviewersNeeded = Number(form.text('reviewersNeeded', { label: 'Reviewers per record', required: true, max: 2 }));
    const recordOrder = form.oneOf('recordOrder', RECORD_ORDERS, 'Order') as RecordOrder;
    const seedText = form.text('orderSeed', { label: 'Seed', max: 12 });
    const recallText = form.text('recallTarget', { label: 'Recall target', max: 4 });
    const arbiterText = form.text('arbiterId', { label: 'Arbiter', max: 15 });
    const arbiterId = arbiterText === '' ? null : positiveId(arbiterText);
    if (arbiterText !== '' && arbiterId === null) form.fail('arbiterId', 'Choose a member of this review.');
    try {
      form.assertValid();
      await changeSettings(app.db, { reviewId: review.id, actorId: request.account!.id }, stage, {
        reviewersNeeded,
        blind: form.text('blind', { label: 'Blind', max: 1 }) === '1',
        recordOrder,
        orderSeed: seedText === '' ? 1 : Number(seedText),
        maybeAdvances: form.text('maybeAdvances', { label: 'Maybe', max: 1 }) === '1',
        arbiterId,
        // Left out, the target stays as it was; anything else is checked by the service.
        recallTarget: recallText === '' ? undefined : Number(recallText),
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, { stage, fields: error.fields });
    }
    setFlash(reply, `${stageLabel(stage)} settings saved.`);
    return reply.redirect(`/reviews/${review.slug}/screening/settings`, 303);
  });
}
