/**
 * What the records list shows about screening: the filter fields, a badge per row (the viewer's
 * own decision; the outcome or a conflict only where `othersVisible` allows) and the bulk bar.
 */
import type { Kysely } from 'kysely';
import type { ScreeningFilterFormModel } from '../../views/screening/screening-filter-fields.js';
import type { BulkModel, Choice, ScreeningBadgeModel } from '../../views/screening/screening-list.js';
import type { Database, ItemStatus, ScreeningChoice, Stage } from '../db/schema.js';
import type { ScreeningListExtras } from '../records/record-list-model.js';
import { textList } from '../records/record-queries.js';
import type { ScreeningParams, ScreeningViewer } from './screening-filters.js';
import { CHOICE_LABELS, CHOICES, reasonListOf, stageLabel, stagePath, STAGES } from './stages.js';
import { othersVisible, stageRecordsVisible, stageResultsVisible } from './visibility.js';

const STAGE_ABBR: Record<Stage, string> = { title_abstract: 'TA', full_text: 'FT' };
const OUTCOME_LABELS: Record<ScreeningChoice, string> = { include: 'Included', maybe: 'Maybe', exclude: 'Excluded' };
const DECISION_CHOICES: Choice[] = [
  ...CHOICES.map((c) => ({ value: c, label: CHOICE_LABELS[c] })),
  { value: 'decided', label: 'Decided (any)' },
  { value: 'undecided', label: 'Not decided yet' },
];
const MAX_LABEL_SETS = 500;

export const WITHHELD_NOTE = 'In blind screening you see only your own decisions, so filters on other reviewers’ decisions or the team’s results were left out.';

/** The stage the list's screening filters (and its bulk bar) are about. */
export function listStage(params: ScreeningParams | null): Stage {
  return params?.stage ?? 'title_abstract';
}

