/**
 * The records of an export set with their Coreview extras, a page at a time: per page of rows, one
 * query each for the screening items, the decisions (with reviewer names and reasons) and the codes.
 * Who sees what follows visibility.ts record by record: the viewer's own decisions always; others'
 * and a stage's outcome only where the blind rule allows (`othersVisible`); nothing of full text
 * where its records are title and abstract's hidden outcome (`stageRecordsVisible`).
 */
import type { Kysely } from 'kysely';
import type { Database, ItemStatus, ScreeningChoice, Stage } from '../db/schema.js';
import { textList } from '../records/record-queries.js';
import { loadScreeningViewer, type ScreeningViewer } from '../screening/screening-filters.js';
import { STAGES } from '../screening/stages.js';
import { othersVisible, stageRecordsVisible } from '../screening/visibility.js';
import { exportRecord, type ExportRecord } from './export-record.js';
import { codePaths, exportRowPages, loadCodebook, type ExportRow, type ResolvedSet } from './export-set.js';
import type { DecisionExtra, RecordExtras, StageExtra, StageState } from './extras.js';

interface ItemRow {
  recordId: number;
  stage: Stage;
  status: ItemStatus;
  outcome: ScreeningChoice | null;
  finalDecision: ScreeningChoice | null;
  finalReason: string | null;
}

interface DecisionRow {
  recordId: number;
  stage: Stage;
  reviewerId: number;
  name: string;
  decision: ScreeningChoice;
  reason: string | null;
  note: string;
  labelsJson: string;
}

/** What the viewer may know of a stage's result (see the module comment). */
function stageState(item: ItemRow, visible: boolean): StageState | null {
  if (item.status === 'not_retrieved') return 'not_retrieved';
  if (item.status === 'conflict') return visible ? 'conflict' : null;
  if (item.status === 'decided' && item.outcome !== null) {
    return visible ? item.outcome : null;
  }
  return null;
}

function distinctIgnoringCase(values: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const value of values) if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

/** The extras of one record from its items, decisions and code paths, as the viewer may see them. */
export function buildExtras(viewer: ScreeningViewer, items: readonly ItemRow[], decisions: readonly DecisionRow[], codes: readonly string[]): RecordExtras {
  const stages: StageExtra[] = [];
  for (const stage of STAGES) {
    const item = items.find((i) => i.stage === stage);
    if (!item || !stageRecordsVisible(viewer.stages, stage)) continue;
    const access = viewer.stages[stage];
    const visible = othersVisible(access, access.blind, item.status);
    const shown = decisions.filter((d) => d.stage === stage && (d.reviewerId === viewer.id || visible));
    const state = stageState(item, visible);
    let reasons: string[] = [];
    if (state === 'exclude') {
      reasons = item.finalDecision !== null
        ? (item.finalReason ? [item.finalReason] : [])
        : distinctIgnoringCase(decisions.filter((d) => d.stage === stage && d.reason !== null).map((d) => d.reason!));
    }
    stages.push({
      stage,
      state,
      reasons,
      decisions: shown.map((d): DecisionExtra => ({ reviewer: d.name, decision: d.decision, reason: d.reason, note: d.note, labels: textList(d.labelsJson) })),
    });
  }
  return {
    stages,
    labels: distinctIgnoringCase(stages.flatMap((s) => s.decisions.flatMap((d) => d.labels))),
    codes: distinctIgnoringCase(codes),
  };
}

async function pageExtras(db: Kysely<Database>, reviewId: number, viewer: ScreeningViewer, ids: number[], paths: Map<number, string>) {
  const [items, decisions, studyCodes, excerptCodes] = await Promise.all([
    db.selectFrom('screeningItem as i')
      .leftJoin('exclusionReason as x', 'x.id', 'i.finalReasonId')
      .select(['i.recordId', 'i.stage', 'i.status', 'i.outcome', 'i.finalDecision', 'x.text as finalReason'])
      .where('i.reviewId', '=', reviewId)
      .where('i.recordId', 'in', ids)
      .execute(),
    db.selectFrom('screeningDecision as d')
      .innerJoin('account as a', 'a.id', 'd.reviewerId')
      .leftJoin('exclusionReason as x', 'x.id', 'd.reasonId')
      .select(['d.recordId', 'd.stage', 'd.reviewerId', 'a.name', 'd.decision', 'x.text as reason', 'd.note', 'd.labelsJson'])
      .where('d.reviewId', '=', reviewId)
      .where('d.recordId', 'in', ids)
      .orderBy('a.name')
      .orderBy('d.reviewerId')
      .execute(),
    paths.size === 0 ? [] : db.selectFrom('studyCode').select(['recordId', 'codeId']).where('reviewId', '=', reviewId).where('recordId', 'in', ids).execute(),
    paths.size === 0
      ? []
      : db.selectFrom('excerpt as e')
          .innerJoin('excerptCode as ec', 'ec.excerptId', 'e.id')
          .select(['e.recordId', 'ec.codeId'])
          .distinct()
          .where('e.reviewId', '=', reviewId)
          .where('e.recordId', 'in', ids)
          .execute(),
  ]);
  const group = <T extends { recordId: number }>(rows: readonly T[]) => {
    const map = new Map<number, T[]>();
    for (const row of rows) {
      const list = map.get(row.recordId);
      if (list) list.push(row);
      else map.set(row.recordId, [row]);
    }
    return map;
  };
  const itemsBy = group(items);
  const decisionsBy = group(decisions);
  const codesBy = group([...studyCodes, ...excerptCodes]);
  return (id: number) =>
    buildExtras(viewer, itemsBy.get(id) ?? [], decisionsBy.get(id) ?? [], (codesBy.get(id) ?? []).flatMap((c) => paths.get(c.codeId) ?? []));
}

/** The set's records with their extras, in id order, a page (1,000 records) at a time. */
export async function* exportRecordPages(
  db: Kysely<Database>,
  reviewId: number,
  set: ResolvedSet,
  viewer: ScreeningViewer,
  pageSize?: number,
): AsyncGenerator<ExportRecord[]> {
  const paths = codePaths(await loadCodebook(db, reviewId));
  for await (const rows of exportRowPages(db, reviewId, set, viewer, pageSize)) {
    const extrasOf = await pageExtras(db, reviewId, viewer, rows.map((r) => r.id), paths);
    yield rows.map((row: ExportRow) => exportRecord(row.id, row, extrasOf(row.id)));
  }
}

/**
 * The command line's view of a review: its (first) owner's. The command has the whole database
 * anyway; this keeps the export the same as that owner's download from the web page, blind rule
 * included (an owner sees others' decisions once a record has every decision it needs).
 */
export async function ownerViewer(db: Kysely<Database>, reviewId: number): Promise<ScreeningViewer> {
  const owner = await db
    .selectFrom('reviewMember')
    .select('accountId')
    .where('reviewId', '=', reviewId)
    .where('role', '=', 'owner')
    .orderBy('addedAt')
    .orderBy('accountId')
    .executeTakeFirst();
  if (owner) return loadScreeningViewer(db, reviewId, owner.accountId);
  const settings = await db.selectFrom('screeningSetting').select(['stage', 'blind']).where('reviewId', '=', reviewId).execute();
  const blind = (stage: Stage) => settings.some((s) => s.stage === stage && s.blind === 1);
  return { id: 0, stages: { title_abstract: { blind: blind('title_abstract'), mayResolve: true }, full_text: { blind: blind('full_text'), mayResolve: true } } };
}
