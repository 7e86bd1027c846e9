/**
 * The dedup corpus stored as a review's records in a real SQLite file, so the bench can time the
 * service path (read the rows, detect, write the merges and the queue) and not only the engine.
 */
import { join } from 'node:path';
import type { DedupRecord } from '../../src/dedup/dedup-record.js';
import { migrate } from '../../src/db/migrate.js';
import type { Kysely } from 'kysely';
import type { SqliteDb as Db } from '../../src/db/database.js';
import { openDb } from '../../src/db/open.js';
import type { Database } from '../../src/db/schema.js';
import { insertSearch, type RecordFixture } from '../support/record-fixtures.js';

export interface StoredCorpus {
  db: Db;
  ctx: { reviewId: number; actorId: number };
}

const fixtureOf = (r: DedupRecord): RecordFixture => ({
  title: r.title,
  authors: [...r.authors],
  year: r.year,
  journal: r.journal ?? '',
  volume: r.volume ?? '',
  issue: r.issue ?? '',
  pages: r.pages ?? '',
  doi: r.doi,
  pmid: r.pmid,
  type: r.type,
  abstract: 'x'.repeat(r.abstractLength ?? 0),
  csl: { type: r.cslType ?? undefined, edition: r.edition ?? undefined, 'collection-number': r.collectionNumber ?? undefined },
});

/** Stores `records` in order in `dir`/coreview.sqlite, so record ids equal the corpus ids (1…n). */
export async function storeCorpus(dir: string, records: readonly DedupRecord[]): Promise<StoredCorpus> {
  const db = openDb(join(dir, 'coreview.sqlite'));
  migrate(db.sqlite);
  return { db, ctx: await storeCorpusIn(db.kysely, records) };
}

/** The same into a migrated database of either kind, with no review yet (so the ids start at 1). */
export async function storeCorpusIn(kysely: Kysely<Database>, records: readonly DedupRecord[]): Promise<StoredCorpus['ctx']> {
  const now = new Date().toISOString();
  const { id: actorId } = await kysely
    .insertInto('account')
    .values({ email: 'bench@example.org', name: 'Bench', passwordHash: 'x', isOwner: 1, passwordTemporary: 0, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: reviewId } = await kysely
    .insertInto('review')
    .values({ slug: 'bench', title: 'Bench', question: '', description: '', createdBy: actorId, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { ids } = await kysely.transaction().execute((trx) => insertSearch(trx, reviewId, records.map(fixtureOf)));
  if (ids.some((id, i) => id !== records[i]!.id)) throw new Error('Stored record ids must equal the corpus ids.');
  return { reviewId, actorId };
}
