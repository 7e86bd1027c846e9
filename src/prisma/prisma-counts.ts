/**
 * Every number of the PRISMA 2020 flow diagram, counted from the review's data (plus the boxes no
 * data can fill, prisma-boxes.ts); prisma-reconcile.ts checks the identities between them.
 *
 * ```ts
 * const counts = await prismaCounts(db, reviewId);
 * ```
 *
 * Definitions (the diagram is only as good as these):
 *
 * - Columns. A record belongs to the column of the search (import batch) it was imported with:
 *   source types `database` and `register` to "Identification of studies via databases and
 *   registers"; `website`, `organisation`, `citation_searching` and `other` to "… via other
 *   methods". A duplicate stays in the column of its own search.
 * - Records identified: the records imported by each search that was not removed, grouped by
 *   source type and then by source name (names compared after trimming; listed in the order the
 *   first search of each name was imported), plus the "not imported" boxes.
 * - Duplicate records removed: records linked to a primary (record.duplicate_of set), read as the
 *   inactive title/abstract items (a record's item is inactive exactly while it is a duplicate)
 *   plus duplicates among records not given an item yet. Versions of one work ("reports of one
 *   study") are not duplicates: they stay records and are screened.
 * - Records marked as ineligible by automation tools / removed for other reasons: typed boxes
 *   (default 0). Coreview screens every imported non-duplicate record, so such records were never
 *   imported, and must be counted as identified-but-not-imported for the first identity to hold.
 *   One exception, counted here by Coreview: once an owner records that title/abstract screening
 *   stopped on its stopping estimate (relevance order, screening-stop.ts), the records the stop
 *   covers that nobody decided are "not screened": marked ineligible by the ranking model and the
 *   stopping test, out of "records screened" and "still being screened" (notScreenedAfterStop).
 * - Records screened: the column's imported records that are not duplicates — those entering
 *   title/abstract screening (their title/abstract items are active). A record imported since the
 *   items were last brought up to date has no item yet: it is screened but still undecided.
 * - Records excluded: title/abstract outcome `exclude`.
 * - Still being screened (shown apart, and the diagram is then provisional): title/abstract items
 *   open or in conflict, records with no item yet, and `maybe` outcomes when the review does not
 *   send maybes on to full text. Maybes that do go on are reports sought.
 * - Reports sought for retrieval: active full-text items (title/abstract include, and maybe when
 *   it advances). Reports not retrieved: full-text status `not_retrieved`.
 * - Reports assessed for eligibility: full-text items that were retrieved (status open, conflict or
 *   decided) — counted, then checked against sought − not retrieved.
 * - Still being assessed (shown apart; provisional): full-text items open, in conflict, or decided
 *   `maybe`.
 * - Reports excluded, per reason: full-text outcome `exclude`. The reason is the final decision's
 *   when the exclusion was resolved by an owner or arbiter; otherwise the reviewers all excluded,
 *   and when they gave different reasons the one standing first in the review's full-text reason
 *   list counts (reasons are applied hierarchically: a report is excluded for the first criterion
 *   it fails), so the count does not depend on who decided first. A report whose reviewers gave no
 *   reason counts under "No reason given". Reasons are listed in the protocol's order.
 * - Reports of included studies: full-text outcome `include`. Studies included: those reports
 *   grouped into studies (confirmed versions of one work are reports of one study,
 *   study-reports.ts). Reports found by other methods and handled outside Coreview (typed boxes)
 *   count one study each.
 * - Other methods: imported records from those searches go through Coreview's screening like any
 *   other, but PRISMA's other-methods column starts at "reports sought", so their duplicates,
 *   title/abstract exclusions and records still being screened are shown in the table only (and
 *   checked by their own identity). Reports sought / not retrieved / excluded there add the typed
 *   boxes for reports not imported.
 * - Provisional: possible duplicate pairs awaiting a decision, records still being screened or
 *   reports still being assessed. The numbers are never adjusted to look finished.
 *
 * Cost: grouped counts over indexes — records per search from the (batch_id, position) index,
 * title/abstract items by activity and outcome from the queue index (an item is inactive exactly
 * while its record is a duplicate, so the wide record rows are never read for duplicates) — plus
 * one row per full-text item. About 50 ms at 50,000 records (8,000 duplicates, 8,000 full texts).
 */
import type { Kysely } from 'kysely';
import { countStudies, studyOfReports } from '../dedup/study-reports.js';
import type { Database, ItemStatus, ScreeningChoice, SourceType } from '../db/schema.js';
import { readSettings } from '../screening/screening-settings.js';
import { notScreenedAfterStop } from './not-screened.js';
import { includedNotImported, readBoxes, type PrismaBoxes, type ReasonEntry } from './prisma-boxes.js';

