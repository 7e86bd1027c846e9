import type { Kysely } from 'kysely';
import type { Database, ImportBatchTable, NewRecord } from '../../src/db/schema.js';

/**
 * Records for route tests, written straight into the tables (one import batch, then its records) so
 * the records pages are tested without the import pipeline. The FTS index follows by trigger.
 */

export interface RecordFixture {
  title: string;
  authors?: string[];
  year?: number | null;
  journal?: string;
  abstract?: string;
  keywords?: string[];
  type?: string;
  doi?: string | null;
  pmid?: string | null;
  url?: string | null;
  volume?: string;
  issue?: string;
  pages?: string;
  language?: string;
  issn?: string;
  publisher?: string;
  raw?: string;
  /** The stored CSL item (detection reads its type, edition and collection-number). */
  csl?: Record<string, unknown>;
}

export async function reviewIdOf(db: Kysely<Database>, slug: string): Promise<number> {
  const row = await db.selectFrom('review').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

type BatchFields = Partial<Pick<ImportBatchTable, 'sourceType' | 'sourceName' | 'searchedOn' | 'query' | 'fileName' | 'format'>>;

/** One search with its records; returns the batch id and the record ids in order. */
export async function insertSearch(
  db: Kysely<Database>,
  reviewId: number,
  records: RecordFixture[],
  batch: BatchFields = {},
): Promise<{ batchId: number; ids: number[] }> {
  const now = new Date().toISOString();
  const { id: batchId } = await db
    .insertInto('importBatch')
    .values({
      reviewId,
      sourceType: batch.sourceType ?? 'database',
      sourceName: batch.sourceName ?? 'Scopus',
      searchedOn: batch.searchedOn ?? '2025-03-12',
      query: batch.query ?? 'TITLE-ABS-KEY(desistance AND "social co-operative")',
      notes: '',
      fileName: batch.fileName ?? 'scopus.ris',
      fileSha256: Math.random().toString(16).slice(2).padEnd(64, '0'),
      fileSize: 1000,
      format: batch.format ?? 'ris',
      encoding: 'utf-8',
      found: records.length,
      imported: records.length,
      failed: 0,
      warningsJson: '[]',
      failuresJson: '[]',
      createdAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [index, record] of records.entries()) {
    const authors = record.authors ?? ['Maruna, Shadd'];
    const row: NewRecord = {
      reviewId,
      batchId,
      position: index + 1,
      lineStart: index * 10 + 1,
      lineEnd: index * 10 + 9,
      title: record.title,
      authorsJson: JSON.stringify(authors),
      firstAuthor: authors[0] ?? '',
      year: record.year === undefined ? 2020 : record.year,
      journal: record.journal ?? 'Probation Journal',
      volume: record.volume ?? '',
      issue: record.issue ?? '',
      pages: record.pages ?? '',
      doi: record.doi ?? null,
      pmid: record.pmid ?? null,
      abstract: record.abstract ?? '',
      keywordsJson: JSON.stringify(record.keywords ?? []),
      type: record.type ?? 'article-journal',
      url: record.url ?? null,
      language: record.language ?? '',
      issn: record.issn ?? '',
      publisher: record.publisher ?? '',
      cslJson: JSON.stringify(record.csl ?? {}),
      raw: record.raw ?? `TY  - JOUR\nTI  - ${record.title}\nER  - `,
      createdAt: now,
      updatedAt: now,
    };
    const { id } = await db.insertInto('record').values(row).returning('id').executeTakeFirstOrThrow();
    ids.push(id);
  }
  return { batchId, ids };
}
