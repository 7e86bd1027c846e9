import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { create as contentDisposition } from 'content-disposition';
import { FullTextPanel } from '../../views/fulltext/full-text-panel.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { sendError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { redirectAfterPost, wantsFragment } from '../http/htmx.js';
import { sendFragment } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { uploadedFiles } from '../http/uploads.js';
import { loadScreeningViewer } from '../screening/screening-filters.js';
import { setNotRetrieved } from '../screening/screening-service.js';
import { stagePath } from '../screening/stages.js';
import { BLIND_TITLE_ABSTRACT, stageRecordsVisible } from '../screening/visibility.js';
import { loadFullText } from './full-text-model.js';
import {
  assertRecordInReview,
  attachPdf,
  findFullText,
  MAX_LINK,
  removeFullText,
  setFullTextLink,
  type FullTextContext,
  type FullTextPart,
} from './full-text-store.js';
import { pdfPath } from './pdf-files.js';
import { pathId } from '../http/path-params.js';

/**
 * The policy of the PDF response itself, instead of the pages' one: the browser's own viewer
 * (Chromium's, Firefox's pdf.js) renders it, so the document needs nothing from us — no script,
 * style, plugin, form or base — and only Coreview's own pages may frame it (the panel's inline
 * viewer; the pages' policy allows `frame-src 'self'`). No `sandbox`: some viewers refuse to run
 * in a sandboxed document. Checked in Chromium by test/e2e/full-text.test.ts.
 */
export const PDF_POLICY = "default-src 'none'; object-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

interface Answer {
  notice?: string;
  errors?: FieldErrors;
}

