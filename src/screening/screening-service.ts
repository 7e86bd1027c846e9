/**
 * Screening decisions: a reviewer's own (decide, undo), the final one on a conflict (resolve), and
 * a report's retrieval. Each call is one transaction that appends to screening_event and leaves
 * the record's item (and, by trigger, the dashboard counters) exact.
 *
 * ```ts
 * await decide(db, ctx, { recordId, stage: 'title_abstract', decision: 'exclude', reasonId, note: '', labels: [] });
 * await undoLatest(db, ctx, 'title_abstract');   // my latest change put back; returns its record
 * await undoEvent(db, ctx, eventId);             // any change of mine (or a final one, for resolvers) put back
 * await resolve(db, ctx, { recordId, stage, decision: 'include', reasonId: null, note: 'Agreed at meeting' });
 * await setNotRetrieved(db, ctx, recordId, true);
 * ```
 *
 * Decisions are history, not audit noise: they live in screening_event (shown on each record);
 * final decisions and retrieval changes also go to the review's audit history.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { prepared } from '../db/prepared.js';
import type { Database, ReviewRole, ScreeningChoice, ScreeningDecisionRow, ScreeningEventRow, Stage } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain-errors.js';
import { findItem, refreshItem, syncTitleAbstractItems } from './screening-items.js';
import { releaseLease } from './screening-lease.js';
import { readSettings, type ScreeningSettings } from './screening-settings.js';
import { CHOICE_LABELS, reasonListOf } from './stages.js';
import type { ReviewAccess, StageAccess } from './visibility.js';

export interface ScreeningContext {
  reviewId: number;
  actorId: number;
}

/** A decision as a reviewer gives it and as the history stores it (before/after). */
export interface DecisionValue {
  decision: ScreeningChoice;
  reasonId: number | null;
  note: string;
  labels: string[];
}

export interface DecisionInput extends DecisionValue {
  recordId: number;
  stage: Stage;
}

const sameValue = (a: DecisionValue | null, b: DecisionValue | null) => JSON.stringify(a) === JSON.stringify(b);

const decisionCount = prepared<{ recordId: number; stage: Stage }, { n: number }>((db, param) =>
  db.selectFrom('screeningDecision').select((eb) => eb.fn.countAll<number>().as('n')).where('recordId', '=', param('recordId')).where('stage', '=', param('stage')),
);

/** Records a reviewer's decision (or changes it), and lets go of their lease on the record. Returns false when it was already so. */
export async function decide(db: Kysely<Database>, ctx: ScreeningContext, input: DecisionInput): Promise<boolean> {
  return db.transaction().execute((trx) => decideWithin(trx, ctx, input));
}

/**
 * `decide` inside the caller's transaction (bulk decisions put many in one). Leases are not asked:
 * a decision on a record someone else is looking at, or whose lease ran out, counts if the record
 * still needs it.
 */
export async function decideWithin(trx: Kysely<Database>, ctx: ScreeningContext, input: DecisionInput): Promise<boolean> {
  const item = await screenableItem(trx, ctx.reviewId, input.recordId, input.stage);
  const value = await checkedValue(trx, ctx.reviewId, input.stage, input);
  const before = await currentDecision(trx, input.recordId, input.stage, ctx.actorId);
  if (sameValue(before, value)) return false;
  if (before === null) {
    const settings = await readSettings(trx, ctx.reviewId, input.stage);
    const [others] = await decisionCount(trx, { recordId: input.recordId, stage: input.stage });
    if (others!.n >= settings.reviewersNeeded && item.finalDecision === null) {
      throw new ValidationError({ decision: `This record already has the ${settings.reviewersNeeded === 1 ? 'decision' : `${settings.reviewersNeeded} decisions`} it needs.` });
    }
  }
  await writeDecision(trx, ctx, input.recordId, input.stage, ctx.actorId, value);
  await appendEvent(trx, ctx, { recordId: input.recordId, stage: input.stage, kind: 'decision', reviewerId: ctx.actorId, before, after: value });
  await refreshItem(trx, ctx.reviewId, input.recordId, input.stage);
  await releaseLease(trx, { reviewId: ctx.reviewId, stage: input.stage, reviewerId: ctx.actorId }, input.recordId);
  return true;
}

