/**
 * The analyst's charted summaries: reading them for a chart, and writing one cell's (clearing it
 * when the text is empty), each write in one transaction with its audit event. Any member charts,
 * as any member codes.
 *
 * A study × theme summary is stored on the study's lead report when written and read over all of a
 * study's reports, so reports grouped later keep every summary: two studies' summaries of a theme
 * that become one study read as one, and the next save of the cell keeps the text the analyst sends.
 *
 * ```ts
 * await saveFrameworkSummary(db, ctx, { themeId: 9, levelId: 2, directionId: 6, jurisdiction: 'Italy' }, groups, 'Work gave …');
 * const summaries = await chartSummaries(db, reviewId, studyOfReport);
 * ```
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { includedStudies } from '../studies/included-studies.js';

/** A few sentences: the chart is read across, cell by cell. */
export const SUMMARY_MAX = 2_000;

export interface ChartContext {
  reviewId: number;
  actorId: number;
}

export interface ChartSummary {
  text: string;
  by: string | null;
  at: string;
}

/** A framework cell: a theme, a level and a direction (null: any), within a jurisdiction ('' for all). */
export interface FrameworkCell {
  themeId: number;
  levelId: number | null;
  directionId: number | null;
  jurisdiction: string;
}

export const frameworkCellKey = (cell: FrameworkCell) => `${cell.themeId}:${cell.levelId ?? 0}:${cell.directionId ?? 0}:${cell.jurisdiction}`;
export const studyCellKey = (studyId: number, themeId: number) => `${studyId}:${themeId}`;

export interface ChartSummaries {
  /** By frameworkCellKey. */
  framework: Map<string, ChartSummary>;
  /** By studyCellKey, the study's id whichever of its reports the summary was written on. */
  studies: Map<string, ChartSummary>;
  /** Jurisdictions summaries were written for (a label the evidence may no longer hold). */
  jurisdictions: Set<string>;
}

/** Every summary of the review; `studyOf` maps a report id to its study's id (reports of no included study are left out). */
export async function chartSummaries(db: Kysely<Database>, reviewId: number, studyOf: ReadonlyMap<number, number>): Promise<ChartSummaries> {
  const [framework, studies] = await Promise.all([
    db
      .selectFrom('frameworkChartSummary as s')
      .leftJoin('account as a', 'a.id', 's.updatedBy')
      .select(['s.themeId', 's.levelId', 's.directionId', 's.jurisdiction', 's.summary', 's.updatedAt', 'a.name'])
      .where('s.reviewId', '=', reviewId)
      .execute(),
    db
      .selectFrom('studyChartSummary as s')
      .leftJoin('account as a', 'a.id', 's.updatedBy')
      .select(['s.recordId', 's.themeId', 's.summary', 's.updatedAt', 'a.name'])
      .where('s.reviewId', '=', reviewId)
      .orderBy('s.recordId')
      .execute(),
  ]);
  const out: ChartSummaries = { framework: new Map(), studies: new Map(), jurisdictions: new Set() };
  for (const row of framework) {
    out.framework.set(frameworkCellKey(row), { text: row.summary, by: row.name, at: row.updatedAt });
    if (row.jurisdiction !== '') out.jurisdictions.add(row.jurisdiction);
  }
  for (const row of studies) {
    const study = studyOf.get(row.recordId);
    if (study === undefined) continue;
    const key = studyCellKey(study, row.themeId);
    const earlier = out.studies.get(key);
    // Reports grouped after each was charted: both texts show, the latest change named.
    out.studies.set(key, earlier ? { text: `${earlier.text}\n\n${row.summary}`, ...(earlier.at > row.updatedAt ? { by: earlier.by, at: earlier.at } : { by: row.name, at: row.updatedAt }) } : { text: row.summary, by: row.name, at: row.updatedAt });
  }
  return out;
}

/** Line breaks as \n, trimmed, and within the limit. */
function checkedText(text: string): string {
  const summary = text.replace(/\r\n?/g, '\n').trim();
  if (summary.length > SUMMARY_MAX) {
    throw new ValidationError({ summary: `Keep the summary to ${SUMMARY_MAX.toLocaleString('en-GB')} characters (it has ${summary.length.toLocaleString('en-GB')}): the chart holds a short summary, the excerpts hold the detail.` });
  }
  return summary;
}

/** The framework's groups a cell's codes must sit under (framework-axes.ts finds them by name). */
export interface FrameworkGroups {
  themes: number;
  levels: number;
  /** null: the codebook has no direction group. */
  directions: number | null;
}

/** The code's name when it is a child of `parentId` in this review's codebook. */
async function childName(trx: Kysely<Database>, reviewId: number, id: number, parentId: number): Promise<string | null> {
  const row = await trx.selectFrom('code').select('name').where('id', '=', id).where('reviewId', '=', reviewId).where('parentId', '=', parentId).executeTakeFirst();
  return row?.name ?? null;
}

