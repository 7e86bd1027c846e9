import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, DatabaseLocation } from '../../../src/db/database.js';
import { openMigratedDatabase } from '../../../src/db/open-database.js';
import { dropDatabaseFor, databaseEnvFor } from '../../support/test-database.js';

export interface RankerTestDb {
  db: Db;
  reviewId: number;
  owner: number;
  reviewers: number[];
  /** The review's title/abstract exclusion reasons. */
  reasons: number[];
  close(): Promise<void>;
}

/**
 * A migrated database of the suite's kind — a SQLite file, or when the suite runs on PostgreSQL a
 * database copied from the migrated template — with a review, its owner and reviewers Rita and Sam.
 * (test/support/screening-fixtures.ts makes the same review on SQLite only.)
 */
export async function rankerTestDb(): Promise<RankerTestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'coreview-ranker-'));
  const url = (await databaseEnvFor(dir)).COREVIEW_DATABASE_URL;
  const location: DatabaseLocation = url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'sqlite', file: join(dir, 'coreview.sqlite') };
  const db = await openMigratedDatabase(location);
  const now = new Date().toISOString();
  const account = async (name: string, isOwner: number) =>
    (await db.kysely.insertInto('account').values({ email: `${name.toLowerCase()}@example.org`, name, passwordHash: 'x', isOwner, passwordTemporary: 0, createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
  const owner = await account('Olive', 1);
  const reviewers = [await account('Rita', 0), await account('Sam', 0)];
  const { id: reviewId } = await db.kysely
    .insertInto('review')
    .values({ slug: 'desistance', title: 'Desistance', question: '', description: '', createdBy: owner, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.kysely.insertInto('reviewMember').values([owner, ...reviewers].map((accountId, i) => ({ reviewId, accountId, role: i === 0 ? ('owner' as const) : ('reviewer' as const), addedAt: now }))).execute();
  const reasons = [];
  for (const [position, text] of ['Wrong population', 'Wrong intervention'].entries()) {
    reasons.push((await db.kysely.insertInto('exclusionReason').values({ reviewId, list: 'title_abstract', position, text }).returning('id').executeTakeFirstOrThrow()).id);
  }
  return {
    db, reviewId, owner, reviewers, reasons,
    close: async () => {
      await db.close();
      await dropDatabaseFor(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
