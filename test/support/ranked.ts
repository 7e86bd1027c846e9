import type { Kysely } from 'kysely';
import type { Database, Stage } from '../../src/db/schema.js';

/** Waits until the server's ranker thread has ranked every change of the stage so far (ranking_stage.version = ranked_version). */
export async function waitUntilRanked(db: Kysely<Database>, reviewId: number, stage: Stage = 'title_abstract'): Promise<void> {
  const deadline = Date.now() + 20_000;
  const done = async () => {
    const row = await db.selectFrom('rankingStage').select(['version', 'rankedVersion']).where('reviewId', '=', reviewId).where('stage', '=', stage).executeTakeFirst();
    return row !== undefined && row.version === row.rankedVersion;
  };
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the ranker did not rank the stage within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The stage's open records in the order the queue offers them. */
export async function openInQueueOrder(db: Kysely<Database>, reviewId: number, stage: Stage = 'title_abstract'): Promise<number[]> {
  const rows = await db.selectFrom('screeningItem').select('recordId').where('reviewId', '=', reviewId).where('stage', '=', stage).where('status', '=', 'open').orderBy('sortKey').orderBy('recordId').execute();
  return rows.map((r) => r.recordId);
}

/** Every item's sort key by record. */
export async function sortKeys(db: Kysely<Database>, reviewId: number, stage: Stage = 'title_abstract'): Promise<Map<number, number>> {
  const rows = await db.selectFrom('screeningItem').select(['recordId', 'sortKey']).where('reviewId', '=', reviewId).where('stage', '=', stage).orderBy('recordId').execute();
  return new Map(rows.map((r) => [r.recordId, r.sortKey]));
}
