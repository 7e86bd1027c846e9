import { codebookTree, type CodeNode } from '../../../src/coding/coding-queries.js';
import { countCoding } from '../../support/coding-truth.js';
import { readCounters } from '../../../src/reviews/stage-counters.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';
import { includeStudies } from '../../support/study-fixtures.js';

/**
 * A migrated database with a review (owner Olive, reviewers Rita and Sam), `included` included
 * studies and `other` records that were never included, for the coding services.
 */
export interface CodingDb extends ScreeningDb {
  studies: number[];
  notIncluded: number[];
  /** Olive, the review owner. */
  ctx: { reviewId: number; actorId: number };
  /** A second review of the same instance, with its own codebook. */
  otherReviewId: number;
}

export async function codingDb(included = 3, other = 1): Promise<CodingDb> {
  const s = await screeningDb();
  const { ids } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: included + other }, (_, i) => ({
    title: `Study ${i + 1} of social co-operatives`,
    authors: [`Author${i}, A.`],
    year: 2010 + i,
    abstract: `Abstract ${i + 1}.`,
  })));
  const studies = ids.slice(0, included);
  await includeStudies(s.db.kysely, { reviewId: s.reviewId, actorId: s.reviewers[0]! }, studies);
  const now = new Date().toISOString();
  const { id: otherReviewId } = await s.db.kysely
    .insertInto('review')
    .values({ slug: 'other', title: 'Other', question: '', description: '', createdBy: s.owner, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...s, studies, notIncluded: ids.slice(included), ctx: { reviewId: s.reviewId, actorId: s.owner }, otherReviewId };
}

/** The coding counters as kept, beside the same figures counted from the rows. */
export async function codingCounters(s: Pick<CodingDb, 'db' | 'reviewId'>) {
  const c = await readCounters(s.db.kysely, s.reviewId);
  return { kept: { studiesCoded: c.studies_coded, excerpts: c.excerpts }, truth: await countCoding(s.db.kysely, s.reviewId) };
}

/** The tree as plain nested names, descriptions, colours and origins (ids left out), for comparing codebooks. */
export function shape(nodes: readonly CodeNode[]): unknown[] {
  return nodes.map((n) => ({ name: n.name, description: n.description, colour: n.colour, origin: n.origin, children: shape(n.children) }));
}

export async function namesOf(s: Pick<CodingDb, 'db'>, reviewId: number): Promise<unknown[]> {
  const names = (nodes: readonly CodeNode[]): unknown[] => nodes.map((n) => (n.children.length > 0 ? { [n.name]: names(n.children) } : n.name));
  return names(await codebookTree(s.db.kysely, reviewId));
}

/** Every row a codebook or coding change could touch, to check a refusal wrote nothing. */
export function snapshot(s: Pick<CodingDb, 'db'>) {
  const all = (table: string) => s.db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
  return {
    code: all('code'), studyCode: all('study_code'), excerpt: all('excerpt'), excerptCode: all('excerpt_code'),
    studyMemo: all('study_memo'), audit: all('audit_event'), counters: all('review_counter'),
  };
}
