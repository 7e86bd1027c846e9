import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalSummaries } from '../../src/appraisal/appraisal-queries.js';
import { includedStudies } from '../../src/studies/included-studies.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'mixed';
const BASE = `/reviews/${SLUG}/appraisal`;

describe('appraising with MMAT 2018 (a category to choose) and JBI (its own overall appraisal)', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let reviewId: number;
  let studies: number[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita']] as const));
    await createReview(owner, { title: 'A mixed-methods review', slug: SLUG }, ['rita']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    studies = (await insertSearch(t.app.db, reviewId, [{ title: 'A survey and interviews', authors: ['Rossi, Maria'], year: 2019 }, { title: 'An ethnography', authors: ['Nilsson, Anders'], year: 2016 }])).ids;
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, studies);
    await owner.get(`${BASE}/settings`);
    expect((await owner.post(`${BASE}/settings`, { instrument: 'mmat-2018', appraisers: '1' })).statusCode).toBe(303);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('asks the screening questions, then the criteria of the category chosen; changing it clears the old criteria', async () => {
    const url = `${BASE}/studies/${studies[0]}`;
    const first = await rita.get(url);
    expect(first.body).toContain('S1. Are there clear research questions?');
    expect(first.body).toContain('type="radio" name="category" value="mixed"');
    expect(first.body).not.toContain('name="answer:1.1"');

    expect((await rita.post(url, { 'answer:S1': 'yes', 'answer:S2': 'yes', category: 'qualitative', intent: 'save' })).statusCode).toBe(303);
    const qualitative = await rita.get(url);
    expect(qualitative.body).toContain('1.1. Is the qualitative approach appropriate to answer the research question?');
    expect(qualitative.body).not.toContain('name="answer:5.1"');
    const missing = await rita.post(url, { 'answer:S1': 'yes', 'answer:S2': 'yes', category: 'qualitative', 'answer:1.1': 'yes', overall: 'high', intent: 'finish' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Not finished yet: Answer questions 1.2, 1.3, 1.4, 1.5.');

    // The study is mixed methods after all: the qualitative criteria sent along are dropped.
    expect((await rita.post(url, { 'answer:S1': 'yes', 'answer:S2': 'yes', category: 'mixed', 'answer:1.1': 'yes', intent: 'save' })).statusCode).toBe(303);
    const row = await t.app.db.selectFrom('studyAppraisal').select(['category', 'answersJson']).where('recordId', '=', studies[0]!).executeTakeFirstOrThrow();
    expect(row.category).toBe('mixed');
    expect(Object.keys(JSON.parse(row.answersJson))).toEqual(['S1', 'S2']);
    const fields = Object.fromEntries(['5.1', '5.2', '5.3', '5.4', '5.5'].map((id) => [`answer:${id}`, id === '5.4' ? 'cant_tell' : 'yes']));
    expect((await rita.post(url, { 'answer:S1': 'yes', 'answer:S2': 'yes', category: 'mixed', ...fields, overall: 'moderate', note: 'Integration thin.', intent: 'finish' })).statusCode).toBe(303);

    const summary = (await appraisalSummaries(t.app.db, reviewId, await includedStudies(t.app.db, reviewId))).get(studies[0]!)!;
    expect(summary).toMatchObject({ instrument: 'mmat-2018', category: 'mixed', overall: 'moderate', status: 'complete' });
    expect(summary.answers.map((a) => `${a.questionId} ${a.answerLabel}`)).toEqual(['S1 Yes', 'S2 Yes', '5.1 Yes', '5.2 Yes', '5.3 Yes', "5.4 Can’t tell", '5.5 Yes']);
  });

  it('offers JBI’s Include / Exclude / Seek further info as the overall appraisal', async () => {
    expect((await owner.post(`${BASE}/settings`, { instrument: 'jbi-qualitative', appraisers: '1' })).statusCode).toBe(303);
    const url = `${BASE}/studies/${studies[1]}`;
    const page = await rita.get(url);
    expect(page.body).toContain('type="radio" name="answer:6" value="na"');
    expect(page.body).toContain('type="radio" name="overall" value="seek"');
    const answers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`answer:${i + 1}`, i === 5 ? 'unclear' : 'yes']));
    expect((await rita.post(url, { ...answers, overall: 'include', intent: 'finish' })).statusCode).toBe(303);
    const overview = await owner.get(BASE);
    expect(overview.body).toMatch(/JBI Checklist for Qualitative Research<\/td><td>Rita Reviewer \(finished\)<\/td><td>Complete<\/td><td>Include<\/td>/);
    expect(overview.body).toMatch(/Mixed Methods Appraisal Tool \(MMAT\) 2018<\/td><td>Rita Reviewer \(finished\)<\/td><td>Complete<\/td><td>Moderate quality<\/td>/);
  });
});
