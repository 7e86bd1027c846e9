/**
 * Writing review findings: add, edit, move and delete, each in one transaction with its audit event
 * (before → after, so an edited or deleted finding stays readable in the history). Any member writes
 * findings, as any member codes. Contributing studies must be included studies (any of a study's
 * reports names it; the study's lead report is stored), the theme a code of the review, and the
 * excerpts quoted from the contributing studies.
 *
 * ```ts
 * const id = await addFinding(db, ctx, { statement, codeId: 12, studyIds: [4, 9], excerptIds: [], assessment });
 * await moveFinding(db, ctx, id, 'up');
 * ```
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { includedStudies } from '../studies/included-studies.js';
import { checkAssessment, checkStatement, COMPONENTS, MAX_LINKS, type AssessmentDraft, type CerqualAssessment } from './cerqual.js';

export interface FindingContext {
  reviewId: number;
  actorId: number;
}

export interface FindingInput {
  statement: string;
  codeId: number | null;
  /** Included studies' ids (or any of their reports' ids). */
  studyIds: number[];
  excerptIds: number[];
  assessment: AssessmentDraft;
}

interface CheckedFinding {
  statement: string;
  theme: { id: number; name: string } | null;
  studies: Array<{ id: number; label: string }>;
  excerptIds: number[];
  assessment: CerqualAssessment;
}

/** The finding as stored, or every problem with it at once. */
async function checkedFinding(trx: Kysely<Database>, reviewId: number, input: FindingInput): Promise<CheckedFinding> {
  const errors: FieldErrors = {};
  const statement = checkStatement(input.statement, errors);
  const assessment = checkAssessment(input.assessment, errors);

  let theme: CheckedFinding['theme'] = null;
  if (input.codeId !== null) {
    theme = (await trx.selectFrom('code').select(['id', 'name']).where('reviewId', '=', reviewId).where('id', '=', input.codeId).executeTakeFirst()) ?? null;
    if (!theme) errors.codeId = 'That theme is not in this review’s codebook (it may have been merged or deleted): reload the page.';
  }

  const studies: CheckedFinding['studies'] = [];
  const reports = new Set<number>();
  if (input.studyIds.length > MAX_LINKS) errors.studyIds = `Choose at most ${MAX_LINKS} studies.`;
  else if (input.studyIds.length > 0) {
    const included = await includedStudies(trx, reviewId);
    const studyOfReport = new Map(included.flatMap((s) => s.reports.map((r) => [r.id, s] as const)));
    const unknown = input.studyIds.filter((id) => !studyOfReport.has(id));
    if (unknown.length > 0) errors.studyIds = `Choose contributing studies among the included studies: #${unknown.join(', #')} ${unknown.length === 1 ? 'is not one' : 'are not'} (reload the page).`;
    const chosen = new Set(input.studyIds.flatMap((id) => (studyOfReport.has(id) ? [studyOfReport.get(id)!.id] : [])));
    for (const study of included.filter((s) => chosen.has(s.id))) {
      studies.push({ id: study.id, label: study.label });
      for (const report of study.reports) reports.add(report.id);
    }
  }

  const excerptIds = [...new Set(input.excerptIds)].sort((a, b) => a - b);
  if (excerptIds.length > MAX_LINKS) errors.excerptIds = `Choose at most ${MAX_LINKS} excerpts.`;
  else if (excerptIds.length > 0) {
    const rows = await trx.selectFrom('excerpt').select(['id', 'recordId']).where('reviewId', '=', reviewId).where('id', 'in', excerptIds).execute();
    if (rows.length !== excerptIds.length) errors.excerptIds = 'An excerpt chosen is not in this review (it may have been deleted): reload the page.';
    else if (rows.some((r) => !reports.has(r.recordId))) errors.excerptIds = 'Supporting excerpts come from the contributing studies: add their study, or leave the excerpt out.';
  }

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { statement, theme, studies, excerptIds, assessment };
}