export async function reasonChoices(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<Choice[]> {
  const rows = await db
    .selectFrom('exclusionReason')
    .select(['id', 'text'])
    .where('reviewId', '=', reviewId)
    .where('list', '=', reasonListOf(stage))
    .orderBy('position')
    .execute();
  return rows.map((row) => ({ value: String(row.id), label: row.text }));
}

/** The filter fields, offering only what this viewer may ask for. */
export async function screeningFilterForm(db: Kysely<Database>, reviewId: number, viewer: ScreeningViewer, params: ScreeningParams | null): Promise<ScreeningFilterFormModel> {
  const seesOthers = STAGES.some((stage) => stageResultsVisible(viewer.stages, stage));
  const members = seesOthers
    ? await db
        .selectFrom('reviewMember')
        .innerJoin('account', 'account.id', 'reviewMember.accountId')
        .select(['account.id', 'account.name'])
        .where('reviewMember.reviewId', '=', reviewId)
        .where('account.id', '!=', viewer.id)
        .orderBy('account.name')
        .execute()
    : [];
  const reviewers: Choice[] = [{ value: '', label: 'Mine' }];
  if (seesOthers) reviewers.push({ value: 'any', label: 'Anyone’s' }, ...members.map((m) => ({ value: String(m.id), label: m.name })));
  const reasonGroups = [];
  for (const stage of STAGES) reasonGroups.push({ label: stageLabel(stage), choices: await reasonChoices(db, reviewId, stage) });
  return {
    values: {
      stage: params === null || params.stage === 'title_abstract' ? '' : stagePath(params.stage),
      decision: params?.decision ?? '',
      reviewer: params?.reviewer === null || params?.reviewer === undefined ? '' : String(params.reviewer),
      label: params?.label ?? '',
      reason: params?.reason === null || params?.reason === undefined ? '' : String(params.reason),
      outcome: params?.outcome ?? '',
      conflict: params?.conflict ?? false,
    },
    stages: [
      { value: '', label: stageLabel('title_abstract') },
      ...(stageRecordsVisible(viewer.stages, 'full_text') ? [{ value: stagePath('full_text'), label: `${stageLabel('full_text')} (records that reached it)` }] : []),
    ],
    decisions: DECISION_CHOICES,
    reviewers,
    reasonGroups,
    labels: await visibleLabels(db, reviewId, viewer),
    outcomes: seesOthers ? CHOICES.map((c) => ({ value: c, label: OUTCOME_LABELS[c] })) : null,
    conflictOffered: seesOthers,
  };
}

/** Labels to offer: the viewer's own, and everyone's in a stage that is not blind (and whose records they see). */
async function visibleLabels(db: Kysely<Database>, reviewId: number, viewer: ScreeningViewer): Promise<string[]> {
  const open = STAGES.filter((stage) => !viewer.stages[stage].blind && stageRecordsVisible(viewer.stages, stage));
  const rows = await db
    .selectFrom('screeningDecision')
    .select('labelsJson')
    .distinct()
    .where('reviewId', '=', reviewId)
    .where('labelsJson', '!=', '[]')
    .where((eb) => (open.length === 0 ? eb('reviewerId', '=', viewer.id) : eb.or([eb('reviewerId', '=', viewer.id), eb('stage', 'in', open)])))
    .limit(MAX_LABEL_SETS)
    .execute();
  const labels = new Set(rows.flatMap((row) => textList(row.labelsJson)));
  return [...labels].sort((a, b) => a.localeCompare(b));
}

/**
 * Badges for the records on a page: per stage, the viewer's own decision, then the record's
 * outcome or conflict where the viewer may see others' decisions (othersVisible, per record).
 */
export async function screeningBadges(db: Kysely<Database>, reviewId: number, viewer: ScreeningViewer, recordIds: readonly number[]): Promise<Map<number, ScreeningBadgeModel[]>> {
  const badges = new Map<number, ScreeningBadgeModel[]>();
  if (recordIds.length === 0) return badges;
  const ids = [...recordIds];
  const [own, items] = await Promise.all([
    db.selectFrom('screeningDecision').select(['recordId', 'stage', 'decision']).where('reviewId', '=', reviewId).where('reviewerId', '=', viewer.id).where('recordId', 'in', ids).execute(),
    db.selectFrom('screeningItem').select(['recordId', 'stage', 'status', 'outcome']).where('reviewId', '=', reviewId).where('recordId', 'in', ids).execute(),
  ]);
  const key = (recordId: number, stage: Stage) => `${recordId}:${stage}`;
  const ownBy = new Map(own.map((row) => [key(row.recordId, row.stage), row.decision]));
  const itemBy = new Map(items.map((row) => [key(row.recordId, row.stage), row]));
  for (const recordId of ids) {
    const list: ScreeningBadgeModel[] = [];
    for (const stage of STAGES) {
      const base = { stageAbbr: STAGE_ABBR[stage], stageLabel: stageLabel(stage) };
      const mine = ownBy.get(key(recordId, stage));
      if (mine) list.push({ ...base, text: `you: ${CHOICE_LABELS[mine]}`, tone: mine });
      const item = itemBy.get(key(recordId, stage));
      if (!item || !stageRecordsVisible(viewer.stages, stage)) continue;
      const access = viewer.stages[stage];
      const visible = othersVisible({ mayResolve: access.mayResolve }, access.blind, item.status as ItemStatus);
      if (item.status === 'conflict' && visible) list.push({ ...base, text: 'conflict', tone: 'conflict' });
      if (item.status === 'decided' && visible && item.outcome !== null && item.outcome !== mine) {
        list.push({ ...base, text: `outcome: ${OUTCOME_LABELS[item.outcome]}`, tone: item.outcome });
      }
      // Retrieval is a fact about the report, not anyone's decision.
      if (item.status === 'not_retrieved') list.push({ ...base, text: 'not retrieved', tone: 'neutral' });
    }
    if (list.length > 0) badges.set(recordId, list);
  }
  return badges;
}

/** The bulk bar for the list's stage. `listQuery` is the list's own query string ('' or '?…'). */
export async function bulkModel(
  db: Kysely<Database>,
  input: { reviewId: number; base: string; stage: Stage; csrfToken: string; listQuery: string; allSelected: boolean },
): Promise<BulkModel> {
  const withSelect = `${input.base}${input.listQuery}${input.listQuery === '' ? '?' : '&'}select=page`;
  return {
    action: `${input.base}/bulk`,
    csrfToken: input.csrfToken,
    stage: stagePath(input.stage),
    stageLabel: stageLabel(input.stage),
    reasons: await reasonChoices(db, input.reviewId, input.stage),
    reasonRequired: input.stage === 'full_text',
    back: input.listQuery,
    selectAllUrl: withSelect,
    clearUrl: `${input.base}${input.listQuery}`,
    allSelected: input.allSelected,
  };
}

/** Everything the list adds for screening on one page of results. */
export async function screeningListExtras(
  db: Kysely<Database>,
  input: { reviewId: number; base: string; viewer: ScreeningViewer; params: ScreeningParams | null; listQuery: string; recordIds: readonly number[]; csrfToken: string; allSelected: boolean; withheld: boolean },
): Promise<ScreeningListExtras> {
  const [badges, bulk] = await Promise.all([
    screeningBadges(db, input.reviewId, input.viewer, input.recordIds),
    input.recordIds.length === 0
      ? null
      : bulkModel(db, { reviewId: input.reviewId, base: input.base, stage: listStage(input.params), csrfToken: input.csrfToken, listQuery: input.listQuery, allSelected: input.allSelected }),
  ]);
  return { badges, bulk, allSelected: input.allSelected, notes: input.withheld ? [WITHHELD_NOTE] : [] };
}
