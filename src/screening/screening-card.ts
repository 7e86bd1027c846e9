/**
 * What the screening page shows of one record: the record itself with the review's terms marked,
 * the reviewer's own decision, the others' when blind mode allows, and the progress the viewer may see.
 * Reads only; decisions go through screening-service.ts.
 */
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, ImportBatchRow, ItemStatus, RecordRow, ScreeningChoice, ScreeningDecisionRow, ScreeningItemRow, Stage } from '../db/schema.js';
import { stripMarkup } from '../imports/title-markup.js';
import { textList } from '../records/record-queries.js';
import type { DecisionValue } from './screening-service.js';
import type { ScreeningSettings } from './screening-settings.js';
import { markTerms, type MarkedSegment, type TermLists } from './term-marks.js';
import { othersVisible } from './visibility.js';

export interface CardRecord {
  id: number;
  title: string;
  authors: string[];
  year: number | null;
  journal: string;
  doi: string | null;
  source: string;
  titleMarks: MarkedSegment[];
  abstractMarks: MarkedSegment[];
  keywords: string[];
}

export interface OtherDecision {
  reviewer: string;
  decision: ScreeningChoice;
  reason: string | null;
  note: string;
}

export interface ScreeningCard {
  record: CardRecord;
  status: ItemStatus;
  /** The viewer's own decision on this record, if any. */
  mine: (DecisionValue & { decidedAt: string }) | null;
  /** Other reviewers' decisions; null when blind mode hides them (not the same as "none"). */
  others: OtherDecision[] | null;
  /** Where the record stands in the stage's order (for "skip"). */
  sortKey: number;
  /** Decisions recorded on duplicates merged into this record (kept, never lost), as visible to the viewer. */
  mergedDecisions: Array<OtherDecision & { recordId: number }>;
}

export interface Progress {
  /** Records in the stage (not duplicates). */
  items: number;
  /** Decisions the viewer made in this stage. */
  mine: number;
  /** Records decided (agreed or resolved) and in conflict; null where blind screening hides the team's results (visibility.ts). */
  team: { screened: number; conflicts: number } | null;
}

export interface Viewer {
  id: number;
  mayResolve: boolean;
}

const counterPrefix = (stage: Stage) => (stage === 'title_abstract' ? 'ta' : 'ft');

type CounterNames = { reviewId: number; n0: string; n1: string; n2: string; n3: string; n4: string; n5: string };
const SLOTS = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] as const;

// Six counters by name, every screening page and decision: compiled once.
const progressRows = prepared<CounterNames, { name: string; value: number }>((db, param) =>
  db.selectFrom('reviewCounter').select(['name', 'value']).where('reviewId', '=', param('reviewId')).where('name', 'in', SLOTS.map((slot) => param(slot))),
);

/** The viewer's progress in a stage and, where `team` allows (stageResultsVisible), the team's: from counters only. */
export async function readProgress(db: Kysely<Database>, reviewId: number, stage: Stage, viewerId: number, team: boolean): Promise<Progress> {
  const p = counterPrefix(stage);
  const names = ['items', 'screened', 'assessed', 'not_retrieved', 'conflicts', `by:${viewerId}`].map((n) => `${p}_${n}`);
  const rows = await progressRows(db, { reviewId, ...(Object.fromEntries(SLOTS.map((slot, i) => [slot, names[i]!])) as Omit<CounterNames, 'reviewId'>) });
  const c = (name: string) => rows.find((r) => r.name === `${p}_${name}`)?.value ?? 0;
  return {
    items: c('items'),
    mine: c(`by:${viewerId}`),
    team: team ? { screened: c(stage === 'title_abstract' ? 'screened' : 'assessed') + c('not_retrieved'), conflicts: c('conflicts') } : null,
  };
}

type CardKey = { reviewId: number; stage: Stage; recordId: number };

