/**
 * Which records an export holds, and reading them in pages by id (never one array of a whole
 * review: 50,000 full rows, abstracts included, would be hundreds of megabytes).
 *
 * ```ts
 * const set = parseExportSet('label:qualitative');        // or 'all', 'included', 'excluded', 'code:12'
 * const resolved = await resolveExportSet(db, reviewId, set); // a code of another review is a NotFoundError
 * for await (const rows of exportRowPages(db, reviewId, resolved, viewer)) { ... }   // 1,000 rows at a time
 * ```
 *
 * - `all`: every record that is not a duplicate of another (one per work, as the lists show).
 * - `included`: the included studies (full-text outcome "include"), as included-studies.ts defines them.
 * - `excluded`: records whose final outcome is "exclude" at title/abstract or at full text.
 * - `label:TEXT`: records with that label (ignoring case) on a decision the viewer may see.
 * - `code:ID`: records the code, or one of its sub-codes, was applied to (the study or an excerpt).
 *
 * Blind screening (visibility.ts) holds here too: an outcome counts only where the viewer may see
 * the stage's results (a blind stage shows them to owners and the arbiter only, and full text's
 * included studies need title and abstract's too); another reviewer's label counts only where
 * their decisions are visible (screening-filters.ts).
 */
import { dialectOf, type Dialect } from '../db/dialect.js';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { searchDb, type SearchDatabase } from '../records/fts-sql.js';
import { MAX_LABEL_FILTER, screeningCondition, type ScreeningViewer } from '../screening/screening-filters.js';
import { STAGES } from '../screening/stages.js';
import { stageResultsVisible } from '../screening/visibility.js';
import { EXPORT_COLUMNS, type ExportColumns } from './export-record.js';

export type ExportSet =
  | { kind: 'all' }
  | { kind: 'included' }
  | { kind: 'excluded' }
  | { kind: 'label'; label: string }
  | { kind: 'code'; codeId: number };

/** A set ready to query: a code set knows its code's sub-codes. */
export type ResolvedSet = Exclude<ExportSet, { kind: 'code' }> | { kind: 'code'; codeId: number; codeIds: number[]; codeName: string };

export const SET_USAGE = 'Choose the records to export: all, included, excluded, label:TEXT or code:ID.';

/** Reads "all", "included", "excluded", "label:TEXT", "code:ID"; anything else is a ValidationError. */
export function parseExportSet(text: string): ExportSet {
  const value = text.trim();
  if (value === 'all' || value === 'included' || value === 'excluded') return { kind: value };
  const label = /^label:([\s\S]*)$/.exec(value);
  if (label) {
    const text = label[1]!.trim().replace(/\s+/g, ' ');
    if (text === '') throw new ValidationError({ set: 'Name the label to export, as label:TEXT.' });
    if (text.length > MAX_LABEL_FILTER) throw new ValidationError({ set: `A label has at most ${MAX_LABEL_FILTER} characters.` });
    return { kind: 'label', label: text };
  }
  const code = /^code:(\d{1,9})$/.exec(value);
  if (code && Number(code[1]) > 0) return { kind: 'code', codeId: Number(code[1]) };
  throw new ValidationError({ set: SET_USAGE });
}

/** The set as parseExportSet reads it. */
export function exportSetText(set: ExportSet): string {
  if (set.kind === 'label') return `label:${set.label}`;
  if (set.kind === 'code') return `code:${set.codeId}`;
  return set.kind;
}

/** For file names: "included", "label-check-later", "code-12". */
export function exportSetSlug(set: ExportSet): string {
  if (set.kind === 'label') {
    const words = set.label.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return `label-${words.slice(0, 40) || 'label'}`;
  }
  if (set.kind === 'code') return `code-${set.codeId}`;
  return set.kind;
}

/** In words, for pages and messages. */
export function exportSetDescription(set: ResolvedSet): string {
  switch (set.kind) {
    case 'all': return 'All records (duplicates left out)';
    case 'included': return 'Included studies';
    case 'excluded': return 'Excluded records (title/abstract or full text)';
    case 'label': return `Records labelled “${set.label}”`;
    case 'code': return `Studies coded “${set.codeName}”`;
  }
}

interface CodeNode {
  id: number;
  parentId: number | null;
  name: string;
}

/** The review's codebook, for code sets and code paths. Small (a codebook, not the records). */
export function loadCodebook(db: Kysely<Database>, reviewId: number): Promise<CodeNode[]> {
  return db.selectFrom('code').select(['id', 'parentId', 'name']).where('reviewId', '=', reviewId).orderBy('position').orderBy('id').execute();
}

