import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../domain-errors.js';
import { currentReview } from '../http/review-access.js';
import { download, DOCUMENT_TYPES } from '../http/download.js';
import { excludedDocx, includedDocx } from './characteristics-docx.js';
import { excludedCharacteristics, includedCharacteristics } from './characteristics-queries.js';
import { excludedXlsx, includedXlsx } from './characteristics-xlsx.js';

const FORMATS = 'The characteristics tables download as docx or xlsx.';

function readFormat(params: unknown): 'docx' | 'xlsx' {
  const format = (params as { format: string }).format;
  if (format !== 'docx' && format !== 'xlsx') throw new NotFoundError(FORMATS);
  return format;
}

/**
 * Registered inside /reviews/:slug behind includedStudiesGate (both tables are full text's results,
 * hidden from a member blind screening keeps them from): any member downloads them.
 */
export async function characteristicsRoutes(app: FastifyInstance) {
  app.get('/characteristics/included.:format', async (request, reply) => {
    const format = readFormat(request.params);
    const review = currentReview(request);
    const table = await includedCharacteristics(app.db, review.id);
    const title = `Characteristics of included studies: ${review.title}`;
    const body = format === 'docx' ? await includedDocx(table, title) : await includedXlsx(table, title);
    return download(reply, `${review.slug}-included-studies.${format}`, DOCUMENT_TYPES[format], body);
  });

  app.get('/characteristics/excluded.:format', async (request, reply) => {
    const format = readFormat(request.params);
    const review = currentReview(request);
    const table = await excludedCharacteristics(app.db, review.id);
    const title = `Reports excluded at full text, with reasons: ${review.title}`;
    const body = format === 'docx' ? await excludedDocx(table, title) : await excludedXlsx(table, title);
    return download(reply, `${review.slug}-excluded-full-texts.${format}`, DOCUMENT_TYPES[format], body);
  });
}