/** Puts back the reviewer's latest change in a stage that is not yet undone. Returns its record, or null when there is none. */
export async function undoLatest(db: Kysely<Database>, ctx: ScreeningContext, stage: Stage): Promise<number | null> {
  const latest = await db
    .selectFrom('screeningEvent as e')
    .select('e.id')
    .where('e.reviewId', '=', ctx.reviewId)
    .where('e.stage', '=', stage)
    .where('e.actorId', '=', ctx.actorId)
    .where('e.kind', '=', 'decision')
    .where('e.undoes', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('screeningEvent as u').select('u.id').whereRef('u.undoes', '=', 'e.id'))))
    .orderBy('e.id', 'desc')
    .executeTakeFirst();
  if (!latest) return null;
  return undoEvent(db, ctx, latest.id);
}

/**
 * Puts back what an event changed, as a new event. Refused when the decision has changed since
 * (undo the later change first), for someone else's decision, and for a final decision unless
 * the actor may resolve conflicts. Returns the event's record.
 */
export async function undoEvent(db: Kysely<Database>, ctx: ScreeningContext, eventId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('screeningEvent').selectAll().where('reviewId', '=', ctx.reviewId).where('id', '=', eventId).executeTakeFirst();
    if (!event) throw new NotFoundError('There is no such change in this review.');
    const after = parseValue(event.afterJson);
    const before = parseValue(event.beforeJson);
    if (event.kind === 'decision') {
      if (event.reviewerId !== ctx.actorId) throw new ForbiddenError('Only the reviewer who made a decision can undo it.');
      const now = await currentDecision(trx, event.recordId, event.stage, ctx.actorId);
      if (!sameValue(now, after)) throw new ValidationError({ undo: 'This decision has changed since: undo the later change first.' });
      await writeDecision(trx, ctx, event.recordId, event.stage, ctx.actorId, before);
      await appendEvent(trx, ctx, { recordId: event.recordId, stage: event.stage, kind: 'decision', reviewerId: ctx.actorId, before: after, after: before, undoes: event.id });
      await refreshItem(trx, ctx.reviewId, event.recordId, event.stage);
    } else if (event.kind === 'final') {
      await assertResolver(trx, ctx, event.stage);
      const item = await findItem(trx, ctx.reviewId, event.recordId, event.stage);
      if (!item || !sameValue(finalValueOf(item), after)) throw new ValidationError({ undo: 'This final decision has changed since: undo the later change first.' });
      await writeFinal(trx, ctx, event.recordId, event.stage, before);
      await appendEvent(trx, ctx, { recordId: event.recordId, stage: event.stage, kind: 'final', reviewerId: null, before: after, after: before, undoes: event.id });
      await refreshItem(trx, ctx.reviewId, event.recordId, event.stage);
    } else {
      throw new ValidationError({ undo: 'Change the retrieval of a report on its record page.' });
    }
    return event.recordId;
  });
}

/**
 * The final decision on a conflict, by an owner or the stage's arbiter; kept apart from the
 * individual decisions. Given once: a record already resolved is refused, saying by whom.
 */
export async function resolve(db: Kysely<Database>, ctx: ScreeningContext, input: Omit<DecisionInput, 'labels'>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertResolver(trx, ctx, input.stage);
    const item = await screenableItem(trx, ctx.reviewId, input.recordId, input.stage);
    if (item.finalDecision !== null) throw new ValidationError({ decision: await alreadyResolved(trx, item.finalBy, item.finalDecision) });
    if (item.status !== 'conflict') throw new ValidationError({ decision: 'Only a record the reviewers disagree on needs a final decision.' });
    const value = await checkedValue(trx, ctx.reviewId, input.stage, { ...input, labels: [] });
    await writeFinal(trx, ctx, input.recordId, input.stage, value);
    await appendEvent(trx, ctx, { recordId: input.recordId, stage: input.stage, kind: 'final', reviewerId: null, before: null, after: value });
    await refreshItem(trx, ctx.reviewId, input.recordId, input.stage);
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'screening.resolve', entity: 'record', entityId: input.recordId, before: null, after: { stage: input.stage, ...value } });
  });
}

/**
 * Said to a second resolver of the same conflict (two tabs, two people): the first decision stands,
 * and changing it is an explicit undo, never an overwrite by whoever answered last.
 */
async function alreadyResolved(trx: Kysely<Database>, finalBy: number | null, decision: ScreeningChoice): Promise<string> {
  const by = finalBy === null ? undefined : await trx.selectFrom('account').select('name').where('id', '=', finalBy).executeTakeFirst();
  return `${by?.name ?? 'Someone'} has already resolved this conflict: ${CHOICE_LABELS[decision]}. To change that, undo it from the record’s history.`;
}

