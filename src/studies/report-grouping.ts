/**
 * Grouping reports into studies by hand, at any time: a preprint and its article, or several papers
 * of one project (PRISMA 2020 counts studies and reports apart). A grouping is a `versions` pair
 * between two primary records (src/dedup/study-reports.ts reads them), so the duplicates page, PRISMA
 * and every stage after screening see the same studies. Both changes are in the review history and
 * each undoes the other; coding stays on the report it was written to (included-studies.ts).
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/in-transaction.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { groupMembers, primariesOf } from '../dedup/merge-group.js';
import { multiReportStudies } from '../dedup/study-reports.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import { isIncludedReport } from './included-studies.js';

interface PersonContext {
  reviewId: number;
  actorId: number;
}

const GROUPED_BY_HAND = JSON.stringify(['Grouped as reports of one study by a person']);

/** Makes the pair of two primary records `versions`, creating it when detection never paired them. Returns its id. */
async function linkAsVersions(trx: Kysely<Database>, ctx: PersonContext, x: number, y: number): Promise<number> {
  const [recordA, recordB] = x < y ? [x, y] : [y, x];
  const now = new Date().toISOString();
  const pair = await trx.selectFrom('duplicatePair').select(['id', 'status']).where('reviewId', '=', ctx.reviewId).where('recordA', '=', recordA).where('recordB', '=', recordB).executeTakeFirst();
  if (!pair) {
    const { id } = await trx
      .insertInto('duplicatePair')
      .values({ reviewId: ctx.reviewId, recordA, recordB, kind: 'related', score: 0, reasonsJson: GROUPED_BY_HAND, differingJson: '[]', status: 'versions', decidedBy: ctx.actorId, decidedAt: now, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }
  await trx.updateTable('duplicatePair').set({ status: 'versions', decidedBy: ctx.actorId, decidedAt: now }).where('id', '=', pair.id).execute();
  if (pair.status === 'pending') await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesPending, -1);
  return pair.id;
}

/** The study (its primary record ids) a primary record is a report of, or null when it stands alone. */
async function studyReportsOf(trx: Kysely<Database>, reviewId: number, primary: number): Promise<number[] | null> {
  return (await multiReportStudies(trx, reviewId)).find((ids) => ids.includes(primary)) ?? null;
}

/**
 * Groups the included report `otherId` (typed by a person: its primary is used when it is a
 * duplicate) with the study whose report `studyId` is.
 */
export async function groupReport(db: Kysely<Database>, ctx: PersonContext, studyId: number, otherId: number): Promise<{ grouped: number }> {
  return inTransaction(db, async (trx) => {
    const primaries = await primariesOf(trx, ctx.reviewId, [studyId, otherId]);
    const lead = primaries.get(studyId);
    if (lead === undefined) throw new NotFoundError('There is no such record in this review.');
    const other = primaries.get(otherId);
    if (other === undefined) throw new ValidationError({ record: `There is no record #${otherId} in this review: check the number on the record’s page.` });
    if (!(await isIncludedReport(trx, ctx.reviewId, other))) {
      throw new ValidationError({ record: `Record #${other} is not included at full text: only included reports are grouped into studies. Include it at full text first, or mark the pair as versions on the Duplicates page.` });
    }
    const reports = (await studyReportsOf(trx, ctx.reviewId, lead)) ?? [lead];
    if (reports.includes(other)) throw new ValidationError({ record: `Record #${other} is already a report of this study.` });
    const pairId = await linkAsVersions(trx, ctx, Math.min(...reports), other);
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'studies.group-report', entity: 'record', entityId: other, after: { study: lead, pairId } });
    return { grouped: other };
  });
}

/**
 * What is written about a study as a whole (not coding, which stays with each report) and kept on its
 * lead report's record id: its appraisal, charted summaries, review findings and coding passes.
 */
async function studyWorkOn(trx: Kysely<Database>, recordId: number): Promise<string[]> {
  const has = async (table: 'studyAppraisal' | 'appraisalConsensus' | 'studyChartSummary' | 'reviewFindingStudy' | 'codingPass') =>
    (await trx.selectFrom(table).select('recordId').where('recordId', '=', recordId).limit(1).executeTakeFirst()) !== undefined;
  const kinds: Array<[string, boolean]> = [
    ['appraisal', (await has('studyAppraisal')) || (await has('appraisalConsensus'))],
    ['charted summaries', await has('studyChartSummary')],
    ['review findings', await has('reviewFindingStudy')],
    ['coding passes', await has('codingPass')],
  ];
  return kinds.filter(([, present]) => present).map(([name]) => name);
}

/**
 * Takes a report out of the study it was grouped into: every `versions` pair touching it becomes
 * `different`. The study's other reports stay one study: when the report was what joined them, they
 * are linked again to the smallest of them. Returns how many pairs changed.
 */
export async function separateReport(db: Kysely<Database>, ctx: PersonContext, recordId: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const primary = (await primariesOf(trx, ctx.reviewId, [recordId])).get(recordId);
    if (primary === undefined) throw new NotFoundError('There is no such record in this review.');
    const study = await studyReportsOf(trx, ctx.reviewId, primary);
    if (study === null) throw new ValidationError({ study: 'This record is not grouped with other reports of a study.' });
    const kept = await studyWorkOn(trx, primary);
    if (kept.length > 0) {
      throw new ValidationError({
        study: `The study’s ${kept.join(', ')} ${kept.length === 1 ? 'is' : 'are'} kept on record #${primary}, its lead report: taking it out would take ${kept.length === 1 ? 'it' : 'them'} away from the study. Separate the study’s other reports instead.`,
      });
    }
    const members = await groupMembers(trx, ctx.reviewId, [primary]);
    const pairs = await trx
      .selectFrom('duplicatePair')
      .select('id')
      .where('reviewId', '=', ctx.reviewId)
      .where('status', '=', 'versions')
      .where((eb) => eb.or([eb('recordA', 'in', members), eb('recordB', 'in', members)]))
      .execute();
    const ids = pairs.map((p) => p.id);
    await trx.updateTable('duplicatePair').set({ status: 'different', decidedBy: ctx.actorId, decidedAt: new Date().toISOString() }).where('id', 'in', ids).execute();

    const rest = study.filter((id) => id !== primary);
    const after = await multiReportStudies(trx, ctx.reviewId);
    const first = rest[0]!;
    const joined = new Set(after.find((ids) => ids.includes(first)) ?? [first]);
    const relinked: number[] = [];
    for (const id of rest) {
      if (joined.has(id)) continue;
      relinked.push(await linkAsVersions(trx, ctx, first, id));
      for (const member of after.find((ids) => ids.includes(id)) ?? [id]) joined.add(member);
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'duplicates.separate-report',
      entity: 'record',
      entityId: primary,
      before: { versionsPairs: ids },
      after: { status: 'different', relinkedPairs: relinked },
    });
    return ids.length;
  });
}