// The screening page's record and decisions, asked on every page and decision: compiled once.
const cardRecord = prepared<CardKey, CardRow>((db, param) =>
  db
    .selectFrom('screeningItem as i')
    .innerJoin('record as r', 'r.id', 'i.recordId')
    .innerJoin('importBatch as b', 'b.id', 'r.batchId')
    .select(['r.id', 'r.title', 'r.authorsJson', 'r.year', 'r.journal', 'r.doi', 'r.abstract', 'r.keywordsJson', 'b.sourceName', 'b.fileName', 'i.status', 'i.sortKey', 'i.active'])
    .where('i.reviewId', '=', param('reviewId'))
    .where('i.stage', '=', param('stage'))
    .where('i.recordId', '=', param('recordId')),
);

/** The record's decisions and those on duplicates merged into it (kept, and shown as visible). */
const cardDecisions = prepared<Omit<CardKey, 'reviewId'>, CardDecision>((db, param) =>
  db
    .selectFrom('screeningDecision as d')
    .innerJoin('account as a', 'a.id', 'd.reviewerId')
    .leftJoin('exclusionReason as x', 'x.id', 'd.reasonId')
    .select(['d.recordId', 'd.reviewerId', 'a.name', 'd.decision', 'd.reasonId', 'x.text as reason', 'd.note', 'd.labelsJson', 'd.decidedAt'])
    .where('d.stage', '=', param('stage'))
    .where((eb) => eb.or([eb('d.recordId', '=', param('recordId')), eb('d.recordId', 'in', eb.selectFrom('record').select('id').where('duplicateOf', '=', param('recordId')))])),
);

type CardRow = Pick<RecordRow, 'id' | 'title' | 'authorsJson' | 'year' | 'journal' | 'doi' | 'abstract' | 'keywordsJson'> &
  Pick<ImportBatchRow, 'sourceName' | 'fileName'> & Pick<ScreeningItemRow, 'status' | 'sortKey' | 'active'>;
type CardDecision = Pick<ScreeningDecisionRow, 'recordId' | 'reviewerId' | 'decision' | 'reasonId' | 'note' | 'labelsJson' | 'decidedAt'> & { name: string; reason: string | null };

/** One record as the viewer screens it, or undefined when it is not in the stage. */
export async function loadCard(
  db: Kysely<Database>,
  reviewId: number,
  stage: Stage,
  recordId: number,
  viewer: Viewer,
  context: { settings: ScreeningSettings; terms: TermLists },
): Promise<ScreeningCard | undefined> {
  const [row] = await cardRecord(db, { reviewId, stage, recordId });
  if (!row || row.active === 0) return undefined;
  const decisions = await cardDecisions(db, { stage, recordId });
  const own = decisions.find((d) => d.recordId === recordId && d.reviewerId === viewer.id);
  const visible = othersVisible(viewer, context.settings.blind === 1, row.status);
  const other = (d: (typeof decisions)[number]): OtherDecision => ({ reviewer: d.name, decision: d.decision, reason: d.reason, note: d.note });
  return {
    record: {
      id: row.id,
      title: row.title,
      authors: textList(row.authorsJson),
      year: row.year,
      journal: row.journal,
      doi: row.doi,
      source: row.sourceName || row.fileName,
      titleMarks: markTerms(stripMarkup(row.title), context.terms),
      abstractMarks: markTerms(row.abstract, context.terms),
      keywords: textList(row.keywordsJson),
    },
    status: row.status,
    mine: own ? { decision: own.decision, reasonId: own.reasonId, note: own.note, labels: textList(own.labelsJson), decidedAt: own.decidedAt } : null,
    others: visible ? decisions.filter((d) => d.recordId === recordId && d.reviewerId !== viewer.id).map(other) : null,
    sortKey: row.sortKey,
    mergedDecisions: decisions.filter((d) => d.recordId !== recordId && (visible || d.reviewerId === viewer.id)).map((d) => ({ ...other(d), recordId: d.recordId })),
  };
}