/** Marks a report sought for full text as not retrieved (PRISMA counts it), or retrieved again. */
export async function setNotRetrieved(db: Kysely<Database>, ctx: ScreeningContext, recordId: number, notRetrieved: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await findItem(trx, ctx.reviewId, recordId, 'full_text');
    if (!item) throw new NotFoundError('This record is not at the full-text stage.');
    if ((item.status === 'not_retrieved') === notRetrieved) return;
    if (notRetrieved) {
      const decided = await trx.selectFrom('screeningDecision').select('recordId').where('recordId', '=', recordId).where('stage', '=', 'full_text').executeTakeFirst();
      if (decided || item.finalDecision !== null) throw new ValidationError({ retrieval: 'This report already has full-text decisions, so it was retrieved.' });
    }
    await trx.updateTable('screeningItem').set({ status: notRetrieved ? 'not_retrieved' : 'open', outcome: null }).where('recordId', '=', recordId).where('stage', '=', 'full_text').execute();
    await appendEvent(trx, ctx, { recordId, stage: 'full_text', kind: 'retrieval', reviewerId: null, before: null, after: null, retrieval: notRetrieved });
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: notRetrieved ? 'screening.not-retrieved' : 'screening.retrieved', entity: 'record', entityId: recordId });
  });
}

/** The item a decision applies to: in the review, in the stage, and not a duplicate. */
async function screenableItem(trx: Kysely<Database>, reviewId: number, recordId: number, stage: Stage) {
  let item = await findItem(trx, reviewId, recordId, stage);
  if (!item && stage === 'title_abstract') {
    await syncTitleAbstractItems(trx, reviewId);
    item = await findItem(trx, reviewId, recordId, stage);
  }
  if (!item) {
    const exists = await trx.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('id', '=', recordId).executeTakeFirst();
    if (!exists) throw new NotFoundError('There is no such record in this review.');
    throw new ValidationError({ decision: 'This record has not reached the full-text stage: it was not included at title and abstract.' });
  }
  if (item.active === 0) throw new ValidationError({ decision: 'This record is a duplicate: screen its primary record instead.' });
  if (item.status === 'not_retrieved') throw new ValidationError({ decision: 'This report is marked not retrieved: mark it retrieved before assessing it.' });
  return item;
}

const MAX_NOTE = 4000;
const MAX_LABELS = 10;
const MAX_LABEL = 40;

