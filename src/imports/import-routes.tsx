import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import { ImportJobPage, ImportJobView, type ImportJobModel } from '../../views/imports/import-job-view.js';
import { ImportStatus, ImportsPage, type ImportsModel } from '../../views/imports/imports-page.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { uploadedFiles } from '../http/uploads.js';
import { findBatch, findBatchesByHash, listBatches, removeBatch, storedCounts } from './batch-repository.js';
import { cancelUpload, commitUpload, continueCommit, findUpload, mayActOn, openUploads, startUpload, sweepStaging, type ImportUpload } from './import-uploads.js';
import { originalsDir } from './originals.js';
import { readSearchDetails } from './search-details.js';
import { pathId } from '../http/path-params.js';

const batchParam = (request: FastifyRequest, name: string) => pathId(request, name, 'There is no such search in this review.');

/** Upload → preview → commit, the list of searches, originals and removal. Inside the /reviews/:slug scope. */
export async function importRoutes(app: FastifyInstance) {
  async function showImports(request: FastifyRequest, reply: FastifyReply, overrides: Partial<ImportsModel> = {}, status = 200) {
    const review = currentReview(request);
    const uploads = await openUploads(app.db, review.id);
    const model: ImportsModel = {
      review,
      batches: await listBatches(app.db, review.id),
      uploads,
      stored: await storedCounts(app.db, uploads.flatMap((u) => u.files.flatMap((f) => (f.batchId === null ? [] : [f.batchId])))),
      form: {},
      upload: creatingForm(request, `/reviews/${review.slug}/imports`),
      uploadLimitMb: Math.round(app.config.uploadLimitBytes / 1024 / 1024),
      uploadFiles: app.config.uploadFilesLimit,
      ...overrides,
    };
    // The status region asks again by itself while an upload is under way.
    if (wantsFragment(request)) return sendFragment(reply, <ImportStatus model={model} csrfToken={reply.generateCsrf()} />);
    return sendPage(reply, <ImportsPage ctx={pageContext(request, reply)} model={model} />, status);
  }

  const uploadId = (request: FastifyRequest) => (request.params as { jobId: string }).jobId;

  async function findJob(request: FastifyRequest): Promise<ImportUpload> {
    const upload = await findUpload(app.db, currentReview(request).id, uploadId(request));
    if (!upload) throw new NotFoundError('This import preview no longer exists (previews are kept for a day). Upload the files again.');
    return upload;
  }

  const viewer = (request: FastifyRequest) => ({ id: request.account!.id, isOwner: currentReview(request).role === 'owner' });

  async function jobModel(request: FastifyRequest, job: ImportUpload, refusal?: string): Promise<ImportJobModel> {
    const earlier = await findBatchesByHash(app.db, job.reviewId, job.files.map((f) => f.sha256));
    // Once stored, the upload's own searches are not "earlier" imports.
    const own = new Set(job.files.map((f) => f.batchId));
    return {
      slug: currentReview(request).slug,
      job,
      earlier: earlier.filter((b) => !own.has(b.id)).map((b) => ({ sha256: b.fileSha256, sourceName: b.sourceName, createdAt: b.createdAt })),
      mayAct: mayActOn(job, viewer(request)),
      refusal,
    };
  }

  /**
   * Runs a change to an upload (only its uploader or an owner may), then goes on to `next`; a refusal
   * is said on the upload's page, calmly, as 422.
   */
  async function changeUpload(request: FastifyRequest, reply: FastifyReply, change: () => Promise<void>, next?: { path: string; flash: string }) {
    if (!mayActOn(await findJob(request), viewer(request))) {
      throw new ForbiddenError('Only the person who uploaded these files, or an owner of the review, can import, continue or cancel them.');
    }
    try {
      await change();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const model = await jobModel(request, await findJob(request), error.message);
      return sendPage(reply, <ImportJobPage ctx={pageContext(request, reply)} review={currentReview(request)} model={model} />, 422);
    }
    app.jobs.wake();
    if (next) setFlash(reply, next.flash);
    return reply.redirect(next?.path ?? `/reviews/${currentReview(request).slug}/imports/jobs/${uploadId(request)}`, 303);
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
    await sweepStaging(app.db, app.config.dataDir);
    const id = await createOnce(request, (trx) => startUpload(trx, app.config.dataDir, { reviewId: review.id, actorId: request.account!.id }, search, files));
    app.jobs.wake();
    return reply.redirect(`/reviews/${review.slug}/imports/jobs/${id}`, 303);
  });

  app.get('/imports/jobs/:jobId', async (request, reply) => {
    const job = await findJob(request);
    const model = await jobModel(request, job);
    if (wantsFragment(request)) return sendFragment(reply, <ImportJobView model={model} csrfToken={reply.generateCsrf()} />);
    return sendPage(reply, <ImportJobPage ctx={pageContext(request, reply)} review={currentReview(request)} model={model} />);
  });

  app.post('/imports/jobs/:jobId/commit', async (request, reply) =>
    changeUpload(request, reply, () => commitUpload(app.db, currentReview(request).id, uploadId(request), request.account!.id)),
  );

  app.post('/imports/jobs/:jobId/continue', async (request, reply) =>
    changeUpload(request, reply, () => continueCommit(app.db, currentReview(request).id, uploadId(request))),
  );

  app.post('/imports/jobs/:jobId/cancel', async (request, reply) =>
    changeUpload(request, reply, () => cancelUpload(app.db, app.config.dataDir, currentReview(request).id, uploadId(request)), {
      path: `/reviews/${currentReview(request).slug}/imports`,
      flash: 'Import cancelled; nothing was stored.',
    }),
  );

  app.get('/imports/:batchId/original', async (request, reply) => {
    const batch = await findBatch(app.db, currentReview(request).id, batchParam(request, 'batchId'));
    const path = join(originalsDir(app.config.dataDir), batch.fileSha256);
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
