import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { readListQuery } from '../../src/records/record-list-query.js';
import { searchRecords } from '../../src/records/record-search.js';
import { insertSearch, type RecordFixture } from '../support/record-fixtures.js';
import { TEST_POSTGRES_URL } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The same searches on SQLite's FTS5 and on PostgreSQL's full-text search, the latter when the
 * suite runs on PostgreSQL (on SQLite alone only FTS5 is checked). The records each finds must be
 * the same, except where the engines fold words differently (`postgres` below, with why); the
 * ranking formulas differ (bm25 against ts_rank), so only "title matches first" is asked of both.
 */
const RECORDS: Record<string, RecordFixture> = {
  evaluation: { title: 'Évaluation of desistance programmes', abstract: 'A naïve approach to re-entry.' },
  cooperative: { title: 'Social co-operatives and employment', abstract: 'Work in a social co-operative supports desistance.' },
  prison: { title: 'Prison work and recidivism', abstract: 'Employment after release reduces recidivism.', keywords: ['jail'] },
  juvenile: { title: 'Juvenile desistance', abstract: 'Young offenders and desistance.' },
  desisting: { title: 'Desisting from crime', abstract: 'Narratives of desisting.' },
  lodz: { title: 'Prisons of Łódź', abstract: 'A study in Poland.', journal: 'Przegląd Penitencjarny' },
  outcomes: { title: 'Employment outcomes', abstract: 'Desistance follows employment.' },
  covid: { title: 'COVID-19 and 2.5 million prisoners', abstract: 'Releases during the pandemic.', authors: ['Nuñez, María'] },
};
type Name = keyof typeof RECORDS;

interface Case {
  q: string;
  /** What both engines find, in any order. */
  finds: Name[];
  /** The search they run instead of the one typed (typo correction), if any. */
  correctedTo?: string;
  /** Where PostgreSQL finds otherwise, and why. */
  postgres?: { finds: Name[]; why: string };
}

const CASES: Case[] = [
  { q: 'evaluation', finds: ['evaluation'] },
  { q: 'ÉVALUATION', finds: ['evaluation'] },
  { q: 'naive', finds: ['evaluation'] },
  { q: 'nunez', finds: ['covid'] },
  { q: '"social co-operative"', finds: ['cooperative'] },
  { q: 'co-operatives', finds: ['cooperative'] },
  { q: '"co operative"', finds: ['cooperative'] },
  { q: 'prison OR jail', finds: ['prison'] },
  { q: 'prisons OR jail', finds: ['prison', 'lodz'] },
  { q: 'desistance', finds: ['evaluation', 'cooperative', 'juvenile', 'outcomes'] },
  { q: 'desistance employment', finds: ['cooperative', 'outcomes'] },
  { q: 'desistance -juvenile', finds: ['evaluation', 'cooperative', 'outcomes'] },
  { q: 'desistance NOT "young offenders"', finds: ['evaluation', 'cooperative', 'outcomes'] },
  // No prefix search: "*" is a separator, so this is the word "desist", which no record holds.
  { q: 'desist*', finds: [] },
  { q: 'desistence', finds: ['evaluation', 'cooperative', 'juvenile', 'outcomes'], correctedTo: 'desistance' },
  // A phrase never runs from the end of one field into the next.
  { q: '"outcomes desistance"', finds: [] },
  { q: 'covid-19', finds: ['covid'] },
  { q: '2.5', finds: ['covid'] },
  { q: 'łódź', finds: ['lodz'] },
  { q: 'przeglad', finds: ['lodz'] },
  {
    q: 'lodz',
    finds: [],
    postgres: { finds: ['lodz'], why: 'unaccent folds letters without a decomposition (ł, ø, đ, ß, œ); FTS5 and the query parser keep them' },
  },
];

function engines(): Array<{ name: string; env: Record<string, string> }> {
  const sqlite = { name: 'SQLite FTS5', env: { COREVIEW_DATABASE_URL: '' } };
  return TEST_POSTGRES_URL ? [sqlite, { name: 'PostgreSQL full-text search', env: {} }] : [sqlite];
}

describe.each(engines())('the same searches on $name', ({ env }) => {
  let t: TestApp;
  let db: Kysely<Database>;
  let reviewId: number;
  const names = new Map<number, Name>();
  const postgres = env.COREVIEW_DATABASE_URL === undefined;

  beforeAll(async () => {
    t = await createTestApp(env);
    db = t.app.db;
    // Straight into the tables: both apps live in this process, and the hot queries of the HTTP layer
    // are compiled once per process for one dialect (src/db/prepared.ts).
    const now = new Date().toISOString();
    const account = await db.insertInto('account').values({ email: 'owner@example.org', name: 'Olive Owner', passwordHash: 'x', isOwner: 1, passwordTemporary: 0, createdAt: now }).returning('id').executeTakeFirstOrThrow();
    reviewId = (await db.insertInto('review').values({ slug: 'engines', title: 'Engines', question: '', description: '', createdBy: account.id, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(db, reviewId, Object.values(RECORDS));
    Object.keys(RECORDS).forEach((name, i) => names.set(ids[i]!, name as Name));
  });
  afterAll(() => t.close());

  const search = async (q: string) => {
    const outcome = await searchRecords(db, reviewId, readListQuery({ q }));
    return { found: outcome.items.map((item) => names.get(item.id)!), correctedTo: outcome.search.correctedTo };
  };

  it.each(CASES)('finds the same records for $q', async ({ q, finds, correctedTo, postgres: differs }) => {
    const { found, correctedTo: ran } = await search(q);
    const expected = postgres && differs ? differs.finds : finds;
    expect([...found].sort()).toEqual([...expected].sort());
    expect(ran).toBe(correctedTo ?? null);
  });

  it('ranks title matches first', async () => {
    const { found } = await search('employment');
    expect(found.slice(0, 2).sort()).toEqual(['cooperative', 'outcomes']);
    expect(found[2]).toBe('prison');
  });
});
