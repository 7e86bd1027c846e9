/**
 * The records in each stage (screening_item) and where each stands. Always called inside the
 * caller's transaction. Counters follow by trigger (migration 0006), so nothing here counts.
 */
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, ScreeningChoice, ScreeningItemRow, Stage } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { itemState } from './item-state.js';
import { ensureSettingsRow, readSettings, type ScreeningSettings } from './screening-settings.js';
import { sortKey } from './sort-key.js';

const ROWS_PER_INSERT = 500;

/** Whether records were imported since the items were synced up to `itemsThrough` (the stage's setting): one indexed read, no write. */
export async function titleAbstractItemsBehind(db: Kysely<Database>, reviewId: number, itemsThrough: number): Promise<boolean> {
  const [newest] = await newestRecord(db, { reviewId });
  return newest !== undefined && newest.id > itemsThrough;
}

const newestRecord = prepared<{ reviewId: number }, { id: number }>((db, param) =>
  db.selectFrom('record').select('id').where('reviewId', '=', param('reviewId')).orderBy('id', 'desc').limit(1),
);

/**
 * Gives every record imported since the last call a title/abstract item (duplicates too, inactive,
 * so an undone merge brings them back). Cheap when nothing is new: one indexed lookup.
 */
export async function syncTitleAbstractItems(trx: Kysely<Database>, reviewId: number): Promise<number> {
  await ensureSettingsRow(trx, reviewId, 'title_abstract');
  const { itemsThrough } = await trx
    .selectFrom('screeningSetting')
    .select('itemsThrough')
    .where('reviewId', '=', reviewId)
    .where('stage', '=', 'title_abstract')
    .executeTakeFirstOrThrow();
  const records = await trx
    .selectFrom('record')
    .select(['id', 'year', 'duplicateOf'])
    .where('reviewId', '=', reviewId)
    .where('id', '>', itemsThrough)
    .orderBy('id')
    .execute();
  if (records.length === 0) return 0;
  const settings = await readSettings(trx, reviewId, 'title_abstract');
  const rows = records.map((r) => ({
    recordId: r.id,
    stage: 'title_abstract' as const,
    reviewId,
    sortKey: sortKey(settings.recordOrder, settings.orderSeed, r),
    active: r.duplicateOf === null ? 1 : 0,
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await trx.insertInto('screeningItem').values(rows.slice(i, i + ROWS_PER_INSERT)).onConflict((oc) => oc.doNothing()).execute();
  }
  await trx
    .updateTable('screeningSetting')
    .set({ itemsThrough: records.at(-1)!.id })
    .where('reviewId', '=', reviewId)
    .where('stage', '=', 'title_abstract')
    .execute();
  return rows.length;
}

const itemRow = prepared<{ reviewId: number; recordId: number; stage: Stage }, ScreeningItemRow>((db, param) =>
  db.selectFrom('screeningItem').selectAll().where('reviewId', '=', param('reviewId')).where('recordId', '=', param('recordId')).where('stage', '=', param('stage')),
);

export async function findItem(db: Kysely<Database>, reviewId: number, recordId: number, stage: Stage): Promise<ScreeningItemRow | undefined> {
  const [row] = await itemRow(db, { reviewId, recordId, stage });
  return row;
}

const itemDecisions = prepared<{ recordId: number; stage: Stage }, { decision: ScreeningChoice }>((db, param) =>
  db.selectFrom('screeningDecision').select('decision').where('recordId', '=', param('recordId')).where('stage', '=', param('stage')),
);

/** Re-derives an item's status and outcome from its decisions; a title/abstract outcome then moves the record into or out of full text. */
export async function refreshItem(trx: Kysely<Database>, reviewId: number, recordId: number, stage: Stage, settings?: ScreeningSettings): Promise<void> {
  const item = await findItem(trx, reviewId, recordId, stage);
  if (!item) return;
  const decisions = await itemDecisions(trx, { recordId, stage });
  const needed = (settings ?? (await readSettings(trx, reviewId, stage))).reviewersNeeded;
  const next = itemState({
    decisions: decisions.map((d) => d.decision),
    needed,
    finalDecision: item.finalDecision,
    notRetrieved: item.status === 'not_retrieved',
  });
  if (next.status !== item.status || next.outcome !== item.outcome) {
    await trx
      .updateTable('screeningItem')
      .set(next)
      .where('recordId', '=', recordId)
      .where('stage', '=', stage)
      .execute();
  }
  if (stage === 'title_abstract') await followToFullText(trx, reviewId, recordId, next.outcome);
}

/**
 * Included records (and maybes, when the review says so) go on to full text; a record whose
 * outcome changes back leaves it, unless full-text work on it has begun: then the change is refused.
 */
async function followToFullText(trx: Kysely<Database>, reviewId: number, recordId: number, outcome: string | null): Promise<void> {
  const ta = await readSettings(trx, reviewId, 'title_abstract');
  const advances = outcome === 'include' || (outcome === 'maybe' && ta.maybeAdvances === 1);
  const existing = await findItem(trx, reviewId, recordId, 'full_text');
  if (advances && !existing) {
    const ft = await readSettings(trx, reviewId, 'full_text');
    const record = await trx.selectFrom('record').select(['id', 'year', 'duplicateOf']).where('id', '=', recordId).executeTakeFirstOrThrow();
    await trx
      .insertInto('screeningItem')
      .values({ recordId, stage: 'full_text', reviewId, sortKey: sortKey(ft.recordOrder, ft.orderSeed, record), active: record.duplicateOf === null ? 1 : 0 })
      .execute();
  } else if (!advances && existing) {
    const begun = await trx.selectFrom('screeningDecision').select('recordId').where('recordId', '=', recordId).where('stage', '=', 'full_text').executeTakeFirst();
    if (begun || existing.status === 'not_retrieved' || existing.finalDecision !== null) {
      throw new ValidationError({ decision: 'This record is already being assessed at full text: clear its full-text decisions first, then change this one.' });
    }
    await trx.deleteFrom('screeningItem').where('recordId', '=', recordId).where('stage', '=', 'full_text').execute();
  }
}

/**
 * After a change of settings: every item of the stage re-derived (reviewers needed) and, when the
 * order changed, re-sorted. A relevance order's keys are the ranker's, so only a change of order rewrites them.
 */
export async function refreshStage(trx: Kysely<Database>, reviewId: number, stage: Stage, options: { resort: boolean }): Promise<void> {
  const settings = await readSettings(trx, reviewId, stage);
  if (options.resort) await resortStage(trx, reviewId, stage, settings);
  const decided = await trx
    .selectFrom('screeningItem')
    .select('recordId')
    .where('reviewId', '=', reviewId)
    .where('stage', '=', stage)
    .where((eb) => eb.or([eb('status', '!=', 'open'), eb.exists(eb.selectFrom('screeningDecision').select('recordId').whereRef('screeningDecision.recordId', '=', 'screeningItem.recordId').whereRef('screeningDecision.stage', '=', 'screeningItem.stage'))]))
    .execute();
  for (const { recordId } of decided) await refreshItem(trx, reviewId, recordId, stage, settings);
}

async function resortStage(trx: Kysely<Database>, reviewId: number, stage: Stage, settings: ScreeningSettings): Promise<void> {
  const items = await trx
    .selectFrom('screeningItem')
    .innerJoin('record', 'record.id', 'screeningItem.recordId')
    .select(['record.id', 'record.year', 'screeningItem.sortKey'])
    .where('screeningItem.reviewId', '=', reviewId)
    .where('screeningItem.stage', '=', stage)
    .execute();
  for (const item of items) {
    const key = sortKey(settings.recordOrder, settings.orderSeed, item);
    if (key !== item.sortKey) {
      await trx.updateTable('screeningItem').set({ sortKey: key }).where('recordId', '=', item.id).where('stage', '=', stage).execute();
    }
  }
}
