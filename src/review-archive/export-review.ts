import { ArchiveError, archiveFailure } from '../archive/archive-error.js';
import { ArchiveWriter } from '../archive/archive-writer.js';
import { addStoredFiles, type StoredFile } from '../archive/stored-files.js';
import type { DatabaseLocation } from '../db/database.js';
import { rowsOf, type Steps } from './archive-query.js';
import { withSnapshot } from './archive-store.js';
import type { Row } from './id-remap.js';
import { peopleOfReview, type ArchivedPerson } from './review-people.js';
import { EXPORTED_TABLES, PEOPLE_PATH, REVIEW_PATH, tablePath } from './review-tables.js';

export interface ReviewExportSummary {
  bytes: number;
  /** Rows written, by table. */
  rows: Record<string, number>;
  people: number;
  files: number;
  /** Stored files the rows name that the data dir lacks (archive names), left out. */
  missing: string[];
}

/** The review row as review.json carries it. */
export interface ArchivedReview {
  slug: string;
  title: string;
  question: string;
  description: string;
  created_by: number;
  created_at: string;
  updated_at: string;
}

/**
 * Writes one review as an archive: review.json, people.jsonl, one JSON-lines file per table of
 * review-tables.ts (every column, ids as this instance has them), and every original export and
 * PDF the rows name. All rows come from one read snapshot, on a connection of its own, so the
 * server keeps answering and writing while a large review is written out.
 */
export async function exportReview(paths: { database: DatabaseLocation; dataDir: string }, reviewId: number, outFile: string): Promise<ReviewExportSummary> {
  const writer = await ArchiveWriter.create(outFile);
  try {
    const { review, schemaVersion, people, rows, files } = await withSnapshot(paths.database, async (snapshot) => {
      const { review, schemaVersion, people } = await snapshot.run(reviewAndPeople(reviewId));
      await writer.addText(REVIEW_PATH, JSON.stringify(review));
      await writer.addJsonLines(PEOPLE_PATH, people);
      const rows: Record<string, number> = {};
      const files = new Map<string, StoredFile>();
      for (const spec of EXPORTED_TABLES) {
        rows[spec.name] = 0;
        await writer.addJsonLines(tablePath(spec.name), counted(snapshot.rows(spec, reviewId), (row) => {
          rows[spec.name]!++;
          for (const [column, kind] of Object.entries(spec.files ?? {})) {
            const sha256 = row[column];
            if (typeof sha256 === 'string') files.set(`${kind}:${sha256}`, { kind, sha256 });
          }
        }));
      }
      return { review, schemaVersion, people, rows, files };
    });
    const missing = await addStoredFiles(writer, paths.dataDir, files.values());
    const details = { review: { slug: review.slug, title: review.title }, rows, people: people.length, missing };
    const { bytes } = await writer.finish({ format: 'coreview-review', schemaVersion, details });
    return { bytes, rows, people: people.length, files: files.size - missing.length, missing };
  } catch (error) {
    await writer.abort();
    throw archiveFailure(`Export to ${outFile} failed, nothing was kept`, error);
  }
}

function* reviewAndPeople(reviewId: number): Steps<{ review: ArchivedReview; schemaVersion: number; people: ArchivedPerson[] }> {
  const [review] = yield* rowsOf<ArchivedReview>({ sql: 'SELECT slug, title, question, description, created_by, created_at, updated_at FROM review WHERE id = ?', parameters: [reviewId] });
  if (!review) throw new ArchiveError(`There is no review ${reviewId}`);
  // The newest migration applied: what the archive records as its schema.
  const [{ version }] = (yield* rowsOf<{ version: number }>({ sql: 'SELECT coalesce(max(version), 0) AS version FROM schema_migration', parameters: [] })) as [{ version: number }];
  const people = yield* peopleOfReview(reviewId, review.created_by);
  return { review, schemaVersion: Number(version), people };
}

/**
 * The rows, each seen by `see` as it passes; values the database holds that JSON cannot (BLOBs) are
 * refused. SQLite's rows stay a synchronous iterable, which the writer reads without a wait per row.
 */
function counted(rows: Iterable<Row> | AsyncIterable<Row>, see: (row: Row) => void): Iterable<Row> | AsyncIterable<Row> {
  const seen = (row: Row) => {
    if (Object.values(row).some((value) => typeof value === 'object' && value !== null)) throw new Error('a row holds binary data, which review archives do not carry');
    see(row);
    return row;
  };
  if (Symbol.asyncIterator in rows) return (async function* () { for await (const row of rows) yield seen(row); })();
  return (function* () { for (const row of rows) yield seen(row); })();
}
