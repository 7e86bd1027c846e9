/**
 * A record's full text: a PDF kept by hash under `<dataDir>/fulltexts/<sha256>.pdf`, a link, or
 * both, in one `full_text` row per record. Each change is one transaction with its audit event
 * (entity `full_text`, id = the record's id; kept apart from `record`, whose events are metadata edits).
 *
 * ```ts
 * await attachPdf(db, dataDir, ctx, recordId, upload);        // 'attached' | 'unchanged'
 * await setFullTextLink(db, ctx, recordId, 'https://…');      // 'saved' | 'unchanged'
 * await removeFullText(db, ctx, recordId, 'pdf');             // 'removed' | 'unchanged'
 * ```
 *
 * PDF files are never deleted here, not on removal nor when a record's PDF is replaced:
 * - one file may serve many records (and reviews): it is stored once per content;
 * - the history names the hash of every PDF that was attached and removed, so what a reviewer
 *   read stays available to an administrator, and a mistaken removal is undone by attaching the
 *   same file again (which finds it already stored);
 * - deciding "no row uses this file any more" and deleting it would race with an upload of the
 *   same file that found it present a moment earlier, leaving that record pointing at nothing.
 * A record whose row is removed simply has no full text; the file stays on disk.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, FullTextRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import type { UploadedFile } from '../http/uploads.js';
import { webUrl } from '../records/record-fields.js';
import { hasPdfHeader, keepPdf, pdfDisplayName } from './pdf-files.js';

export interface FullTextContext {
  reviewId: number;
  actorId: number;
}

export const MAX_LINK = 2000;

/** The full-text row of a record of this review, if any. */
export function findFullText(db: Kysely<Database>, reviewId: number, recordId: number): Promise<FullTextRow | undefined> {
  return db.selectFrom('fullText').selectAll().where('reviewId', '=', reviewId).where('recordId', '=', recordId).executeTakeFirst();
}

/** Throws NotFoundError unless the record belongs to the review. */
export async function assertRecordInReview(db: Kysely<Database>, reviewId: number, recordId: number): Promise<void> {
  const record = await db.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('id', '=', recordId).executeTakeFirst();
  if (!record) throw new NotFoundError('There is no such record in this review.');
}

/**
 * Checks an upload is a non-empty PDF (by its header, not its name), stores it by hash, and makes
 * it the record's PDF (a link the record has stays). The size limit is enforced while the upload
 * streams (413); this sees only what arrived whole.
 */
export async function attachPdf(db: Kysely<Database>, dataDir: string, ctx: FullTextContext, recordId: number, upload: UploadedFile): Promise<'attached' | 'unchanged'> {
  await assertRecordInReview(db, ctx.reviewId, recordId);
  const shownName = pdfDisplayName(upload.fileName);
  if (upload.size === 0) throw new ValidationError({ pdf: `${shownName} is empty. Choose the PDF again.` });
  if (!(await hasPdfHeader(upload.tempPath))) {
    throw new ValidationError({ pdf: `${shownName} is not a PDF (it does not start like one). Save the article as PDF and attach that.` });
  }
  // The file goes into place before the row that points at it: a failed transaction leaves an
  // unused file (harmless, content-addressed), never a row without its file.
  await keepPdf(dataDir, upload.sha256, upload.tempPath);
  const pdf = { pdfSha256: upload.sha256, pdfName: shownName, pdfSize: upload.size };
  return db.transaction().execute(async (trx) => {
    const before = await findFullText(trx, ctx.reviewId, recordId);
    if (before?.pdfSha256 === pdf.pdfSha256 && before.pdfName === pdf.pdfName) return 'unchanged';
    await upsert(trx, ctx, recordId, { ...pdf, url: before?.url ?? null });
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'fulltext.attach',
      entity: 'full_text',
      entityId: recordId,
      before: before?.pdfSha256 ? pdfOf(before) : null,
      after: pdf,
    });
    return 'attached';
  });
}

/** The link as stored: an http(s) address of at most 2,000 characters; anything else is refused. */
export function checkedLink(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new ValidationError({ url: 'Give the web address of the full text.' });
  const url = webUrl(trimmed);
  if (url === null) throw new ValidationError({ url: 'Only web addresses starting with http:// or https:// can be kept.' });
  if (url.length > MAX_LINK) throw new ValidationError({ url: `The web address must be at most ${MAX_LINK.toLocaleString('en-GB')} characters.` });
  return url;
}

/** Sets (or changes) the record's full-text link; a PDF the record has stays. */
export async function setFullTextLink(db: Kysely<Database>, ctx: FullTextContext, recordId: number, text: string): Promise<'saved' | 'unchanged'> {
  await assertRecordInReview(db, ctx.reviewId, recordId);
  const url = checkedLink(text);
  return db.transaction().execute(async (trx) => {
    const before = await findFullText(trx, ctx.reviewId, recordId);
    if (before?.url === url) return 'unchanged';
    await upsert(trx, ctx, recordId, { ...(before ? pdfOf(before) : { pdfSha256: null, pdfName: null, pdfSize: null }), url });
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'fulltext.link', entity: 'full_text', entityId: recordId, before: before?.url ?? null, after: url });
    return 'saved';
  });
}

export type FullTextPart = 'pdf' | 'link' | 'all';

/**
 * Takes the PDF, the link, or both off the record; the row goes when nothing is left. The PDF file
 * itself stays on disk (see the top of this file).
 */
export async function removeFullText(db: Kysely<Database>, ctx: FullTextContext, recordId: number, part: FullTextPart = 'all'): Promise<'removed' | 'unchanged'> {
  await assertRecordInReview(db, ctx.reviewId, recordId);
  return db.transaction().execute(async (trx) => {
    const before = await findFullText(trx, ctx.reviewId, recordId);
    if (!before) return 'unchanged';
    const keepPdfPart = part === 'link' && before.pdfSha256 !== null;
    const keepLink = part === 'pdf' && before.url !== null;
    const removesSomething = part === 'all' || (part === 'pdf' ? before.pdfSha256 !== null : before.url !== null);
    if (!removesSomething) return 'unchanged';
    const remaining = {
      ...(keepPdfPart ? pdfOf(before) : { pdfSha256: null, pdfName: null, pdfSize: null }),
      url: keepLink ? before.url : null,
    };
    if (remaining.pdfSha256 === null && remaining.url === null) {
      await trx.deleteFrom('fullText').where('reviewId', '=', ctx.reviewId).where('recordId', '=', recordId).execute();
    } else {
      await upsert(trx, ctx, recordId, remaining);
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'fulltext.remove',
      entity: 'full_text',
      entityId: recordId,
      before: { ...pdfOf(before), url: before.url },
      after: remaining.pdfSha256 === null && remaining.url === null ? null : remaining,
    });
    return 'removed';
  });
}

function pdfOf(row: FullTextRow) {
  return { pdfSha256: row.pdfSha256, pdfName: row.pdfName, pdfSize: row.pdfSize };
}

async function upsert(
  trx: Kysely<Database>,
  ctx: FullTextContext,
  recordId: number,
  values: { pdfSha256: string | null; pdfName: string | null; pdfSize: number | null; url: string | null },
) {
  const row = { ...values, updatedBy: ctx.actorId, updatedAt: new Date().toISOString() };
  await trx
    .insertInto('fullText')
    .values({ recordId, reviewId: ctx.reviewId, ...row })
    .onConflict((oc) => oc.column('recordId').doUpdateSet(row))
    .execute();
}
