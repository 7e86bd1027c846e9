/**
 * Reading the codebook and what was coded, for the coding pages and for every later stage
 * (synthesis matrix, exports). A fixed number of queries whatever the number of studies: no query
 * per study or per code.
 *
 * ```ts
 * const tree = await codebookTree(db, reviewId);           // groups → codes → sub-codes, in order
 * const codes = flattenCodebook(tree);                      // the same, depth-first, with depth and path
 * const coding = await codingOfStudies(db, reviewId, ids);  // Map: record id → codes, excerpts, memo
 * ```
 */
import { idsIn, numberPairs } from '../db/json-sql.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CodeOrigin } from './codebook-rules.js';

export interface CodeNode {
  id: number;
  parentId: number | null;
  name: string;
  description: string;
  /** #rrggbb, lower case. */
  colour: string;
  /** 0 a group, 1 a code, 2 a sub-code. */
  depth: number;
  /** Names from the top group down to this code: ["Themes", "Desistance processes", "Hope"]. */
  path: string[];
  /** Part of the a-priori framework, or emerged from the data (best-fit framework synthesis). */
  origin: CodeOrigin;
  children: CodeNode[];
}

/** The review's codebook as a tree: top-level codes (groups) in order, each with its children in order. */
export async function codebookTree(db: Kysely<Database>, reviewId: number): Promise<CodeNode[]> {
  const rows = await db
    .selectFrom('code')
    .select(['id', 'parentId', 'name', 'description', 'colour', 'origin'])
    .where('reviewId', '=', reviewId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const children = new Map<number | null, typeof rows>();
  for (const row of rows) {
    const list = children.get(row.parentId);
    if (list) list.push(row);
    else children.set(row.parentId, [row]);
  }
  // Built from the roots down, so a row could never be reached twice (parents form a tree).
  const build = (parentId: number | null, depth: number, path: string[]): CodeNode[] =>
    (children.get(parentId) ?? []).map((row) => {
      const own = [...path, row.name];
      return { ...row, depth, path: own, children: build(row.id, depth + 1, own) };
    });
  return build(null, 0, []);
}

/** Every code of a tree, depth-first (a group, its first code, that code's sub-codes, …). */
export function flattenCodebook(tree: readonly CodeNode[]): CodeNode[] {
  const out: CodeNode[] = [];
  const walk = (nodes: readonly CodeNode[]) => {
    for (const node of nodes) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(tree);
  return out;
}

export interface CodedExcerpt {
  id: number;
  recordId: number;
  text: string;
  /** Page or location as the coder wrote it ("p. 12"), '' when none. */
  location: string;
  memo: string;
  /** BCP 47 tag of the language `text` is quoted in ("it", "sv"); '' for the review's language. */
  language: string;
  /** `text` in the review's language, '' when none (only with a language). */
  translation: string;
  /** Who translated it, free text ("DeepL, checked by Anna Rossi"); '' when not said. */
  translator: string;
  /** Ascending. */
  codeIds: number[];
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedBy: number | null;
  updatedByName: string | null;
  updatedAt: string;
}

export interface StudyCoding {
  recordId: number;
  /** Codes applied to the study as a whole, ascending. */
  codeIds: number[];
  /** In the order they were added. */
  excerpts: CodedExcerpt[];
  memo: string;
  memoUpdatedByName: string | null;
  memoUpdatedAt: string | null;
}

/**
 * The coding of the given studies (records) of a review, one entry per id asked for (empty when
 * nothing was coded). Four queries in all, each an index range per study.
 */
export async function codingOfStudies(db: Kysely<Database>, reviewId: number, recordIds: readonly number[]): Promise<Map<number, StudyCoding>> {
  const result = new Map<number, StudyCoding>();
  for (const recordId of recordIds) {
    result.set(recordId, { recordId, codeIds: [], excerpts: [], memo: '', memoUpdatedByName: null, memoUpdatedAt: null });
  }
  if (recordIds.length === 0) return result;
  const ids = [...new Set(recordIds)];

  const [studyCodes, excerpts, excerptCodes, memos] = await Promise.all([
    db
      .selectFrom('studyCode')
      .select(['recordId', 'codeId'])
      .where('reviewId', '=', reviewId)
      .where('recordId', 'in', idsIn(db, ids))
      .orderBy('recordId')
      .orderBy('codeId')
      .execute(),
    db
      .selectFrom('excerpt as e')
      .leftJoin('account as c', 'c.id', 'e.createdBy')
      .leftJoin('account as u', 'u.id', 'e.updatedBy')
      .select(['e.id', 'e.recordId', 'e.text', 'e.location', 'e.memo', 'e.language', 'e.translation', 'e.translator', 'e.createdBy', 'c.name as createdByName', 'e.createdAt', 'e.updatedBy', 'u.name as updatedByName', 'e.updatedAt'])
      .where('e.reviewId', '=', reviewId)
      .where('e.recordId', 'in', idsIn(db, ids))
      .orderBy('e.recordId')
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('excerptCode as ec')
      .innerJoin('excerpt as e', 'e.id', 'ec.excerptId')
      .select(['ec.excerptId', 'ec.codeId'])
      .where('e.reviewId', '=', reviewId)
      .where('e.recordId', 'in', idsIn(db, ids))
      .orderBy('ec.excerptId')
      .orderBy('ec.codeId')
      .execute(),
    db
      .selectFrom('studyMemo as m')
      .leftJoin('account as a', 'a.id', 'm.updatedBy')
      .select(['m.recordId', 'm.text', 'a.name as updatedByName', 'm.updatedAt'])
      .where('m.reviewId', '=', reviewId)
      .where('m.recordId', 'in', idsIn(db, ids))
      .execute(),
  ]);

  for (const row of studyCodes) result.get(row.recordId)?.codeIds.push(row.codeId);
  const codesOf = new Map<number, number[]>();
  for (const row of excerptCodes) {
    const list = codesOf.get(row.excerptId);
    if (list) list.push(row.codeId);
    else codesOf.set(row.excerptId, [row.codeId]);
  }
  for (const row of excerpts) result.get(row.recordId)?.excerpts.push({ ...row, codeIds: codesOf.get(row.id) ?? [] });
  for (const row of memos) {
    const study = result.get(row.recordId);
    if (study) Object.assign(study, { memo: row.text, memoUpdatedByName: row.updatedByName, memoUpdatedAt: row.updatedAt });
  }
  return result;
}

export interface CodeUsage {
  /** Studies carrying the code, on the study itself or on one of its excerpts. */
  studies: number;
  excerpts: number;
}

/**
 * How much each code of a review is used (codes never used are absent). Two grouped queries.
 * `studies` are the included studies: a code on two reports of one study counts that study once.
 */
export async function codeUsage(db: Kysely<Database>, reviewId: number, studies: readonly StudyReports[]): Promise<Map<number, CodeUsage>> {
  // Only reports of multi-report studies need mapping to their study: usually a handful.
  const reportToStudy = studies.flatMap((s) => (s.reports.length > 1 ? s.reports.map((r): [number, number] => [r.id, s.id]) : []));
  const [studyUses, excerpts] = await Promise.all([
    db
      .selectFrom(
        db
          .selectFrom('studyCode')
          .select(['codeId', 'recordId'])
          .where('reviewId', '=', reviewId)
          .union(
            db.selectFrom('excerptCode as ec').innerJoin('excerpt as e', 'e.id', 'ec.excerptId').select(['ec.codeId', 'e.recordId']).where('e.reviewId', '=', reviewId),
          )
          .as('uses'),
      )
      .leftJoin(
        numberPairs(db, reportToStudy).as('m'),
        (join) => join.onRef('m.first', '=', 'uses.recordId'),
      )
      .select(['uses.codeId', sql<number>`count(distinct coalesce(m.second, uses.record_id))`.as('n')])
      .groupBy('uses.codeId')
      .execute(),
    db
      .selectFrom('excerptCode as ec')
      .innerJoin('excerpt as e', 'e.id', 'ec.excerptId')
      .select(['ec.codeId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('e.reviewId', '=', reviewId)
      .groupBy('ec.codeId')
      .execute(),
  ]);
  const usage = new Map<number, CodeUsage>();
  for (const row of studyUses) usage.set(row.codeId, { studies: Number(row.n), excerpts: 0 });
  for (const row of excerpts) {
    const entry = usage.get(row.codeId);
    if (entry) entry.excerpts = Number(row.n);
    else usage.set(row.codeId, { studies: 0, excerpts: Number(row.n) });
  }
  return usage;
}

export interface StudyProgress {
  codes: number;
  excerpts: number;
  memo: boolean;
}

/** Per study of the review: codes applied to it, excerpts, and whether it has a memo. Three grouped queries. */
export async function codingProgress(db: Kysely<Database>, reviewId: number): Promise<Map<number, StudyProgress>> {
  const [codes, excerpts, memos] = await Promise.all([
    db.selectFrom('studyCode').select(['recordId', (eb) => eb.fn.countAll<number>().as('n')]).where('reviewId', '=', reviewId).groupBy('recordId').execute(),
    db.selectFrom('excerpt').select(['recordId', (eb) => eb.fn.countAll<number>().as('n')]).where('reviewId', '=', reviewId).groupBy('recordId').execute(),
    db.selectFrom('studyMemo').select('recordId').where('reviewId', '=', reviewId).where('text', '!=', '').execute(),
  ]);
  const progress = new Map<number, StudyProgress>();
  const entry = (recordId: number) => {
    let e = progress.get(recordId);
    if (!e) progress.set(recordId, (e = { codes: 0, excerpts: 0, memo: false }));
    return e;
  };
  for (const row of codes) entry(row.recordId).codes = Number(row.n);
  for (const row of excerpts) entry(row.recordId).excerpts = Number(row.n);
  for (const row of memos) entry(row.recordId).memo = true;
  return progress;
}

/** A study as src/studies/included-studies.ts defines it: its id and its reports' record ids. */
export interface StudyReports {
  id: number;
  reports: ReadonlyArray<{ id: number }>;
}

/** Coding written on a study's other reports before they were grouped; shown, not edited, on the study. */
export interface ReportMemo {
  recordId: number;
  text: string;
}

export interface IncludedStudyCoding extends StudyCoding {
  /** Memos of the study's other reports (the study's own memo is the lead report's). */
  reportMemos: ReportMemo[];
}

/**
 * The coding of included studies, each read over all its reports: codes applied to any report,
 * every report's excerpts (in the order added), the lead report's memo and the others' apart. Keyed
 * by study id (the lead report's record id).
 */
export async function codingOfIncludedStudies(db: Kysely<Database>, reviewId: number, studies: readonly StudyReports[]): Promise<Map<number, IncludedStudyCoding>> {
  const byReport = await codingOfStudies(db, reviewId, studies.flatMap((s) => s.reports.map((r) => r.id)));
  const result = new Map<number, IncludedStudyCoding>();
  for (const study of studies) {
    const lead = byReport.get(study.id) ?? { recordId: study.id, codeIds: [], excerpts: [], memo: '', memoUpdatedByName: null, memoUpdatedAt: null };
    const others = study.reports.filter((r) => r.id !== study.id).map((r) => byReport.get(r.id)!);
    if (others.length === 0) {
      result.set(study.id, { ...lead, reportMemos: [] });
      continue;
    }
    const all = [lead, ...others];
    result.set(study.id, {
      ...lead,
      codeIds: [...new Set(all.flatMap((c) => c.codeIds))].sort((a, b) => a - b),
      excerpts: all.flatMap((c) => c.excerpts).sort((a, b) => a.id - b.id),
      reportMemos: others.filter((c) => c.memo !== '').map((c) => ({ recordId: c.recordId, text: c.memo })),
    });
  }
  return result;
}

/** Per included study (by study id): its reports' progress added up. */
export function progressOfStudies(progress: ReadonlyMap<number, StudyProgress>, studies: readonly StudyReports[]): Map<number, StudyProgress> {
  const result = new Map<number, StudyProgress>();
  for (const study of studies) {
    const sum: StudyProgress = { codes: 0, excerpts: 0, memo: false };
    for (const report of study.reports) {
      const p = progress.get(report.id);
      if (!p) continue;
      sum.codes += p.codes;
      sum.excerpts += p.excerpts;
      sum.memo ||= p.memo;
    }
    result.set(study.id, sum);
  }
  return result;
}