/** The decision as stored: a reason only for an exclusion (required at full text), a trimmed note, clean labels. */
async function checkedValue(trx: Kysely<Database>, reviewId: number, stage: Stage, input: DecisionValue): Promise<DecisionValue> {
  const errors: Record<string, string> = {};
  let reasonId: number | null = null;
  if (input.decision === 'exclude') {
    if (input.reasonId !== null) {
      const reason = await trx.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', reasonListOf(stage)).where('id', '=', input.reasonId).executeTakeFirst();
      if (!reason) errors.reason = 'Choose one of this stage’s exclusion reasons.';
      else reasonId = reason.id;
    } else if (stage === 'full_text') {
      errors.reason = 'Give a reason for excluding a full text (keys 1–9).';
    }
  }
  const note = input.note.trim();
  if (note.length > MAX_NOTE) errors.note = `Keep the note under ${MAX_NOTE.toLocaleString('en-GB')} characters.`;
  const labels = [...new Set(input.labels.map((l) => l.trim().replace(/\s+/g, ' ')).filter((l) => l !== ''))];
  if (labels.length > MAX_LABELS) errors.labels = `Use at most ${MAX_LABELS} labels.`;
  else if (labels.some((l) => l.length > MAX_LABEL)) errors.labels = `Keep each label under ${MAX_LABEL} characters.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { decision: input.decision, reasonId, note, labels };
}

const decisionRow = prepared<{ recordId: number; stage: Stage; reviewerId: number }, Pick<ScreeningDecisionRow, 'decision' | 'reasonId' | 'note' | 'labelsJson'>>((db, param) =>
  db
    .selectFrom('screeningDecision')
    .select(['decision', 'reasonId', 'note', 'labelsJson'])
    .where('recordId', '=', param('recordId'))
    .where('stage', '=', param('stage'))
    .where('reviewerId', '=', param('reviewerId')),
);

async function currentDecision(trx: Kysely<Database>, recordId: number, stage: Stage, reviewerId: number): Promise<DecisionValue | null> {
  const [row] = await decisionRow(trx, { recordId, stage, reviewerId });
  return row ? { decision: row.decision, reasonId: row.reasonId, note: row.note, labels: JSON.parse(row.labelsJson) as string[] } : null;
}

async function writeDecision(trx: Kysely<Database>, ctx: ScreeningContext, recordId: number, stage: Stage, reviewerId: number, value: DecisionValue | null) {
  if (value === null) {
    await trx.deleteFrom('screeningDecision').where('recordId', '=', recordId).where('stage', '=', stage).where('reviewerId', '=', reviewerId).execute();
    return;
  }
  const row = { decision: value.decision, reasonId: value.reasonId, note: value.note, labelsJson: JSON.stringify(value.labels), decidedAt: new Date().toISOString() };
  await trx
    .insertInto('screeningDecision')
    .values({ recordId, stage, reviewerId, reviewId: ctx.reviewId, ...row })
    .onConflict((oc) => oc.columns(['recordId', 'stage', 'reviewerId']).doUpdateSet(row))
    .execute();
}

function finalValueOf(item: { finalDecision: ScreeningChoice | null; finalReasonId: number | null; finalNote: string }): DecisionValue | null {
  return item.finalDecision === null ? null : { decision: item.finalDecision, reasonId: item.finalReasonId, note: item.finalNote, labels: [] };
}

async function writeFinal(trx: Kysely<Database>, ctx: ScreeningContext, recordId: number, stage: Stage, value: DecisionValue | null) {
  await trx
    .updateTable('screeningItem')
    .set(
      value === null
        ? { finalDecision: null, finalReasonId: null, finalNote: '', finalBy: null, finalAt: null }
        : { finalDecision: value.decision, finalReasonId: value.reasonId, finalNote: value.note, finalBy: ctx.actorId, finalAt: new Date().toISOString() },
    )
    .where('recordId', '=', recordId)
    .where('stage', '=', stage)
    .execute();
}

/** Owners resolve conflicts, and the reviewer the stage names as its arbiter. */
export function resolves(role: ReviewRole | undefined, settings: Pick<ScreeningSettings, 'arbiterId'>, accountId: number): boolean {
  return role === 'owner' || settings.arbiterId === accountId;
}

/** What a member with this role may see of each stage (visibility.ts), from the stages' settings. */
export async function reviewAccess(db: Kysely<Database>, reviewId: number, role: ReviewRole | undefined, accountId: number): Promise<ReviewAccess> {
  const access = async (stage: Stage): Promise<StageAccess> => {
    const settings = await readSettings(db, reviewId, stage);
    return { blind: settings.blind === 1, mayResolve: resolves(role, settings, accountId) };
  };
  const [titleAbstract, fullText] = await Promise.all([access('title_abstract'), access('full_text')]);
  return { title_abstract: titleAbstract, full_text: fullText };
}

export async function mayResolve(db: Kysely<Database>, ctx: ScreeningContext, stage: Stage): Promise<boolean> {
  const member = await db.selectFrom('reviewMember').select('role').where('reviewId', '=', ctx.reviewId).where('accountId', '=', ctx.actorId).executeTakeFirst();
  return resolves(member?.role, await readSettings(db, ctx.reviewId, stage), ctx.actorId);
}

async function assertResolver(trx: Kysely<Database>, ctx: ScreeningContext, stage: Stage) {
  if (!(await mayResolve(trx, ctx, stage))) throw new ForbiddenError('Only an owner of this review or its named arbiter can record final decisions.');
}

function parseValue(json: string | null): DecisionValue | null {
  return json === null ? null : (JSON.parse(json) as DecisionValue);
}

async function appendEvent(
  trx: Kysely<Database>,
  ctx: ScreeningContext,
  event: Pick<ScreeningEventRow, 'recordId' | 'stage' | 'kind' | 'reviewerId'> & { before: DecisionValue | null; after: DecisionValue | null; undoes?: number; retrieval?: boolean },
) {
  const json = (value: DecisionValue | null) => (value === null ? null : JSON.stringify(value));
  await trx
    .insertInto('screeningEvent')
    .values({
      reviewId: ctx.reviewId,
      recordId: event.recordId,
      stage: event.stage,
      kind: event.kind,
      reviewerId: event.reviewerId,
      actorId: ctx.actorId,
      beforeJson: event.retrieval === undefined ? json(event.before) : JSON.stringify({ notRetrieved: !event.retrieval }),
      afterJson: event.retrieval === undefined ? json(event.after) : JSON.stringify({ notRetrieved: event.retrieval }),
      undoes: event.undoes ?? null,
      at: new Date().toISOString(),
    })
    .execute();
}
