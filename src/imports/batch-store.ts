import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, NewRecord } from '../db/schema.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import type { ParsedRecord } from './parse-file.js';
import type { SearchDetails } from './search-details.js';

/** The columns of a record row that come from the file; the batch, review and times are added when stored. */
export type RecordValues = Omit<NewRecord, 'reviewId' | 'batchId' | 'createdAt' | 'updatedAt'>;

/** One parsed file, ready to become a batch: what the parser reported plus its records' values. */
export interface BatchInput {
  search: SearchDetails;
  file: { fileName: string; size: number; sha256: string };
  summary: FileSummary;
  records: AsyncIterable<RecordValues> | Iterable<RecordValues>;
}

/** The parser's accounting for one file, kept with the batch for the import report. */
export interface FileSummary {
  format: string;
  formatLabel: string;
  encoding: string;
  found: number;
  imported: number;
  failed: number;
  warnings: unknown[];
  failures: unknown[];
}

export interface StoredBatch {
  batchId: number;
  fileName: string;
  imported: number;
}

// 26 columns × 200 rows stays far below SQLite's 32,766 bound parameters per statement.
const ROWS_PER_INSERT = 200;

/** A parsed record as stored. Absent text is '' (not NULL) so lists, sorting and search need no null handling. */
export function recordValues(record: ParsedRecord): RecordValues {
  const ref = record.reference;
  return {
    position: record.position,
    lineStart: record.lineStart,
    lineEnd: record.lineEnd,
    title: ref.title,
    authorsJson: JSON.stringify(ref.authors),
    firstAuthor: ref.authors[0] ?? '',
    year: ref.year,
    journal: ref.journal ?? '',
    volume: ref.volume ?? '',
    issue: ref.issue ?? '',
    pages: ref.pages ?? '',
    doi: ref.doi,
    pmid: ref.pmid,
    abstract: ref.abstract ?? '',
    keywordsJson: JSON.stringify(ref.keywords),
    type: ref.type,
    url: ref.url,
    language: ref.language ?? '',
    issn: ref.issn ?? '',
    publisher: ref.publisher ?? '',
    cslJson: JSON.stringify(ref.csl),
    raw: record.raw,
  };
}

/**
 * Stores every batch of one upload in a single transaction: the batches, their records (the FTS
 * index follows by trigger), the dashboard counters and one audit event. Nothing lands unless all does.
 */
export async function storeBatches(
  db: Kysely<Database>,
  ctx: { reviewId: number; actorId: number | null },
  batches: BatchInput[],
  onProgress?: (stored: number) => void,
): Promise<StoredBatch[]> {
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const stored: StoredBatch[] = [];
    let total = 0;
    for (const batch of batches) {
      const { id: batchId } = await trx
        .insertInto('importBatch')
        .values({
          reviewId: ctx.reviewId,
          ...batch.search,
          fileName: batch.file.fileName,
          fileSha256: batch.file.sha256,
          fileSize: batch.file.size,
          format: batch.summary.format,
          encoding: batch.summary.encoding,
          found: batch.summary.found,
          imported: batch.summary.imported,
          failed: batch.summary.failed,
          warningsJson: JSON.stringify(batch.summary.warnings),
          failuresJson: JSON.stringify(batch.summary.failures),
          createdBy: ctx.actorId,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let chunk: NewRecord[] = [];
      let imported = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        await trx.insertInto('record').values(chunk).execute();
        imported += chunk.length;
        total += chunk.length;
        chunk = [];
        onProgress?.(total);
      };
      for await (const values of batch.records) {
        chunk.push({ ...values, reviewId: ctx.reviewId, batchId, createdAt: now, updatedAt: now });
        if (chunk.length === ROWS_PER_INSERT) await flush();
      }
      await flush();
      if (imported !== batch.summary.imported) {
        throw new Error(`Batch ${batch.file.fileName}: stored ${imported} records but the parser reported ${batch.summary.imported}.`);
      }
      stored.push({ batchId, fileName: batch.file.fileName, imported });
    }
    await bumpCounter(trx, ctx.reviewId, COUNTERS.recordsImported, total);
    await bumpCounter(trx, ctx.reviewId, COUNTERS.importBatches, stored.length);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'import.commit',
      entity: 'import_batch',
      entityId: stored.map((s) => s.batchId).join(','),
      after: stored.map((s, i) => ({ ...s, source: batches[i]!.search.sourceName, sha256: batches[i]!.file.sha256 })),
    });
    return stored;
  });
}
