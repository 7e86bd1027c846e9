import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DashboardPage } from '../../views/reviews/dashboard-page.js';
import { ReviewFormPage } from '../../views/reviews/review-form-page.js';
import { ReviewListPage } from '../../views/reviews/review-list-page.js';
import { appraisalRoutes } from '../appraisal/appraisal-routes.js';
import { doubleCodingRoutes } from '../double-coding/double-coding-routes.js';
import { auditRoutes } from '../audit/audit-routes.js';
import { characteristicsRoutes } from '../characteristics/characteristics-routes.js';
import { codingRoutes } from '../coding/coding-routes.js';
import { codebookRoutes } from '../coding/codebook-routes.js';
import { dedupRoutes } from '../dedup/dedup-routes.js';
import { exportRoutes } from '../exports/export-routes.js';
import { extractionRoutes } from '../extraction/extraction-routes.js';
import { findingsRoutes } from '../findings/findings-routes.js';
import { fullTextRoutes } from '../fulltext/full-text-routes.js';
import { importRoutes } from '../imports/import-routes.js';
import { prismaRoutes } from '../prisma/prisma-routes.js';
import { recordRoutes } from '../records/record-routes.js';
import { historyRoutes } from '../screening/history-routes.js';
import { conflictRoutes } from '../screening/conflict-routes.js';
import { screeningRoutes } from '../screening/screening-routes.js';
import { synthesisRoutes } from '../synthesis/synthesis-routes.js';
import { screeningSettingsRoutes } from '../screening/settings-routes.js';
import { screeningStopRoutes } from '../screening/stop-routes.js';
import { agreementRoutes } from '../screening/agreement-routes.js';
import { reviewAccess } from '../screening/screening-service.js';
import { includedStudiesGate } from '../studies/included-studies-gate.js';
import { reviewArchiveRoutes, reviewImportRoutes } from '../review-archive/review-archive-routes.js';
import { ValidationError } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, loadMemberReview, requireReviewOwner } from '../http/review-access.js';
import { requireAccount } from '../http/session-auth.js';
import { summariseStages } from './dashboard.js';
import { studyCounts } from '../studies/study-counts.js';
import { listReceivedInvitations } from './invitations.js';
import { memberRoutes } from './member-routes.js';
import { protocolRoutes } from './protocol-routes.js';
import { listMemberReviews, type ReviewFields } from './review-repository.js';
import { createReview, updateReview } from './review-service.js';
import { suggestSlug } from './slug.js';
import { readCounters } from './stage-counters.js';

function readReviewForm(request: FastifyRequest): [ReviewFields, FormInput] {
  const form = new FormInput(request.body);
  const title = form.text('title', { label: 'Title', required: true, max: 300 });
  const slug = form.text('slug', { label: 'Short name', max: 40 }).toLowerCase() || suggestSlug(title);
  const fields = {
    title,
    slug,
    question: form.text('question', { label: 'Research question', max: 2000 }),
    description: form.text('description', { label: 'Description', max: 10000 }),
  };
  return [fields, form];
}

export async function reviewRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAccount);
  const uploadLimitMb = Math.round(app.config.uploadLimitBytes / 1024 / 1024);

  app.get('/reviews', async (request, reply) => {
    const reviews = await listMemberReviews(app.db, request.account!.id);
    const invitations = await listReceivedInvitations(app.db, request.account!);
    return sendPage(reply, <ReviewListPage ctx={pageContext(request, reply)} reviews={reviews} invitations={invitations} />);
  });

  app.get('/reviews/new', async (request, reply) => {
    const empty = { title: '', slug: '', question: '', description: '' };
    return sendPage(reply, <ReviewFormPage ctx={pageContext(request, reply)} fields={empty} creating={creatingForm(request, '/reviews')} uploadLimitMb={uploadLimitMb} />);
  });

  app.post('/reviews', async (request, reply) => {
    const [fields, form] = readReviewForm(request);
    const codebookTemplate = form.text('codebookTemplate', { label: 'Codebook template', max: 1 }) === '1';
    try {
      form.assertValid();
      await createOnce(request, (trx) => createReview(trx, request.account!, fields, { codebookTemplate }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const creating = creatingForm(request, '/reviews');
      return sendPage(reply, <ReviewFormPage ctx={pageContext(request, reply)} fields={fields} errors={error.fields} creating={creating} codebookTemplate={codebookTemplate} uploadLimitMb={uploadLimitMb} />, 422);
    }
    setFlash(reply, 'Review created. Next: set out its criteria and add your team.');
    return reply.redirect(`/reviews/${fields.slug}`, 303);
  });

  await app.register(reviewImportRoutes);

  // Everything under one review: membership is checked once here, for every route inside.
  await app.register(async (scope) => {
    scope.addHook('preHandler', loadMemberReview);

    scope.get('/', async (request, reply) => {
      const review = currentReview(request);
      const [counters, access] = await Promise.all([readCounters(app.db, review.id), reviewAccess(app.db, review.id, review.role, request.account!.id)]);
      const stages = summariseStages(counters, access, await studyCounts(app.db, review.id, counters));
      return sendPage(reply, <DashboardPage ctx={pageContext(request, reply)} review={review} stages={stages} />);
    });

    scope.get('/settings', { preHandler: requireReviewOwner }, async (request, reply) => {
      const review = currentReview(request);
      const nav = { slug: review.slug, title: review.title, isOwner: true, section: 'settings' as const };
      return sendPage(reply, <ReviewFormPage ctx={pageContext(request, reply)} fields={review} review={nav} uploadLimitMb={uploadLimitMb} />);
    });

    scope.post('/settings', { preHandler: requireReviewOwner }, async (request, reply) => {
      const review = currentReview(request);
      const [fields, form] = readReviewForm(request);
      try {
        form.assertValid();
        await updateReview(app.db, request.account!.id, review, fields);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const nav = { slug: review.slug, title: review.title, isOwner: true, section: 'settings' as const };
        return sendPage(reply, <ReviewFormPage ctx={pageContext(request, reply)} fields={fields} errors={error.fields} review={nav} uploadLimitMb={uploadLimitMb} />, 422);
      }
      setFlash(reply, 'Review details saved.');
      return reply.redirect(`/reviews/${fields.slug}`, 303);
    });

    await scope.register(protocolRoutes);
    await scope.register(importRoutes);
    await scope.register(recordRoutes);
    await scope.register(historyRoutes);
    await scope.register(dedupRoutes);
    await scope.register(screeningRoutes);
    await scope.register(conflictRoutes);
    await scope.register(screeningSettingsRoutes);
    await scope.register(screeningStopRoutes);
    await scope.register(memberRoutes);
    await scope.register(auditRoutes);
    await scope.register(fullTextRoutes);
    await scope.register(agreementRoutes);
    await scope.register(exportRoutes);
    await scope.register(prismaRoutes);
    await scope.register(codebookRoutes);
    // Coding, extraction, synthesis and the characteristics tables start from the included studies, a screening result.
    await scope.register(async (studies) => {
      studies.addHook('preHandler', includedStudiesGate(app));
      await studies.register(codingRoutes);
      // Double coding (a coder's own pass, the consensus, coder agreement) builds on coding's pages.
      await studies.register(doubleCodingRoutes);
      await studies.register(extractionRoutes);
      await studies.register(appraisalRoutes);
      await studies.register(synthesisRoutes);
      await studies.register(findingsRoutes);
      await studies.register(characteristicsRoutes);
    });
    await scope.register(reviewArchiveRoutes);
  }, { prefix: '/reviews/:slug' });
}
