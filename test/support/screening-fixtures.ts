import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import type { Db as AnyDb, SqliteDb as Db } from '../../src/db/database.js';
import { openDb } from '../../src/db/open.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { queryValue } from './data-dir-query.js';

/**
 * A migrated SQLite file with a review, its owner and reviewers, for service-level screening
 * tests. Reasons come from the review's own lists, as the Protocol page seeds them.
 */
export interface ScreeningDb {
  db: Db;
  reviewId: number;
  owner: number;
  reviewers: number[];
  reasons: { title_abstract: number[]; full_text: number[] };
  close(): Promise<void>;
}

/** `migrations`: the folder to migrate from (a test of one migration stops before it). */
export async function screeningDb(reviewerNames = ['Rita', 'Sam'], migrations = MIGRATIONS_DIR): Promise<ScreeningDb> {
  const dir = mkdtempSync(join(tmpdir(), 'coreview-screening-'));
  const db = openDb(join(dir, 'coreview.sqlite'));
  migrate(db.sqlite, migrations);
  const now = new Date().toISOString();
  const account = async (name: string, isOwner: number) =>
    (await db.kysely.insertInto('account').values({ email: `${name.toLowerCase()}@example.org`, name, passwordHash: 'x', isOwner, passwordTemporary: 0, createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
  const owner = await account('Olive', 1);
  const reviewers = [];
  for (const name of reviewerNames) reviewers.push(await account(name, 0));
  const { id: reviewId } = await db.kysely
    .insertInto('review')
    .values({ slug: 'desistance', title: 'Desistance', question: '', description: '', createdBy: owner, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.kysely.insertInto('reviewMember').values([owner, ...reviewers].map((accountId, i) => ({ reviewId, accountId, role: i === 0 ? 'owner' as const : 'reviewer' as const, addedAt: now }))).execute();
  const reasons = { title_abstract: [] as number[], full_text: [] as number[] };
  for (const list of ['title_abstract', 'full_text'] as const) {
    for (const [position, text] of ['Wrong population', 'Wrong intervention', 'Wrong study design'].entries()) {
      reasons[list].push((await db.kysely.insertInto('exclusionReason').values({ reviewId, list, position, text }).returning('id').executeTakeFirstOrThrow()).id);
    }
  }
  return { db, reviewId, owner, reviewers, reasons, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The screening counters as the triggers keep them, beside the same figures counted from the rows. */
export async function countersAndTruth(db: AnyDb, reviewId: number) {
  const c = await readCounters(db.kysely, reviewId);
  const active = (stage: string, where: string) => queryValue<number>(db, `SELECT count(*) AS n FROM screening_item WHERE review_id = ? AND stage = '${stage}' AND active = 1 AND ${where}`, reviewId);
  return {
    counters: {
      ta_items: c.ta_items, ta_screened: c.ta_screened, ta_included: c.ta_included, ta_maybe: c.ta_maybe, ta_excluded: c.ta_excluded, ta_conflicts: c.ta_conflicts,
      ft_items: c.ft_items, ft_assessed: c.ft_assessed, ft_included: c.ft_included, ft_excluded: c.ft_excluded, ft_conflicts: c.ft_conflicts, ft_not_retrieved: c.ft_not_retrieved,
    },
    truth: {
      ta_items: await active('title_abstract', '1 = 1'), ta_screened: await active('title_abstract', "status = 'decided'"), ta_included: await active('title_abstract', "outcome = 'include'"),
      ta_maybe: await active('title_abstract', "outcome = 'maybe'"), ta_excluded: await active('title_abstract', "outcome = 'exclude'"), ta_conflicts: await active('title_abstract', "status = 'conflict'"),
      ft_items: await active('full_text', '1 = 1'), ft_assessed: await active('full_text', "status = 'decided'"), ft_included: await active('full_text', "outcome = 'include'"),
      ft_excluded: await active('full_text', "outcome = 'exclude'"), ft_conflicts: await active('full_text', "status = 'conflict'"), ft_not_retrieved: await active('full_text', "status = 'not_retrieved'"),
    },
  };
}