export type PrismaColumn = 'databases_registers' | 'other_methods';

const COLUMN_OF: Record<SourceType, PrismaColumn> = {
  database: 'databases_registers',
  register: 'databases_registers',
  website: 'other_methods',
  organisation: 'other_methods',
  citation_searching: 'other_methods',
  other: 'other_methods',
};

export interface SourceLine {
  name: string;
  records: number;
}

/** Records identified from one kind of source: imported (by source name) plus typed "not imported". */
export interface IdentifiedFrom {
  imported: number;
  notImported: number;
  total: number;
  sources: SourceLine[];
}

export interface ReasonLine {
  /** The protocol's reason, or null for "No reason given" and for reasons typed in the boxes. */
  reasonId: number | null;
  reason: string;
  reports: number;
}

export const NO_REASON = 'No reason given';

/** From "reports sought" down: the same in both columns. */
export interface ReportFlow {
  sought: number;
  notRetrieved: number;
  assessed: number;
  excluded: number;
  reasons: ReasonLine[];
  /** Full-text items open, in conflict or decided "maybe". */
  stillAssessed: number;
  /** Reports with full-text outcome "include". */
  included: number;
}

export interface DatabasesAndRegisters extends ReportFlow {
  databases: IdentifiedFrom;
  registers: IdentifiedFrom;
  identified: number;
  duplicates: number;
  automation: number;
  otherReasons: number;
  removed: number;
  screened: number;
  recordsExcluded: number;
  stillScreened: number;
  /** Part of `automation`: records left unscreened when screening stopped on its stopping estimate. */
  notScreened: number;
}

export interface OtherMethods extends ReportFlow {
  /** Whether the diagram has the other-methods column: anything identified or sought that way. */
  shown: boolean;
  websites: IdentifiedFrom;
  organisations: IdentifiedFrom;
  citationSearching: IdentifiedFrom;
  /** Searches of the type "Other" (expert contacts, hand searching…). */
  otherSources: IdentifiedFrom;
  identified: number;
  /** Imported records from these searches, screened in Coreview like any other (table only). */
  imported: { records: number; duplicates: number; screened: number; recordsExcluded: number; stillScreened: number; notScreened: number; sought: number; notRetrieved: number; excluded: number; included: number };
  /** The typed part: reports handled outside Coreview. */
  notImported: { sought: number; notRetrieved: number; excluded: number; reasons: ReasonEntry[]; included: number };
}

export interface PrismaCounts {
  databasesAndRegisters: DatabasesAndRegisters;
  otherMethods: OtherMethods;
  included: { studies: number; reports: number };
  pending: { duplicatePairs: number; stillScreened: number; stillAssessed: number };
  /** Screening or deduplication is unfinished: the diagram shows the state of the work so far. */
  provisional: boolean;
  boxes: PrismaBoxes;
}

interface Tally {
  items: number;
  open: number;
  conflict: number;
  notRetrieved: number;
  include: number;
  maybe: number;
  exclude: number;
}

const emptyTally = (): Tally => ({ items: 0, open: 0, conflict: 0, notRetrieved: 0, include: 0, maybe: 0, exclude: 0 });

function add(tally: Tally, status: ItemStatus, outcome: ScreeningChoice | null, n: number): void {
  tally.items += n;
  if (status === 'open') tally.open += n;
  else if (status === 'conflict') tally.conflict += n;
  else if (status === 'not_retrieved') tally.notRetrieved += n;
  else if (outcome) tally[outcome] += n;
}

function subtract(a: Tally, b: Tally): Tally {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof Tally] - b[k as keyof Tally]])) as unknown as Tally;
}

const UNRANKED = Number.MAX_SAFE_INTEGER - 1;

const cleanName = (name: string) => name.trim().replace(/\s+/g, ' ') || 'Unnamed source';

/** How the reason of a report excluded at full text is chosen (see "Reports excluded, per reason" above). */
export interface FullTextReasonRule {
  /** The reason the report counts under: the final decision's, else the first in protocol order the reviewers gave; null for none. */
  reasonOf(item: { recordId: number; finalDecision: ScreeningChoice | null; finalReasonId: number | null }): number | null;
  /** Every reason the reviewers gave when excluding the report (ids, distinct, in protocol order). */
  given(recordId: number): number[];
  /** Protocol order; "No reason given" (null) last. */
  rank(reasonId: number | null): number;
  text(reasonId: number | null): string;
}

