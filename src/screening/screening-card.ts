/**
 * What the screening page shows of one record: the record itself with the review's terms marked,
 * the reviewer's own decision, the others' when blind mode allows, and both reviewers' progress.
 * Reads only; decisions go through screening-service.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, ItemStatus, ScreeningChoice, Stage } from '../db/schema.js';
import { stripMarkup } from '../imports/title-markup.js';
import { textList } from '../records/record-queries.js';
import { readCounters } from '../reviews/stage-counters.js';
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
  /** Decided (agreed or resolved). */
  screened: number;
  conflicts: number;
  /** Decisions the viewer made in this stage. */
  mine: number;
}

export interface Viewer {
  id: number;
  mayResolve: boolean;
}

const counterPrefix = (stage: Stage) => (stage === 'title_abstract' ? 'ta' : 'ft');

/** The team's and the viewer's progress in a stage, from counters only. */
export async function readProgress(db: Kysely<Database>, reviewId: number, stage: Stage, viewerId: number): Promise<Progress> {
  const c = await readCounters(db, reviewId);
  const mine = await db.selectFrom('reviewCounter').select('value').where('reviewId', '=', reviewId).where('name', '=', `${counterPrefix(stage)}_by:${viewerId}`).executeTakeFirst();
  return stage === 'title_abstract'
    ? { items: c.ta_items, screened: c.ta_screened, conflicts: c.ta_conflicts, mine: mine?.value ?? 0 }
    : { items: c.ft_items, screened: c.ft_assessed + c.ft_not_retrieved, conflicts: c.ft_conflicts, mine: mine?.value ?? 0 };
}

/** One record as the viewer screens it, or undefined when it is not in the stage. */
export async function loadCard(
  db: Kysely<Database>,
  reviewId: number,
  stage: Stage,
  recordId: number,
  viewer: Viewer,
  context: { settings: ScreeningSettings; terms: TermLists },
): Promise<ScreeningCard | undefined> {
  const row = await db
    .selectFrom('screeningItem as i')
    .innerJoin('record as r', 'r.id', 'i.recordId')
    .innerJoin('importBatch as b', 'b.id', 'r.batchId')
    .select(['r.id', 'r.title', 'r.authorsJson', 'r.year', 'r.journal', 'r.doi', 'r.abstract', 'r.keywordsJson', 'b.sourceName', 'b.fileName', 'i.status', 'i.sortKey', 'i.active'])
    .where('i.reviewId', '=', reviewId)
    .where('i.stage', '=', stage)
    .where('i.recordId', '=', recordId)
    .executeTakeFirst();
  if (!row || row.active === 0) return undefined;
  const decisions = await db
    .selectFrom('screeningDecision as d')
    .innerJoin('account as a', 'a.id', 'd.reviewerId')
    .leftJoin('exclusionReason as x', 'x.id', 'd.reasonId')
    .select(['d.recordId', 'd.reviewerId', 'a.name', 'd.decision', 'd.reasonId', 'x.text as reason', 'd.note', 'd.labelsJson', 'd.decidedAt'])
    .where('d.stage', '=', stage)
    .where((eb) => eb.or([eb('d.recordId', '=', recordId), eb('d.recordId', 'in', eb.selectFrom('record').select('id').where('duplicateOf', '=', recordId))]))
    .execute();
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