/** "Group > Code > Sub-code" for every code. */
export function codePaths(codes: readonly CodeNode[]): Map<number, string> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const paths = new Map<number, string>();
  for (const code of codes) {
    const names = [code.name];
    let parent = code.parentId === null ? undefined : byId.get(code.parentId);
    // Three levels at most (the service checks); the bound only guards against a corrupt cycle.
    for (let depth = 0; parent && depth < 10; depth++) {
      names.unshift(parent.name);
      parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    }
    paths.set(code.id, names.join(' > '));
  }
  return paths;
}

/** Checks a code set's code belongs to the review and collects its sub-codes. */
export async function resolveExportSet(db: Kysely<Database>, reviewId: number, set: ExportSet): Promise<ResolvedSet> {
  if (set.kind !== 'code') return set;
  const codes = await loadCodebook(db, reviewId);
  if (!codes.some((c) => c.id === set.codeId)) throw new NotFoundError(`This review has no code ${set.codeId}.`);
  const codeIds = [set.codeId];
  for (let i = 0; i < codeIds.length; i++) {
    for (const code of codes) if (code.parentId === codeIds[i] && !codeIds.includes(code.id)) codeIds.push(code.id);
  }
  return { ...set, codeIds, codeName: codePaths(codes).get(set.codeId)! };
}

type RecordEb = ExpressionBuilder<SearchDatabase, 'record'>;

function decidedOutcome(eb: RecordEb, stage: Stage, outcome: 'include' | 'exclude') {
  return eb.exists(
    eb.selectFrom('screeningItem as si')
      .select('si.recordId')
      .whereRef('si.recordId', '=', 'record.id')
      .where('si.stage', '=', stage)
      .where('si.status', '=', 'decided')
      .where('si.outcome', '=', outcome)
      .where('si.active', '=', 1),
  );
}

const NOTHING = sql<SqlBool>`1 = 0`;

/** The condition a record of the review meets to be in the set, as this viewer may see it. */
export function setCondition(eb: RecordEb, dialect: Dialect, set: ResolvedSet, viewer: ScreeningViewer): Expression<SqlBool> {
  const primary = eb('record.duplicateOf', 'is', null);
  switch (set.kind) {
    case 'all':
      return primary;
    case 'included':
      return stageResultsVisible(viewer.stages, 'full_text') ? eb.and([primary, decidedOutcome(eb, 'full_text', 'include')]) : NOTHING;
    case 'excluded': {
      const arms = STAGES.filter((stage) => stageResultsVisible(viewer.stages, stage)).map((stage) => decidedOutcome(eb, stage, 'exclude'));
      return arms.length === 0 ? NOTHING : eb.and([primary, eb.or(arms)]);
    }
    case 'label': {
      const params = { decision: null, reviewer: 'any' as const, label: set.label, reason: null, outcome: null, conflict: false };
      return eb.and([primary, eb.or(STAGES.map((stage) => screeningCondition(eb, dialect, { ...params, stage }, viewer)))]);
    }
    case 'code':
      return eb.and([
        primary,
        eb.or([
          eb.exists(eb.selectFrom('studyCode as sc').select('sc.recordId').whereRef('sc.recordId', '=', 'record.id').where('sc.codeId', 'in', set.codeIds)),
          eb.exists(
            eb.selectFrom('excerpt as e')
              .innerJoin('excerptCode as ec', 'ec.excerptId', 'e.id')
              .select('e.id')
              .whereRef('e.recordId', '=', 'record.id')
              .where('ec.codeId', 'in', set.codeIds),
          ),
        ]),
      ]);
  }
}

export type ExportRow = ExportColumns & { id: number };

export const PAGE_SIZE = 1000;

/** The set's records in id (import) order, `pageSize` full rows at a time. */
export async function* exportRowPages(
  db: Kysely<Database>,
  reviewId: number,
  set: ResolvedSet,
  viewer: ScreeningViewer,
  pageSize = PAGE_SIZE,
): AsyncGenerator<ExportRow[]> {
  let after = 0;
  for (;;) {
    const rows = await searchDb(db)
      .selectFrom('record')
      .select(EXPORT_COLUMNS.map((c) => `record.${c}` as const))
      .where('record.reviewId', '=', reviewId)
      .where('record.id', '>', after)
      .where((eb) => setCondition(eb, dialectOf(db), set, viewer))
      .orderBy('record.id')
      .limit(pageSize)
      .execute();
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}

/** How many records the set holds for the viewer, counting no further than `cap`. */
export async function countExportSet(db: Kysely<Database>, reviewId: number, set: ResolvedSet, viewer: ScreeningViewer, cap: number): Promise<number> {
  const matching = searchDb(db)
    .selectFrom('record')
    .select('record.id')
    .where('record.reviewId', '=', reviewId)
    .where((eb) => setCondition(eb, dialectOf(db), set, viewer))
    .limit(cap);
  const row = await db.selectFrom(matching.as('matching')).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
