import type { Kysely } from 'kysely';
import { prepared, type Param } from '../db/prepared.js';
import type { Database, RecordOrder, ScreeningSettingRow, Stage } from '../db/schema.js';

export type ScreeningSettings = Omit<ScreeningSettingRow, 'reviewId' | 'stage'> & { stage: Stage };

export const RECORD_ORDERS: readonly RecordOrder[] = ['import', 'random', 'year_newest', 'year_oldest', 'relevance'];
/** The recalls a stopping estimate may aim for: 95% by default, 90% when the team declares it. */
export const RECALL_TARGETS: readonly number[] = [0.95, 0.9];
export const MAX_REVIEWERS_NEEDED = 5;

const DEFAULTS = { reviewersNeeded: 1, blind: 0, recordOrder: 'import', orderSeed: 1, maybeAdvances: 1, arbiterId: null, itemsThrough: 0, recallTarget: 0.95, stoppedAt: null, stoppedBy: null, stoppedThrough: null } as const;

const settingsRow = prepared((db, param: Param<{ reviewId: number; stage: Stage }>) =>
  db
    .selectFrom('screeningSetting')
    .select(['reviewersNeeded', 'blind', 'recordOrder', 'orderSeed', 'maybeAdvances', 'arbiterId', 'itemsThrough', 'recallTarget', 'stoppedAt', 'stoppedBy', 'stoppedThrough'])
    .where('reviewId', '=', param('reviewId'))
    .where('stage', '=', param('stage')),
);

/** A stage's settings; the defaults (one reviewer, not blind, import order) until an owner changes them. */
export async function readSettings(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<ScreeningSettings> {
  const [row] = await settingsRow(db, { reviewId, stage });
  return { stage, ...DEFAULTS, ...row };
}

/** Creates the stage's settings row with the defaults when missing, so updates can be plain UPDATEs. */
export async function ensureSettingsRow(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<void> {
  await db.insertInto('screeningSetting').values({ reviewId, stage }).onConflict((oc) => oc.doNothing()).execute();
}