/** What the history keeps of a finding: enough to read it back whole. */
function auditValue(f: CheckedFinding) {
  return {
    statement: f.statement,
    codeId: f.theme?.id ?? null,
    theme: f.theme?.name ?? null,
    studyIds: f.studies.map((s) => s.id),
    studies: f.studies.map((s) => s.label),
    excerptIds: f.excerptIds,
    ...f.assessment.components,
    confidence: f.assessment.confidence,
    explanation: f.assessment.explanation,
  };
}

function columns(f: CheckedFinding) {
  const { components } = f.assessment;
  return {
    statement: f.statement,
    codeId: f.theme?.id ?? null,
    methodologicalLimitations: components.methodologicalLimitations.concern,
    methodologicalLimitationsExplanation: components.methodologicalLimitations.explanation,
    coherence: components.coherence.concern,
    coherenceExplanation: components.coherence.explanation,
    adequacy: components.adequacy.concern,
    adequacyExplanation: components.adequacy.explanation,
    relevance: components.relevance.concern,
    relevanceExplanation: components.relevance.explanation,
    confidence: f.assessment.confidence,
    confidenceExplanation: f.assessment.explanation,
  };
}

async function writeLinks(trx: Kysely<Database>, reviewId: number, findingId: number, f: CheckedFinding): Promise<void> {
  await trx.deleteFrom('reviewFindingStudy').where('findingId', '=', findingId).execute();
  await trx.deleteFrom('reviewFindingExcerpt').where('findingId', '=', findingId).execute();
  if (f.studies.length > 0) await trx.insertInto('reviewFindingStudy').values(f.studies.map((s) => ({ findingId, recordId: s.id, reviewId }))).execute();
  if (f.excerptIds.length > 0) await trx.insertInto('reviewFindingExcerpt').values(f.excerptIds.map((excerptId) => ({ findingId, excerptId, reviewId }))).execute();
}

/** Adds a finding at the end of the table. Returns its id. */
export async function addFinding(db: Kysely<Database>, ctx: FindingContext, input: FindingInput): Promise<number> {
  return inTransaction(db, async (trx) => {
    const value = await checkedFinding(trx, ctx.reviewId, input);
    const last = await trx.selectFrom('reviewFinding').select((eb) => eb.fn.max('position').as('position')).where('reviewId', '=', ctx.reviewId).executeTakeFirst();
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto('reviewFinding')
      .values({ reviewId: ctx.reviewId, position: Number(last?.position ?? 0) + 1, ...columns(value), createdBy: ctx.actorId, createdAt: now, updatedBy: ctx.actorId, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLinks(trx, ctx.reviewId, id, value);
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'finding.add', entity: 'review_finding', entityId: id, after: auditValue(value) });
    return id;
  });
}

