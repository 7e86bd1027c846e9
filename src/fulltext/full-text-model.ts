import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { stageRecordsVisible, type ReviewAccess } from '../screening/visibility.js';

/** What the full-text panel shows for one record (views/fulltext/full-text-panel.tsx). */
export interface FullTextModel {
  recordId: number;
  pdf: { name: string; size: number; sha256: string } | null;
  /** An http(s) address, checked when it was saved. */
  url: string | null;
  /** The last change to the PDF or link; null when the record has neither. */
  updated: { by: string | null; at: string } | null;
  /**
   * Where the report stands for full-text screening; null when the record is not at that stage
   * (or is a duplicate there). `assessed`: it has full-text decisions, so it was retrieved and
   * cannot be marked "not retrieved".
   */
  retrieval: { notRetrieved: boolean; assessed: boolean } | null;
}

/**
 * Loads the panel's model for a record of the review (the caller has checked the record is the
 * review's). Retrieval is left out where the viewer may not see which records reached full text.
 */
export async function loadFullText(db: Kysely<Database>, reviewId: number, recordId: number, access: ReviewAccess): Promise<FullTextModel> {
  const [row, item] = await Promise.all([
    db
      .selectFrom('fullText as f')
      .leftJoin('account as a', 'a.id', 'f.updatedBy')
      .select(['f.pdfSha256', 'f.pdfName', 'f.pdfSize', 'f.url', 'f.updatedAt', 'a.name as updatedByName'])
      .where('f.reviewId', '=', reviewId)
      .where('f.recordId', '=', recordId)
      .executeTakeFirst(),
    db
      .selectFrom('screeningItem as i')
      .select((eb) => [
        'i.status',
        'i.active',
        'i.finalDecision',
        eb.exists(eb.selectFrom('screeningDecision as d').select('d.recordId').whereRef('d.recordId', '=', 'i.recordId').where('d.stage', '=', 'full_text')).as('hasDecisions'),
      ])
      .where('i.reviewId', '=', reviewId)
      .where('i.recordId', '=', recordId)
      .where('i.stage', '=', 'full_text')
      .executeTakeFirst(),
  ]);
  const pdf = row?.pdfSha256 ? { name: row.pdfName ?? 'full-text.pdf', size: row.pdfSize ?? 0, sha256: row.pdfSha256 } : null;
  return {
    recordId,
    pdf,
    url: row?.url ?? null,
    updated: row && (pdf || row.url) ? { by: row.updatedByName ?? null, at: row.updatedAt } : null,
    retrieval:
      item && item.active === 1 && stageRecordsVisible(access, 'full_text')
        ? { notRetrieved: item.status === 'not_retrieved', assessed: Boolean(item.hasDecisions) || item.finalDecision !== null }
        : null,
  };
}