/** Any review member may attach, link, remove and mark retrieval. Inside the /reviews/:slug scope. */
export async function fullTextRoutes(app: FastifyInstance) {
  const limitMb = () => Math.round(app.config.pdfLimitBytes / 1024 / 1024);

  // Only this plugin's routes: a too-large PDF gets its own limit in the message; anything else
  // goes on to the application's error handler.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
      const message = `The PDF is larger than the ${limitMb()} MB allowed, so nothing was stored. A smaller copy (for example without scanned images) or a link can be attached instead.`;
      return sendError(request, reply, { status: 413, title: 'Too large', message });
    }
    if (error.code === 'FST_FILES_LIMIT') {
      return sendError(request, reply, { status: 413, title: 'Too large', message: 'Attach one PDF at a time. Nothing was stored.' });
    }
    throw error;
  });

  const ctx = (request: FastifyRequest): FullTextContext => ({ reviewId: currentReview(request).id, actorId: request.account!.id });
  const accessOf = async (request: FastifyRequest) => (await loadScreeningViewer(app.db, currentReview(request).id, request.account!.id)).stages;

  // Which records reach full text is title and abstract's outcome, and so are the reports attached
  // to them: closed, alike for every record, while that stage is blind to the viewer.
  app.addHook('preHandler', async (request) => {
    if (!stageRecordsVisible(await accessOf(request), 'full_text')) throw new ForbiddenError(BLIND_TITLE_ABSTRACT);
  });

  /** The record addressed by :id, of this review only (another review's record is a 404). */
  async function addressedRecord(request: FastifyRequest): Promise<number> {
    const id = pathId(request, 'id', 'There is no such record in this review.');
    await assertRecordInReview(app.db, currentReview(request).id, id);
    return id;
  }

  /**
   * After a change: htmx gets the panel again (422 with the problems); a plain form goes back to
   * the record page with the message as a flash.
   */
  async function answer(request: FastifyRequest, reply: FastifyReply, recordId: number, result: Answer) {
    const review = currentReview(request);
    if (wantsFragment(request)) {
      const model = await loadFullText(app.db, review.id, recordId, await accessOf(request));
      const viewer = (request.body as Record<string, unknown> | undefined)?.viewer !== '0';
      const panel = (
        <FullTextPanel slug={review.slug} model={model} csrfToken={reply.generateCsrf()} pdfLimitMb={limitMb()} viewer={viewer} errors={result.errors} notice={result.notice} />
      );
      return sendFragment(reply, panel, result.errors ? 422 : 200);
    }
    setFlash(reply, result.errors ? Object.values(result.errors).join(' ') : (result.notice ?? ''));
    return redirectAfterPost(request, reply, `/reviews/${review.slug}/records/${recordId}`);
  }

  /**
   * Runs a change; a ValidationError (or the screening service's NotFoundError) becomes a calm answer.
   * `then`: where a successful change goes on to instead (the screening page's next record).
   */
  async function change(request: FastifyRequest, reply: FastifyReply, recordId: number, run: () => Promise<string>, field: string, then?: string) {
    let result: Answer;
    try {
      result = { notice: await run() };
    } catch (error) {
      if (error instanceof ValidationError) result = { errors: error.fields };
      else if (error instanceof NotFoundError && field === 'retrieval') result = { errors: { retrieval: error.message } };
      else throw error;
    }
    if (then !== undefined && result.notice !== undefined) {
      setFlash(reply, result.notice);
      return redirectAfterPost(request, reply, then);
    }
    return answer(request, reply, recordId, result);
  }

  // The panel alone, for a page that loads it with htmx (hx-get, hx-trigger="load"); `?viewer=0`
  // leaves out the inline viewer. Without htmx this is the record page.
  app.get('/records/:id/full-text', async (request, reply) => {
    const recordId = await addressedRecord(request);
    const review = currentReview(request);
    if (!wantsFragment(request)) return reply.redirect(`/reviews/${review.slug}/records/${recordId}`, 303);
    const model = await loadFullText(app.db, review.id, recordId, await accessOf(request));
    const viewer = (request.query as Record<string, unknown>).viewer !== '0';
    return sendFragment(reply, <FullTextPanel slug={review.slug} model={model} csrfToken={reply.generateCsrf()} pdfLimitMb={limitMb()} viewer={viewer} />);
  });

  app.post(
    '/records/:id/full-text',
    // The PDF limit applies to this form only; imports keep COREVIEW_UPLOAD_LIMIT_MB.
    { config: { multipartOptions: { limits: { fileSize: app.config.pdfLimitBytes, files: 1 } } } },
    async (request, reply) => {
      const recordId = await addressedRecord(request);
      return change(request, reply, recordId, async () => {
        const [file] = uploadedFiles(request.body, 'pdf');
        if (!file) throw new ValidationError({ pdf: 'Choose a PDF file to attach.' });
        const outcome = await attachPdf(app.db, app.config.dataDir, ctx(request), recordId, file);
        return outcome === 'attached' ? 'PDF attached.' : 'This PDF was already attached; nothing changed.';
      }, 'pdf');
    },
  );

  app.post('/records/:id/full-text/link', async (request, reply) => {
    const recordId = await addressedRecord(request);
    return change(request, reply, recordId, async () => {
      const form = new FormInput(request.body);
      const url = form.text('url', { label: 'The link', max: MAX_LINK });
      form.assertValid();
      const outcome = await setFullTextLink(app.db, ctx(request), recordId, url);
      return outcome === 'saved' ? 'Link saved.' : 'This link was already saved; nothing changed.';
    }, 'url');
  });

  app.post('/records/:id/full-text/remove', async (request, reply) => {
    const recordId = await addressedRecord(request);
    return change(request, reply, recordId, async () => {
      const form = new FormInput(request.body);
      const raw = form.text('part', { label: 'What to remove', max: 10 }) || 'all';
      if (!['pdf', 'link', 'all'].includes(raw)) form.fail('part', 'Choose the PDF or the link to remove.');
      form.assertValid();
      const part = raw as FullTextPart;
      const outcome = await removeFullText(app.db, ctx(request), recordId, part);
      if (outcome === 'unchanged') return 'There was nothing to remove.';
      return part === 'pdf' ? 'PDF removed from this record.' : part === 'link' ? 'Link removed.' : 'Full text removed from this record.';
    }, 'part');
  });

  app.post('/records/:id/full-text/retrieval', async (request, reply) => {
    const recordId = await addressedRecord(request);
    // From the screening page, a report marked not retrieved is finished there: on to the next one.
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = body.then === 'next' && body.notRetrieved === '1' ? `/reviews/${currentReview(request).slug}/screening/${stagePath('full_text')}?after=${recordId}` : undefined;
    return change(request, reply, recordId, async () => {
      const form = new FormInput(request.body);
      const value = form.oneOf('notRetrieved', ['1', '0'] as const, 'Not retrieved');
      if (form.errors.notRetrieved) throw new ValidationError({ retrieval: 'Say whether the report was retrieved.' });
      await setNotRetrieved(app.db, ctx(request), recordId, value === '1');
      return value === '1' ? 'Marked not retrieved: PRISMA counts it among the reports not retrieved.' : 'Marked retrieved: it can be assessed now.';
    }, 'retrieval', next);
  });

  app.get('/records/:id/full-text.pdf', async (request, reply) => {
    const recordId = await addressedRecord(request);
    const row = await findFullText(app.db, currentReview(request).id, recordId);
    if (!row?.pdfSha256) throw new NotFoundError('This record has no PDF attached.');
    const path = pdfPath(app.config.dataDir, row.pdfSha256);
    const size = await stat(path).then((s) => s.size, () => null);
    if (size === null) throw new NotFoundError('The PDF file is missing from the data folder. Attach it again.');
    // Content-addressed: the hash is a strong validator, so a reopened PDF costs one 304.
    const etag = `"${row.pdfSha256}"`;
    reply
      .header('Content-Security-Policy', PDF_POLICY)
      .header('X-Content-Type-Options', 'nosniff')
      .header('X-Frame-Options', 'SAMEORIGIN')
      .header('Cache-Control', 'private, no-cache')
      .header('ETag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply
      .type('application/pdf')
      .header('Content-Disposition', contentDisposition(row.pdfName ?? 'full-text.pdf', { type: 'inline' }))
      .header('Content-Length', size)
      .send(createReadStream(path));
  });
}