/**
 * Writes a framework cell's summary ('' clears it). The theme must be a theme of the framework, the
 * level and direction (when given) codes of its level and direction groups, and the jurisdiction ''
 * or one of `jurisdictions`. Returns false when the cell already said so.
 */
export async function saveFrameworkSummary(
  db: Kysely<Database>,
  ctx: ChartContext,
  cell: FrameworkCell,
  groups: FrameworkGroups,
  jurisdictions: ReadonlySet<string>,
  text: string,
): Promise<boolean> {
  const summary = checkedText(text);
  if (cell.jurisdiction !== '' && !jurisdictions.has(cell.jurisdiction)) throw new ValidationError({ jurisdiction: 'Choose one of the framework’s jurisdictions, or all of them.' });
  return db.transaction().execute(async (trx) => {
    const theme = await childName(trx, ctx.reviewId, cell.themeId, groups.themes);
    if (theme === null) throw new NotFoundError('That theme is not one of the framework’s themes (it may have been moved, merged or deleted): reload the chart.');
    const level = cell.levelId === null ? null : await childName(trx, ctx.reviewId, cell.levelId, groups.levels);
    if (cell.levelId !== null && level === null) throw new NotFoundError('That level is not one of the framework’s levels: reload the chart.');
    const direction = cell.directionId === null || groups.directions === null ? null : await childName(trx, ctx.reviewId, cell.directionId, groups.directions);
    if (cell.directionId !== null && direction === null) throw new NotFoundError('That direction is not one of the framework’s directions: reload the chart.');

    const sameCell = (eb: ExpressionBuilder<Database, 'frameworkChartSummary'>) =>
      eb.and([
        eb('reviewId', '=', ctx.reviewId),
        eb('themeId', '=', cell.themeId),
        cell.levelId === null ? eb('levelId', 'is', null) : eb('levelId', '=', cell.levelId),
        cell.directionId === null ? eb('directionId', 'is', null) : eb('directionId', '=', cell.directionId),
        eb('jurisdiction', '=', cell.jurisdiction),
      ]);
    const existing = await trx.selectFrom('frameworkChartSummary').select('summary').where(sameCell).executeTakeFirst();
    const before = existing?.summary ?? '';
    if (before === summary) return false;

    const updatedAt = new Date().toISOString();
    if (summary === '') await trx.deleteFrom('frameworkChartSummary').where(sameCell).execute();
    else if (existing) await trx.updateTable('frameworkChartSummary').set({ summary, updatedBy: ctx.actorId, updatedAt }).where(sameCell).execute();
    else await trx.insertInto('frameworkChartSummary').values({ reviewId: ctx.reviewId, ...cell, summary, updatedBy: ctx.actorId, updatedAt }).execute();
    const where = { themeId: cell.themeId, levelId: cell.levelId, directionId: cell.directionId, jurisdiction: cell.jurisdiction, theme, level, direction };
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'chart.framework-summary',
      entity: 'code',
      entityId: cell.themeId,
      before: { ...where, summary: before },
      after: { ...where, summary },
    });
    return true;
  });
}

/**
 * Writes a study × theme summary ('' clears it). `studyId` may name any report of an included study:
 * the summary is stored on the study's lead report, replacing what its other reports held for the
 * theme. Returns false when the cell already said so.
 */
export async function saveStudySummary(db: Kysely<Database>, ctx: ChartContext, studyId: number, themeId: number, themesGroupId: number, text: string): Promise<boolean> {
  const summary = checkedText(text);
  return db.transaction().execute(async (trx) => {
    const theme = await childName(trx, ctx.reviewId, themeId, themesGroupId);
    if (theme === null) throw new NotFoundError('That theme is not one of the framework’s themes (it may have been moved, merged or deleted): reload the chart.');
    const study = (await includedStudies(trx, ctx.reviewId)).find((s) => s.reports.some((r) => r.id === studyId));
    if (!study) throw new NotFoundError('That is not an included study of this review (it may have been excluded): reload the chart.');
    const reports = study.reports.map((r) => r.id);
    const rows = await trx.selectFrom('studyChartSummary').select(['recordId', 'summary']).where('themeId', '=', themeId).where('recordId', 'in', reports).orderBy('recordId').execute();
    const before = rows.map((r) => r.summary).join('\n\n');
    if (before === summary && rows.every((r) => r.recordId === study.id)) return false;

    await trx.deleteFrom('studyChartSummary').where('themeId', '=', themeId).where('recordId', 'in', reports).execute();
    if (summary !== '') {
      await trx.insertInto('studyChartSummary').values({ reviewId: ctx.reviewId, recordId: study.id, themeId, summary, updatedBy: ctx.actorId, updatedAt: new Date().toISOString() }).execute();
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'chart.study-summary',
      entity: 'study',
      entityId: study.id,
      before: { themeId, theme, summary: before },
      after: { themeId, theme, summary },
    });
    return true;
  });
}
