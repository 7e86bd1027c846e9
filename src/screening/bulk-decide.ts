/**
 * "Exclude selected" / "Include selected" on the records list: the ACTOR's own decision on each
 * record, one `decide()` (one transaction) per record, so a record that cannot take the decision
 * (a duplicate, a record not at full text, one already decided by enough others) is skipped with
 * its reason and the others still go through. Nobody's decision but the actor's is ever written:
 * the reviewer is always `ctx.actorId`.
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { decide, type ScreeningContext } from './screening-service.js';
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
}

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
export async function decideMany(db: Kysely<Database>, ctx: ScreeningContext, input: BulkInput): Promise<BulkOutcome> {
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
  const outcome: BulkOutcome = { decided: 0, unchanged: 0, skipped: [] };
  for (const recordId of ids) {
    const { note, labels } = kept.get(recordId) ?? { note: '', labels: [] };
    try {
      const changed = await decide(db, ctx, {
        recordId,
        stage: input.stage,
        decision: input.decision,
        reasonId: input.decision === 'exclude' ? input.reasonId : null,
        note,
        labels,
      });
      if (changed) outcome.decided += 1;
      else outcome.unchanged += 1;
    } catch (error) {
      if (error instanceof ValidationError || error instanceof NotFoundError) outcome.skipped.push({ recordId, why: error.message });
      else throw error;
    }
  }
  return outcome;
}

/** "12 decided, 1 already so, 2 skipped: This record is a duplicate… (2) · …" (no ";": it ends a cookie in some clients). */
export function bulkSummary(outcome: BulkOutcome): string {
  const parts = [`${outcome.decided} decided`];
  if (outcome.unchanged > 0) parts.push(`${outcome.unchanged} already so`);
  if (outcome.skipped.length === 0) return `${parts.join(', ')}.`;
  const reasons = new Map<string, number>();
  for (const { why } of outcome.skipped) reasons.set(why, (reasons.get(why) ?? 0) + 1);
  const why = [...reasons].map(([text, n]) => `${text.replace(/\.$/, '')} (${n})`).join(' · ');
  return `${parts.join(', ')}, ${outcome.skipped.length} skipped: ${why}.`;
}
