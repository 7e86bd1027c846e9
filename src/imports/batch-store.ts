import type { Kysely } from 'kysely';
import { ChunkSizer } from '../db/chunk-sizer.js';
import type { Database, NewRecord } from '../db/schema.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import type { ParsedRecord } from './parse-file.js';
import type { SearchDetails } from './search-details.js';

/** The columns of a record row that come from the file; the batch, review and times are added when stored. */
export type RecordValues = Omit<NewRecord, 'reviewId' | 'batchId' | 'createdAt' | 'updatedAt'>;

/** One parsed file as a search: what it is and what the parser reported. */
export interface BatchInput {
  search: SearchDetails;
  file: { fileName: string; size: number; sha256: string };
  summary: FileSummary;
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

// A chunk is one insert in one transaction, sized by how long it holds the write lock
// (db/chunk-sizer.ts): that is how long a reviewer's decision arriving mid-import waits. 26 columns
// × 500 rows stays far below SQLite's 32,766 bound parameters.
const CHUNK = { first: 100, min: 20, max: 500 };

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

/** Creates the search a file becomes, counted at once; its records follow (storeRecords). */
export async function createBatch(trx: Kysely<Database>, ctx: { reviewId: number; actorId: number | null }, batch: BatchInput): Promise<number> {
  const { id } = await trx
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
      createdAt: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await bumpCounter(trx, ctx.reviewId, COUNTERS.importBatches, 1);
  return id;
}

export interface StoreHooks {
  /** Between two chunks: a background writer lets waiting requests go first (db/write-turns.ts). */
  afterChunk?(chunkMs: number): void;
  /** After each chunk, with how many records the batch now holds. */
  onProgress?(stored: number): Promise<void> | void;
}

/**
 * Stores a batch's records in file order, in chunks that are each one transaction with their count
 * on the dashboard, so a request waits one chunk at most and counters always equal the rows.
 * Records the batch already holds (a commit interrupted and resumed) are skipped by position, and
 * `records` is not even opened when it holds all `expected`. Returns how many records it holds.
 */
export async function storeRecords(
  db: Kysely<Database>,
  ctx: { reviewId: number },
  batch: { id: number; expected: number },
  records: () => AsyncIterable<RecordValues> | Iterable<RecordValues>,
  hooks: StoreHooks = {},
): Promise<number> {
  const batchId = batch.id;
  const last = await db.selectFrom('record').select((eb) => [eb.fn.max('position').as('position'), eb.fn.countAll<number>().as('count')]).where('batchId', '=', batchId).executeTakeFirstOrThrow();
  const storedThrough = last.position ?? 0;
  let stored = Number(last.count);
  if (stored >= batch.expected) return stored;
  const sizer = new ChunkSizer(CHUNK);
  let chunk: RecordValues[] = [];
  const flush = async () => {
    const started = performance.now();
    const now = new Date().toISOString();
    const rows = chunk.map((values) => ({ ...values, reviewId: ctx.reviewId, batchId, createdAt: now, updatedAt: now }));
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('record').values(rows).execute();
      await bumpCounter(trx, ctx.reviewId, COUNTERS.recordsImported, rows.length);
    });
    stored += rows.length;
    chunk = [];
    const took = performance.now() - started;
    sizer.took(took, rows.length);
    hooks.afterChunk?.(took);
    await hooks.onProgress?.(stored);
  };
  for await (const values of records()) {
    if (values.position <= storedThrough) continue;
    chunk.push(values);
    if (chunk.length >= sizer.next()) await flush();
  }
  if (chunk.length > 0) await flush();
  return stored;
}