/** The finding as stored, in the shape checkedFinding returns (studies as stored, by lead report). */
async function storedFinding(trx: Kysely<Database>, reviewId: number, findingId: number): Promise<CheckedFinding & { position: number }> {
  const row = await trx
    .selectFrom('reviewFinding as f')
    .leftJoin('code as c', 'c.id', 'f.codeId')
    .selectAll('f')
    .select('c.name as themeName')
    .where('f.reviewId', '=', reviewId)
    .where('f.id', '=', findingId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('There is no such finding in this review (it may have been deleted).');
  const included = await includedStudies(trx, reviewId);
  const label = new Map(included.flatMap((s) => s.reports.map((r) => [r.id, s.label] as const)));
  const studies = await trx.selectFrom('reviewFindingStudy').select('recordId').where('findingId', '=', findingId).orderBy('recordId').execute();
  const excerpts = await trx.selectFrom('reviewFindingExcerpt').select('excerptId').where('findingId', '=', findingId).orderBy('excerptId').execute();
  const explanation = { methodologicalLimitations: row.methodologicalLimitationsExplanation, coherence: row.coherenceExplanation, adequacy: row.adequacyExplanation, relevance: row.relevanceExplanation };
  return {
    position: row.position,
    statement: row.statement,
    theme: row.codeId !== null && row.themeName !== null ? { id: row.codeId, name: row.themeName } : null,
    studies: studies.map((s) => ({ id: s.recordId, label: label.get(s.recordId) ?? `#${s.recordId} (no longer included)` })),
    excerptIds: excerpts.map((e) => e.excerptId),
    assessment: {
      components: Object.fromEntries(COMPONENTS.map((c) => [c, { concern: row[c], explanation: explanation[c] }])) as CerqualAssessment['components'],
      confidence: row.confidence,
      explanation: row.confidenceExplanation,
    },
  };
}

/** Saves a finding as edited. Returns false when nothing changed. */
export async function editFinding(db: Kysely<Database>, ctx: FindingContext, findingId: number, input: FindingInput): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const stored = await storedFinding(trx, ctx.reviewId, findingId);
    const value = await checkedFinding(trx, ctx.reviewId, input);
    const { position: _position, ...current } = stored;
    const before = auditValue(current);
    const after = auditValue(value);
    // Studies compare by what they are now: a report stored before its study was regrouped is the same study.
    const sameStudies = JSON.stringify([...new Set(stored.studies.map((s) => s.label))].sort()) === JSON.stringify(value.studies.map((s) => s.label).sort());
    const { studyIds: _b, studies: _bs, ...restBefore } = before;
    const { studyIds: _a, studies: _as, ...restAfter } = after;
    if (sameStudies && JSON.stringify(restBefore) === JSON.stringify(restAfter)) return false;
    await trx.updateTable('reviewFinding').set({ ...columns(value), updatedBy: ctx.actorId, updatedAt: new Date().toISOString() }).where('id', '=', findingId).execute();
    await writeLinks(trx, ctx.reviewId, findingId, value);
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'finding.edit', entity: 'review_finding', entityId: findingId, before, after });
    return true;
  });
}

/** Moves a finding one place up or down the table. Returns false at the end it cannot pass. */
export async function moveFinding(db: Kysely<Database>, ctx: FindingContext, findingId: number, direction: 'up' | 'down'): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('reviewFinding').select(['id', 'position', 'statement']).where('reviewId', '=', ctx.reviewId).orderBy('position').orderBy('id').execute();
    const index = order.findIndex((f) => f.id === findingId);
    if (index < 0) throw new NotFoundError('There is no such finding in this review (it may have been deleted).');
    const other = order[direction === 'up' ? index - 1 : index + 1];
    if (!other) return false;
    const finding = order[index]!;
    // Positions are renumbered 1…n as they are swapped, so two equal positions can never stall a move.
    const renumbered = order.map((f) => f.id);
    renumbered[index] = other.id;
    renumbered[direction === 'up' ? index - 1 : index + 1] = finding.id;
    for (const [i, id] of renumbered.entries()) {
      if (order[i]!.id !== id || order[i]!.position !== i + 1) await trx.updateTable('reviewFinding').set({ position: i + 1 }).where('id', '=', id).execute();
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'finding.move',
      entity: 'review_finding',
      entityId: findingId,
      before: { position: index + 1, statement: finding.statement },
      after: { position: direction === 'up' ? index : index + 2, statement: finding.statement },
    });
    return true;
  });
}

/** Deletes a finding; the history keeps it whole. */
export async function deleteFinding(db: Kysely<Database>, ctx: FindingContext, findingId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { position: _position, ...stored } = await storedFinding(trx, ctx.reviewId, findingId);
    await trx.deleteFrom('reviewFindingStudy').where('findingId', '=', findingId).execute();
    await trx.deleteFrom('reviewFindingExcerpt').where('findingId', '=', findingId).execute();
    await trx.deleteFrom('reviewFinding').where('id', '=', findingId).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'finding.delete', entity: 'review_finding', entityId: findingId, before: auditValue(stored) });
  });
}
