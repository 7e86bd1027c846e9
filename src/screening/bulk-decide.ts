/**
 * "Exclude selected" / "Include selected" on the records list: the ACTOR's own decision on each
 * record. Records are written in chunks, each chunk one transaction that ends after CHUNK.records
 * records or CHUNK.ms milliseconds, so a reviewer's decision waits for one short chunk, never for
 * the whole selection. Inside a chunk each record has its own savepoint: a record that cannot take
 * the decision (a duplicate, a record not at full text, one already decided by enough others) is
 * skipped with its reason and the others still go through. An unexpected error ends the run: the
 * chunks already committed stay, and the outcome says how many records were not decided.
 * Nobody's decision but the actor's is ever written: the reviewer is always `ctx.actorId`.
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { decideWithin, type DecisionInput, type ScreeningContext } from './screening-service.js';
import { reasonListOf } from './stages.js';

export type BulkChoice = 'include' | 'exclude';
export const BULK_CHOICES: readonly BulkChoice[] = ['include', 'exclude'];
/** One page of the records list at most. */
export const MAX_BULK = 50;

export interface BulkInput {
  stage: Stage;
  decision: BulkChoice;
  reasonId: number | null;
  recordIds: readonly number[];
}

export interface BulkOutcome {
  decided: number;
  /** Already the actor's decision (nothing changed). */
  unchanged: number;
  skipped: Array<{ recordId: number; why: string }>;
  /** Set when an unexpected error stopped the run: how many records were left undecided, and why. */
  stopped: { notDecided: number; cause: unknown } | null;
}

/** A chunk's bounds: a few hundred records or ~20 ms, whichever comes first. */
export const CHUNK = { records: 200, ms: 20 };

/** Refuses what would fail for every record alike, before anything is written. */
export async function checkBulkInput(db: Kysely<Database>, reviewId: number, input: BulkInput): Promise<void> {
  if (input.recordIds.length === 0) throw new ValidationError({ ids: 'Select at least one record first.' });
  if (input.recordIds.length > MAX_BULK) throw new ValidationError({ ids: `Select at most ${MAX_BULK} records at a time.` });
  if (input.decision !== 'exclude') return;
  if (input.reasonId === null) {
    if (input.stage === 'full_text') throw new ValidationError({ reason: 'Choose an exclusion reason: a full-text exclusion needs one.' });
    return;
  }
  const reason = await db
    .selectFrom('exclusionReason')
    .select('id')
    .where('reviewId', '=', reviewId)
    .where('list', '=', reasonListOf(input.stage))
    .where('id', '=', input.reasonId)
    .executeTakeFirst();
  if (!reason) throw new ValidationError({ reason: 'Choose one of this stage’s exclusion reasons.' });
}

/** The actor's decision on each record; the actor's own note and labels on a record are kept. */
export async function decideMany(db: Kysely<Database>, ctx: ScreeningContext, input: BulkInput, chunk = CHUNK): Promise<BulkOutcome> {
  await checkBulkInput(db, ctx.reviewId, input);
  const ids = [...new Set(input.recordIds)];
  const mine = await db
    .selectFrom('screeningDecision')
    .select(['recordId', 'note', 'labelsJson'])
    .where('reviewId', '=', ctx.reviewId)
    .where('stage', '=', input.stage)
    .where('reviewerId', '=', ctx.actorId)
    .where('recordId', 'in', ids)
    .execute();
  const kept = new Map(mine.map((row) => [row.recordId, { note: row.note, labels: JSON.parse(row.labelsJson) as string[] }]));
  const decisionOn = (recordId: number) => ({
    recordId,
    stage: input.stage,
    decision: input.decision,
    reasonId: input.decision === 'exclude' ? input.reasonId : null,
    ...(kept.get(recordId) ?? { note: '', labels: [] }),
  });
  const outcome: BulkOutcome = { decided: 0, unchanged: 0, skipped: [], stopped: null };
  for (let done = 0; done < ids.length; ) {
    try {
      const result = await decideChunk(db, ctx, ids.slice(done, done + chunk.records).map(decisionOn), chunk.ms);
      outcome.decided += result.decided;
      outcome.unchanged += result.unchanged;
      outcome.skipped.push(...result.skipped);
      done += result.handled;
    } catch (cause) {
      outcome.stopped = { notDecided: ids.length - done, cause };
      break;
    }
  }
  return outcome;
}

/** One transaction: decisions in order until they are all in or `ms` has passed. Throws (all rolled back) on an unexpected error. */
async function decideChunk(db: Kysely<Database>, ctx: ScreeningContext, decisions: DecisionInput[], ms: number) {
  const started = performance.now();
  const result = { decided: 0, unchanged: 0, skipped: [] as BulkOutcome['skipped'], handled: 0 };
  const trx = await db.startTransaction().execute();
  try {
    for (const decision of decisions) {
      if (result.handled > 0 && performance.now() - started >= ms) break;
      const one = await trx.savepoint('one').execute();
      try {
        if (await decideWithin(one, ctx, decision)) result.decided += 1;
        else result.unchanged += 1;
        await one.releaseSavepoint('one').execute();
      } catch (error) {
        await one.rollbackToSavepoint('one').execute();
        if (!(error instanceof ValidationError || error instanceof NotFoundError)) throw error;
        result.skipped.push({ recordId: decision.recordId, why: error.message });
      }
      result.handled += 1;
    }
    await trx.commit().execute();
  } catch (error) {
    // After some errors (a full disk, an I/O error) SQLite has already rolled back: keep the first error.
    await trx.rollback().execute().catch(() => undefined);
    throw error;
  }
  return result;
}

/**
 * "12 decided, 1 already so, 2 skipped: This record is a duplicate… (2) · …", then, if an error
 * stopped the run, how many were not decided (no ";": it ends a cookie in some clients).
 */
export function bulkSummary(outcome: BulkOutcome): string {
  const parts = [`${outcome.decided} decided`];
  if (outcome.unchanged > 0) parts.push(`${outcome.unchanged} already so`);
  let summary = parts.join(', ');
  if (outcome.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const { why } of outcome.skipped) reasons.set(why, (reasons.get(why) ?? 0) + 1);
    const why = [...reasons].map(([text, n]) => `${text.replace(/\.$/, '')} (${n})`).join(' · ');
    summary += `, ${outcome.skipped.length} skipped: ${why}`;
  }
  if (outcome.stopped === null) return `${summary}.`;
  return `${summary}. ${outcome.stopped.notDecided} not decided: an error stopped the rest before they were saved, so select them and try again.`;
}
