/**
 * What refers to a code besides coding: review findings tied to a theme (src/findings) and the
 * framework chart's summaries (src/charting). Merging codes carries them to the target code, so an
 * analyst's summary or a finding's theme is never dropped by a merge; deleting a code they refer to
 * is refused, like deleting a code in use.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How many findings and chart summaries refer to any of the codes. */
export async function codeReferences(trx: Kysely<Database>, codeIds: readonly number[]): Promise<{ findings: number; summaries: number }> {
  if (codeIds.length === 0) return { findings: 0, summaries: 0 };
  const count = (rows: Array<{ n: number | string | bigint }>) => Number(rows[0]?.n ?? 0);
  const findings = await trx.selectFrom('reviewFinding').select((eb) => eb.fn.countAll<number>().as('n')).where('codeId', 'in', codeIds).execute();
  const framework = await trx
    .selectFrom('frameworkChartSummary')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('themeId', 'in', codeIds), eb('levelId', 'in', codeIds), eb('directionId', 'in', codeIds)]))
    .execute();
  const studies = await trx.selectFrom('studyChartSummary').select((eb) => eb.fn.countAll<number>().as('n')).where('themeId', 'in', codeIds).execute();
  return { findings: count(findings), summaries: count(framework) + count(studies) };
}

const joined = (a: string, b: string) => (a === b ? a : `${a}\n\n${b}`);

interface CellKey {
  themeId: number;
  levelId: number | null;
  directionId: number | null;
  jurisdiction: string;
}

/** The one framework summary row of a cell ("any" level or direction is NULL). */
function sameCell(reviewId: number, key: CellKey) {
  return (eb: ExpressionBuilder<Database, 'frameworkChartSummary'>) =>
    eb.and([
      eb('reviewId', '=', reviewId),
      eb('themeId', '=', key.themeId),
      key.levelId === null ? eb('levelId', 'is', null) : eb('levelId', '=', key.levelId),
      key.directionId === null ? eb('directionId', 'is', null) : eb('directionId', '=', key.directionId),
      eb('jurisdiction', '=', key.jurisdiction),
    ]);
}

/** Moves every reference to `fromId` onto `intoId`; a summary meeting one already in the target cell is joined to it. */
export async function moveCodeReferences(trx: Kysely<Database>, reviewId: number, fromId: number, intoId: number): Promise<void> {
  await trx.updateTable('reviewFinding').set({ codeId: intoId }).where('reviewId', '=', reviewId).where('codeId', '=', fromId).execute();

  const cells = await trx
    .selectFrom('frameworkChartSummary')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .where((eb) => eb.or([eb('themeId', '=', fromId), eb('levelId', '=', fromId), eb('directionId', '=', fromId)]))
    .execute();
  const swap = (id: number | null) => (id === fromId ? intoId : id);
  for (const cell of cells) {
    const target = { themeId: swap(cell.themeId)!, levelId: swap(cell.levelId), directionId: swap(cell.directionId), jurisdiction: cell.jurisdiction };
    const existing = await trx.selectFrom('frameworkChartSummary').select('summary').where(sameCell(reviewId, target)).executeTakeFirst();
    if (existing) {
      await trx.updateTable('frameworkChartSummary').set({ summary: joined(existing.summary, cell.summary) }).where(sameCell(reviewId, target)).execute();
      await trx.deleteFrom('frameworkChartSummary').where(sameCell(reviewId, cell)).execute();
    } else {
      await trx.updateTable('frameworkChartSummary').set({ themeId: target.themeId, levelId: target.levelId, directionId: target.directionId }).where(sameCell(reviewId, cell)).execute();
    }
  }

  const studyCells = await trx.selectFrom('studyChartSummary').selectAll().where('reviewId', '=', reviewId).where('themeId', '=', fromId).execute();
  for (const cell of studyCells) {
    const existing = await trx.selectFrom('studyChartSummary').select('summary').where('recordId', '=', cell.recordId).where('themeId', '=', intoId).executeTakeFirst();
    if (existing) {
      await trx.updateTable('studyChartSummary').set({ summary: joined(existing.summary, cell.summary) }).where('recordId', '=', cell.recordId).where('themeId', '=', intoId).execute();
      await trx.deleteFrom('studyChartSummary').where('recordId', '=', cell.recordId).where('themeId', '=', fromId).execute();
    } else {
      await trx.updateTable('studyChartSummary').set({ themeId: intoId }).where('recordId', '=', cell.recordId).where('themeId', '=', fromId).execute();
    }
  }
}
