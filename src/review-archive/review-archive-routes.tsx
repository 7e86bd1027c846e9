import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import { ArchiveError } from '../archive/archive-error.js';
import { ForbiddenError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { uploadedFiles } from '../http/uploads.js';
import { exportReview } from './export-review.js';
import { importReview } from './import-review.js';

/** The review as one file, for its owners. Inside the /reviews/:slug scope. */
export async function reviewArchiveRoutes(app: FastifyInstance) {
  app.get('/settings/archive', { preHandler: requireReviewOwner }, async (request, reply) => {
    const review = currentReview(request);
    const tmp = join(app.config.dataDir, 'tmp');
    await mkdir(tmp, { recursive: true });
    const file = join(tmp, `${randomUUID()}.review.zip`);
    const { bytes } = await exportReview(app.config, review.id, file);
    const stream = createReadStream(file);
    // Removed once sent (or the client went away); tmp/ is also cleared on start.
    stream.once('close', () => void rm(file, { force: true }));
    const name = `${review.slug}-${new Date().toISOString().slice(0, 10)}.coreview.zip`;
    return reply.type('application/zip').header('Content-Disposition', contentDisposition(name)).header('Content-Length', bytes).send(stream);
  });
}

/**
 * Importing a review file as a new review, for the instance owner alone: the file's people are
 * matched to accounts by e-mail (saying how many it did not know) and made members of the new
 * review, which only the one who manages accounts may do (README, "Accounts are not revealed").
 */
export async function reviewImportRoutes(app: FastifyInstance) {
  const instanceOwnerOnly = async (request: FastifyRequest) => {
    if (!request.account?.isOwner) throw new ForbiddenError('Only the owner of this Coreview imports review files: they bring their people with them.');
  };
  app.post('/reviews/new/import', { preHandler: instanceOwnerOnly, config: { multipartOptions: { limits: { files: 1 } } } }, async (request, reply) => {
    const form = new FormInput(request.body);
    const slug = form.text('slug', { label: 'Short name', max: 40 }).toLowerCase();
    form.assertValid();
    const [file] = uploadedFiles(request.body, 'archive');
    if (!file) throw new ValidationError({ archive: 'Choose a review file (.zip) to import.' });
    let summary;
    try {
      summary = await importReview(app.config, file.tempPath, { actorId: request.account!.id, slug: slug || undefined, name: file.fileName || 'the uploaded file' });
    } catch (error) {
      if (error instanceof ArchiveError) throw new ValidationError({ archive: error.message });
      throw error;
    }
    const added = summary.peopleAdded.length;
    setFlash(reply, `Review imported: ${summary.rows.record ?? 0} records with their decisions, coding and history.${added > 0 ? ` ${added} people this Coreview did not know were added, disabled.` : ''}`);
    return reply.redirect(`/reviews/${summary.slug}`, 303);
  });
}