/** The rule over the review's reason lists and its full-text exclude decisions (two queries). */
export async function fullTextReasonRule(db: Kysely<Database>, reviewId: number): Promise<FullTextReasonRule> {
  const [excludeDecisions, reasons] = await Promise.all([
    db
      .selectFrom('screeningDecision')
      .select(['recordId', 'reasonId'])
      .where('reviewId', '=', reviewId)
      .where('stage', '=', 'full_text')
      .where('decision', '=', 'exclude')
      .execute(),
    db.selectFrom('exclusionReason').select(['id', 'list', 'position', 'text']).where('reviewId', '=', reviewId).execute(),
  ]);
  // Protocol order: the full-text list first (where full-text reasons come from), then any other.
  const reasonRank = new Map(
    [...reasons]
      .sort((a, b) => Number(a.list !== 'full_text') - Number(b.list !== 'full_text') || a.position - b.position || a.id - b.id)
      .map((r, rank) => [r.id, { rank, text: r.text }]),
  );
  const rank = (reasonId: number | null) => (reasonId === null ? UNRANKED + 1 : (reasonRank.get(reasonId)?.rank ?? UNRANKED));
  const decisionReasons = new Map<number, Array<number | null>>();
  for (const d of excludeDecisions) {
    const list = decisionReasons.get(d.recordId);
    if (list) list.push(d.reasonId);
    else decisionReasons.set(d.recordId, [d.reasonId]);
  }
  const given = (recordId: number) =>
    [...new Set((decisionReasons.get(recordId) ?? []).filter((id): id is number => id !== null))].sort((a, b) => rank(a) - rank(b) || a - b);
  return {
    reasonOf: (item) => (item.finalDecision !== null ? item.finalReasonId : (given(item.recordId)[0] ?? null)),
    given,
    rank,
    text: (reasonId) => (reasonId === null ? NO_REASON : (reasonRank.get(reasonId)?.text ?? 'A reason no longer in the protocol')),
  };
}

/**
 * All of it read in one transaction: one snapshot of the file, so a decision landing between two
 * of the queries cannot make the identities fail for a moment.
 */
export async function prismaCounts(db: Kysely<Database>, reviewId: number): Promise<PrismaCounts> {
  return db.transaction().setAccessMode('read only').execute((trx) => countsIn(trx, reviewId));
}

