import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import { ImportJobPage, ImportJobView, type ImportJobModel } from '../../views/imports/import-job-view.js';
import { ImportsPage, type ImportsModel } from '../../views/imports/imports-page.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { uploadedFiles } from '../http/uploads.js';
import { findBatch, findBatchesByHash, listBatches, removeBatch } from './batch-repository.js';
import type { ImportJob } from './import-jobs.js';
import { readSearchDetails } from './search-details.js';
import { pathId } from '../http/path-params.js';

const batchParam = (request: FastifyRequest, name: string) => pathId(request, name, 'There is no such search in this review.');

/** Upload → preview → commit, the list of searches, originals and removal. Inside the /reviews/:slug scope. */
export async function importRoutes(app: FastifyInstance) {
  async function showImports(request: FastifyRequest, reply: FastifyReply, overrides: Partial<ImportsModel> = {}, status = 200) {
    const review = currentReview(request);
    const model: ImportsModel = {
      review,
      batches: await listBatches(app.db, review.id),
      form: {},
      uploadLimitMb: Math.round(app.config.uploadLimitBytes / 1024 / 1024),
      uploadFiles: app.config.uploadFilesLimit,
      ...overrides,
    };
    return sendPage(reply, <ImportsPage ctx={pageContext(request, reply)} model={model} />, status);
  }

  function findJob(request: FastifyRequest): ImportJob {
    const { jobId } = request.params as { jobId: string };
    const job = app.imports.get(jobId, currentReview(request).id);
    if (!job) throw new NotFoundError('This import preview no longer exists (previews are kept for a day, and not across a restart). Upload the files again.');
    return job;
  }

  async function jobModel(request: FastifyRequest, job: ImportJob): Promise<ImportJobModel> {
    const earlier = await findBatchesByHash(app.db, job.reviewId, job.files.map((f) => f.sha256));
    // Once committed, the job's own batches are not "earlier" imports.
    const own = new Set(job.batchIds ?? []);
    return {
      slug: currentReview(request).slug,
      job,
      earlier: earlier.filter((b) => !own.has(b.id)).map((b) => ({ sha256: b.fileSha256, sourceName: b.sourceName, createdAt: b.createdAt })),
    };
  }

  app.get('/imports', async (request, reply) => showImports(request, reply));

  app.post('/imports', async (request, reply) => {
    const review = currentReview(request);
    const form = new FormInput(request.body);
    const search = readSearchDetails(form);
    const files = uploadedFiles(request.body, 'files');
    if (files.length === 0) form.fail('files', 'Choose at least one export file.');
    else if (files.some((f) => f.size === 0)) form.fail('files', `${files.find((f) => f.size === 0)!.fileName} is empty. Export the search again.`);
    try {
      form.assertValid();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return showImports(request, reply, { form: search, errors: error.fields }, 422);
    }
    const job = await app.imports.start(review.id, request.account!.id, search, files);
    return reply.redirect(`/reviews/${review.slug}/imports/jobs/${job.id}`, 303);
  });

  app.get('/imports/jobs/:jobId', async (request, reply) => {
    const job = findJob(request);
    const model = await jobModel(request, job);
    if (wantsFragment(request)) return sendFragment(reply, <ImportJobView model={model} csrfToken={reply.generateCsrf()} />);
    return sendPage(reply, <ImportJobPage ctx={pageContext(request, reply)} review={currentReview(request)} model={model} />);
  });

  app.post('/imports/jobs/:jobId/commit', async (request, reply) => {
    const job = findJob(request);
    if (job.state === 'ready') {
      job.error = undefined;
      app.imports.commit(job).catch((error: unknown) => {
        request.log.error({ err: error }, 'import commit failed');
        job.error = 'Storing the records failed, so nothing was stored. Try again; if it fails again, tell your administrator.';
      });
    }
    return reply.redirect(`/reviews/${currentReview(request).slug}/imports/jobs/${job.id}`, 303);
  });

  app.post('/imports/jobs/:jobId/cancel', async (request, reply) => {
    await app.imports.cancel(findJob(request));
    setFlash(reply, 'Import cancelled; nothing was stored.');
    return reply.redirect(`/reviews/${currentReview(request).slug}/imports`, 303);
  });

  app.get('/imports/:batchId/original', async (request, reply) => {
    const batch = await findBatch(app.db, currentReview(request).id, batchParam(request, 'batchId'));
    const path = join(app.config.dataDir, 'originals', batch.fileSha256);
    if (!existsSync(path)) throw new NotFoundError('The original file is missing from the data folder.');
    return reply
      .type('application/octet-stream')
      .header('Content-Disposition', contentDisposition(batch.fileName))
      .header('X-Content-SHA256', batch.fileSha256)
      .send(createReadStream(path));
  });

  app.post('/imports/:batchId/remove', { preHandler: requireReviewOwner }, async (request, reply) => {
    const review = currentReview(request);
    const removed = await removeBatch(app.db, { actorId: request.account!.id, reviewId: review.id }, batchParam(request, 'batchId'));
    setFlash(reply, `Search removed with its ${removed.toLocaleString('en-GB')} records. The original file is kept.`);
    return reply.redirect(`/reviews/${review.slug}/imports`, 303);
  });
}