async function countsIn(db: Kysely<Database>, reviewId: number): Promise<PrismaCounts> {
  const [batches, boxes, taSettings] = await Promise.all([
    db.selectFrom('importBatch').select(['id', 'sourceType', 'sourceName']).where('reviewId', '=', reviewId).where('removedAt', 'is', null).orderBy('id').execute(),
    readBoxes(db, reviewId),
    readSettings(db, reviewId, 'title_abstract'),
  ]);
  const batchIds = batches.map((b) => b.id);
  const otherBatchIds = batches.filter((b) => COLUMN_OF[b.sourceType] === 'other_methods').map((b) => b.id);

  // Records per search: served by the (batch_id, position) index alone.
  const recordsPerBatch = batchIds.length === 0 ? [] : await db
    .selectFrom('record')
    .select(['batchId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('batchId', 'in', batchIds)
    .groupBy('batchId')
    .execute();
  // Records of other-methods searches (usually few), by the same index.
  const otherRecordIds = otherBatchIds.length === 0 ? new Set<number>() : new Set(
    (await db.selectFrom('record').select('id').where('batchId', 'in', otherBatchIds).execute()).map((r) => r.id),
  );
  const columnOfRecord = (recordId: number): PrismaColumn => (otherRecordIds.has(recordId) ? 'other_methods' : 'databases_registers');

  // Title/abstract items, all and then those of other-methods records, by activity and outcome.
  // An item is inactive exactly while its record is a duplicate (kept so by trigger, migration
  // 0006), so duplicates are counted here without reading the wide record rows.
  const titleAbstract = async (otherOnly: boolean) => {
    const rows = await db
      .selectFrom('screeningItem')
      .select(['active', 'status', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('reviewId', '=', reviewId)
      .where('stage', '=', 'title_abstract')
      .$if(otherOnly, (qb) => qb.where('recordId', 'in', (eb) => eb.selectFrom('record').select('record.id').where('record.batchId', 'in', otherBatchIds)))
      .groupBy(['active', 'status', 'outcome'])
      .execute();
    const tally = emptyTally();
    let inactive = 0;
    for (const row of rows) {
      if (row.active === 1) add(tally, row.status, row.outcome, row.n);
      else inactive += row.n;
    }
    return { tally, inactive };
  };
  const taAll = await titleAbstract(false);
  const taOther = otherBatchIds.length === 0 ? { tally: emptyTally(), inactive: 0 } : await titleAbstract(true);
  const ta: Record<PrismaColumn, Tally> = { databases_registers: subtract(taAll.tally, taOther.tally), other_methods: taOther.tally };
  // Records imported since the items were last brought up to date have none yet: read those directly.
  const itemless = await db
    .selectFrom('record')
    .select(['id', 'duplicateOf'])
    .where('reviewId', '=', reviewId)
    .where('id', '>', taSettings.itemsThrough)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('screeningItem as i').select('i.recordId').whereRef('i.recordId', '=', 'record.id').where('i.stage', '=', 'title_abstract'))))
    .execute();
  const duplicates: Record<PrismaColumn, number> = { databases_registers: taAll.inactive - taOther.inactive, other_methods: taOther.inactive };
  for (const record of itemless) if (record.duplicateOf !== null) duplicates[columnOfRecord(record.id)] += 1;
  const notScreened: Record<PrismaColumn, number> = { databases_registers: 0, other_methods: 0 };
  for (const recordId of await notScreenedAfterStop(db, reviewId, taSettings, itemless)) notScreened[columnOfRecord(recordId)] += 1;

  // Full text: one row per item (reports are far fewer than records).
  const [ftItems, reasonRule, pendingPairs, studyOf] = await Promise.all([
    db
      .selectFrom('screeningItem')
      .select(['recordId', 'status', 'outcome', 'finalDecision', 'finalReasonId'])
      .where('reviewId', '=', reviewId)
      .where('stage', '=', 'full_text')
      .where('active', '=', 1)
      .orderBy('recordId')
      .execute(),
    fullTextReasonRule(db, reviewId),
    db.selectFrom('duplicatePair').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('status', '=', 'pending').executeTakeFirstOrThrow(),
    studyOfReports(db, reviewId),
  ]);

  const ft: Record<PrismaColumn, Tally> = { databases_registers: emptyTally(), other_methods: emptyTally() };
  const reasonCounts: Record<PrismaColumn, Map<number | null, number>> = { databases_registers: new Map(), other_methods: new Map() };
  const includedReports: number[] = [];
  for (const item of ftItems) {
    const column = columnOfRecord(item.recordId);
    add(ft[column], item.status, item.outcome, 1);
    if (item.status === 'decided' && item.outcome === 'include') includedReports.push(item.recordId);
    if (item.status === 'decided' && item.outcome === 'exclude') {
      const reasonId = reasonRule.reasonOf(item);
      reasonCounts[column].set(reasonId, (reasonCounts[column].get(reasonId) ?? 0) + 1);
    }
  }
  const reasonLines = (counts: Map<number | null, number>): ReasonLine[] =>
    [...counts]
      .map(([reasonId, reports]) => ({ reasonId, reports, rank: reasonRule.rank(reasonId) }))
      .sort((a, b) => a.rank - b.rank || (a.reasonId ?? 0) - (b.reasonId ?? 0))
      .map(({ reasonId, reports }) => ({ reasonId, reason: reasonRule.text(reasonId), reports }));

  // Identification, by source type and name.
  const recordsOf = new Map(recordsPerBatch.map((r) => [r.batchId, r.n]));
  const identified = (type: SourceType, notImported: number): IdentifiedFrom => {
    const sources: SourceLine[] = [];
    for (const batch of batches.filter((b) => b.sourceType === type)) {
      const name = cleanName(batch.sourceName);
      const line = sources.find((s) => s.name === name);
      const n = recordsOf.get(batch.id) ?? 0;
      if (line) line.records += n;
      else sources.push({ name, records: n });
    }
    const imported = sources.reduce((total, s) => total + s.records, 0);
    return { imported, notImported, total: imported + notImported, sources };
  };
  const sumOver = (column: PrismaColumn, per: Map<number, number>) => batches.filter((b) => COLUMN_OF[b.sourceType] === column).reduce((total, b) => total + (per.get(b.id) ?? 0), 0);

  const screeningOf = (column: PrismaColumn) => {
    const records = sumOver(column, recordsOf);
    const screened = records - duplicates[column];
    const t = ta[column];
    const withoutItem = screened - t.items;
    const heldMaybes = taSettings.maybeAdvances === 1 ? 0 : t.maybe;
    const f = ft[column];
    return {
      records,
      duplicates: duplicates[column],
      screened: screened - notScreened[column],
      notScreened: notScreened[column],
      recordsExcluded: t.exclude,
      stillScreened: t.open + t.conflict + withoutItem + heldMaybes - notScreened[column],
      flow: {
        sought: f.items,
        notRetrieved: f.notRetrieved,
        assessed: f.open + f.conflict + f.include + f.maybe + f.exclude,
        excluded: f.exclude,
        reasons: reasonLines(reasonCounts[column]),
        stillAssessed: f.open + f.conflict + f.maybe,
        included: f.include,
      } satisfies ReportFlow,
    };
  };

  const { counts: typed } = boxes;
  const dbrData = screeningOf('databases_registers');
  const databases = identified('database', typed.database_not_imported);
  const registers = identified('register', typed.register_not_imported);
  const databasesAndRegisters: DatabasesAndRegisters = {
    databases,
    registers,
    identified: databases.total + registers.total,
    duplicates: dbrData.duplicates,
    automation: typed.excluded_automatic + dbrData.notScreened,
    otherReasons: typed.excluded_other,
    removed: dbrData.duplicates + typed.excluded_automatic + dbrData.notScreened + typed.excluded_other,
    screened: dbrData.screened,
    recordsExcluded: dbrData.recordsExcluded,
    stillScreened: dbrData.stillScreened,
    notScreened: dbrData.notScreened,
    ...dbrData.flow,
  };

  const otherData = screeningOf('other_methods');
  const typedExcluded = boxes.otherExcluded.reduce((total, r) => total + r.n, 0);
  const notImported = {
    sought: typed.other_sought_not_imported,
    notRetrieved: typed.other_notretrieved_not_imported,
    excluded: typedExcluded,
    reasons: boxes.otherExcluded,
    included: includedNotImported(boxes),
  };
  const websites = identified('website', typed.website_not_imported);
  const organisations = identified('organisation', typed.organisation_not_imported);
  const citationSearching = identified('citation_searching', typed.citations_not_imported);
  const otherSources = identified('other', 0);
  const otherIdentified = websites.total + organisations.total + citationSearching.total + otherSources.total;
  const otherReasons = [...otherData.flow.reasons];
  for (const typedReason of boxes.otherExcluded) {
    const same = otherReasons.find((r) => r.reason.toLowerCase() === typedReason.reason.toLowerCase());
    if (same) same.reports += typedReason.n;
    else otherReasons.push({ reasonId: null, reason: typedReason.reason, reports: typedReason.n });
  }
  // "No reason given" stays last after typed reasons joined the list.
  otherReasons.sort((a, b) => Number(a.reasonId === null && a.reason === NO_REASON) - Number(b.reasonId === null && b.reason === NO_REASON));
  const otherSought = otherData.flow.sought + notImported.sought;
  const otherMethods: OtherMethods = {
    shown: otherIdentified > 0 || otherSought > 0,
    websites,
    organisations,
    citationSearching,
    otherSources,
    identified: otherIdentified,
    imported: {
      records: otherData.records,
      duplicates: otherData.duplicates,
      screened: otherData.screened,
      recordsExcluded: otherData.recordsExcluded,
      stillScreened: otherData.stillScreened,
      notScreened: otherData.notScreened,
      sought: otherData.flow.sought,
      notRetrieved: otherData.flow.notRetrieved,
      excluded: otherData.flow.excluded,
      included: otherData.flow.included,
    },
    notImported,
    sought: otherSought,
    notRetrieved: otherData.flow.notRetrieved + notImported.notRetrieved,
    assessed: otherData.flow.assessed + (notImported.sought - notImported.notRetrieved),
    excluded: otherData.flow.excluded + notImported.excluded,
    reasons: otherReasons,
    stillAssessed: otherData.flow.stillAssessed,
    included: otherData.flow.included + notImported.included,
  };

  const pending = {
    duplicatePairs: pendingPairs.n,
    stillScreened: databasesAndRegisters.stillScreened + otherMethods.imported.stillScreened,
    stillAssessed: databasesAndRegisters.stillAssessed + otherMethods.stillAssessed,
  };
  return {
    databasesAndRegisters,
    otherMethods,
    included: {
      studies: countStudies(includedReports, studyOf) + notImported.included,
      reports: databasesAndRegisters.included + otherMethods.included,
    },
    pending,
    provisional: pending.duplicatePairs > 0 || pending.stillScreened > 0 || pending.stillAssessed > 0,
    boxes,
  };
}
