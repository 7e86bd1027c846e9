import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalSummaries } from '../../src/appraisal/appraisal-queries.js';
import { includedStudies } from '../../src/studies/included-studies.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const BASE = `/reviews/${SLUG}/appraisal`;
const casp = (answer: string, from = 1, to = 10) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [`answer:${from + i}`, answer]));

describe('quality appraisal by one appraiser, settings and the custom instrument', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let otto: Client;
  let reviewId: number;
  let studies: number[];
  let notIncluded: number;
  let elsewhere: number;

  const rows = () => t.app.db.selectFrom('studyAppraisal').selectAll().where('reviewId', '=', reviewId).orderBy('recordId').execute();
  const audit = (action: string) => t.app.db.selectFrom('auditEvent').select(['actorId', 'entity', 'entityId', 'beforeJson', 'afterJson']).where('reviewId', '=', reviewId).where('action', '=', action).orderBy('id').execute();
  const writes = async () => ({ rows: await rows(), events: (await t.app.db.selectFrom('auditEvent').select('id').where('reviewId', '=', reviewId).execute()).length });
  const version = async () => (await t.app.db.selectFrom('reviewCounter').select('value').where('reviewId', '=', reviewId).where('name', '=', 'synthesis_version').executeTakeFirst())?.value ?? 0;
  const accountId = async (email: string) => (await t.app.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, otto } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']] as const));
    await createReview(owner, { title: 'Desistance and social co-operatives', slug: SLUG }, ['rita']);
    await createReview(owner, { title: 'Another review', slug: 'other' });
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const ownerId = await accountId('owner@example.org');
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Working together: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016 },
      { title: 'Hope, agency and work', authors: ['Maruna, Shadd'], year: 2004 },
      { title: 'Never included', year: 2020 },
    ]);
    studies = ids.slice(0, 2);
    notIncluded = ids[2]!;
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, studies);
    const otherId = await reviewIdOf(t.app.db, 'other');
    elsewhere = (await insertSearch(t.app.db, otherId, [{ title: 'Elsewhere' }])).ids[0]!;
    await includeStudies(t.app.db, { reviewId: otherId, actorId: ownerId }, [elsewhere]);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows every member the overview beside Coding in the review nav, and no one else', async () => {
    const page = await rita.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<a href="/reviews/${SLUG}/coding">Coding</a></li><li><a href="${BASE}" aria-current="page">Appraisal</a>`);
    expect(page.body).toContain(`href="${BASE}/studies/${studies[0]}">Weaver (2016)</a>`);
    expect(page.body).toContain('Maruna (2004)');
    expect(page.body).not.toContain('Never included');
    expect(page.body).toContain('CASP Qualitative Studies Checklist · one appraiser per study · 0 of 2 studies appraised.');
    expect(page.body).not.toContain('Appraisal settings');
    expect((await owner.get(BASE)).body).toContain('Appraisal settings');
    expect((await otto.get(BASE)).statusCode).toBe(404);
    expect((await otto.get(`${BASE}/studies/${studies[0]}`)).statusCode).toBe(404);
  });

  it('lets an appraiser save a draft from the form, refuse to finish it incomplete, then finish it', async () => {
    const url = `${BASE}/studies/${studies[0]}`;
    const form = await rita.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<form method="post" action="${url}"`);
    for (const id of ['1', '2', '10']) for (const value of ['yes', 'cant_tell', 'no']) expect(form.body).toContain(`type="radio" name="answer:${id}" value="${value}"`);
    expect(form.body).toContain('1. Was there a clear statement of the aims of the research?');
    expect(form.body).toContain('name="comment:10"');
    expect(form.body).toContain('name="overall" value="high"');

    const before = await version();
    const draft = await rita.post(url, { 'answer:1': 'yes', 'comment:1': 'Aims on p. 3.', 'answer:2': 'cant_tell', 'comment:2': '', intent: 'save' });
    expect(draft.statusCode).toBe(303);
    expect(await version()).toBeGreaterThan(before);
    const [row] = await rows();
    expect(row).toMatchObject({ recordId: studies[0], appraiserId: await accountId('rita@example.org'), instrument: 'casp-qualitative', finishedAt: null });
    expect(JSON.parse(row!.answersJson)).toEqual({ '1': { answer: 'yes', comment: 'Aims on p. 3.' }, '2': { answer: 'cant_tell', comment: '' } });

    const incomplete = await rita.post(url, { ...casp('yes', 1, 8), overall: '', intent: 'finish' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.body).toContain('Not finished yet: Answer questions 9, 10. Choose the overall quality.');
    // What was typed comes back checked.
    expect(incomplete.body).toMatch(/name="answer:8" value="yes" checked/);
    expect((await rows())[0]!.finishedAt).toBeNull();

    const finished = await rita.post(url, { ...casp('yes', 1, 9), 'answer:10': 'no', 'comment:10': 'Little on transferability.', overall: 'high', note: 'Strong study.', intent: 'finish' });
    expect(finished.statusCode).toBe(303);
    expect((await rows())[0]!.finishedAt).not.toBeNull();
    const page = await rita.get(url);
    expect(page.body).toContain('You finished your appraisal.');
    expect(page.body).not.toContain(`<form method="post" action="${url}"`);
    const again = await rita.post(url, { ...casp('no'), overall: 'low', intent: 'finish' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('You finished this appraisal: it no longer changes.');

    expect((await audit('appraisal.save')).map((e) => e.entityId)).toEqual([String(studies[0])]);
    const [finish] = await audit('appraisal.finish');
    expect(JSON.parse(finish!.afterJson!)).toMatchObject({ instrument: 'casp-qualitative', overall: 'high', note: 'Strong study.' });
  });

  it('shows the finished appraisal to the others, keeps a second appraiser out, and gives the synthesis its summary', async () => {
    const url = `${BASE}/studies/${studies[0]}`;
    const ownerView = await owner.get(url);
    expect(ownerView.body).toContain('Rita Reviewer appraises this study (the review has one appraiser per study).');
    expect(ownerView.body).toContain('Little on transferability.');
    const refused = await owner.post(url, { 'answer:1': 'no', intent: 'save' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Rita Reviewer already appraises this study, and the review has one appraiser per study.');
    expect(await rows()).toHaveLength(1);

    const overview = await owner.get(BASE);
    expect(overview.body).toContain('1 of 2 studies appraised');
    expect(overview.body).toMatch(/Rita Reviewer \(finished\)<\/td><td>Complete<\/td><td>High quality<\/td>/);

    const included = await includedStudies(t.app.db, reviewId);
    const summaries = await appraisalSummaries(t.app.db, reviewId, included);
    expect(summaries.get(studies[0]!)).toMatchObject({ instrument: 'casp-qualitative', status: 'complete', overall: 'high', overallLabel: 'High quality', category: null, note: 'Strong study.' });
    expect(summaries.get(studies[0]!)!.answers).toHaveLength(10);
    expect(summaries.get(studies[0]!)!.answers[9]).toEqual({ questionId: '10', question: 'How valuable is the research?', answer: 'no', answerLabel: 'No', comment: 'Little on transferability.' });
    expect(summaries.get(studies[1]!)).toMatchObject({ status: 'not_started', overall: null, answers: [] });
  });

  it('refuses hostile and broken input with a clear 4xx and writes nothing', async () => {
    const url = `${BASE}/studies/${studies[1]}`;
    await rita.get(url);
    const start = await writes();
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [url, { 'answer:99': 'yes', intent: 'save' }, 422, 'There is no question “99” in the CASP Qualitative Studies Checklist.'],
      [url, { 'answer:1': 'maybe', intent: 'save' }, 422, '“maybe” is not an answer the CASP Qualitative Studies Checklist offers for question 1 (Yes, Can’t tell, No).'],
      [url, { 'answer:1': 'yes', overall: 'stellar', intent: 'save' }, 422, '“stellar” is not one of the overall quality options'],
      [url, { 'answer:1': 'yes', intent: 'publish' }, 422, 'Choose to save a draft or to finish the appraisal.'],
      [url, { 'answer:1': 'yes', category: 'qualitative', intent: 'save' }, 422, 'has no categories to choose from'],
      [`${BASE}/studies/${notIncluded}`, { 'answer:1': 'yes', intent: 'save' }, 422, `Record #${notIncluded} is not an included study`],
      [`${BASE}/studies/${elsewhere}`, { 'answer:1': 'yes', intent: 'save' }, 404, 'There is no such record in this review.'],
      [`${BASE}/studies/abc`, { 'answer:1': 'yes', intent: 'save' }, 404, 'There is no such record in this review.'],
      // A question id is a field name's tail: it must never reach an object's prototype.
      [url, { 'answer:__proto__': 'polluted', 'comment:__proto__': 'c', intent: 'save' }, 422, 'There is no question “__proto__”'],
      [url, { 'answer:<b>1': 'yes', intent: 'save' }, 422, 'The form sent an answer to a question this checklist does not have: reload the page.'],
    ];
    for (const [target, fields, status, message] of cases) {
      const response = await rita.post(target, fields);
      expect(response.statusCode, `${target} ${JSON.stringify(fields)}`).toBe(status);
      expect(response.body).toContain(message);
    }
    expect(({} as Record<string, unknown>).answer).toBeUndefined();
    expect(({} as Record<string, unknown>).comment).toBeUndefined();
    // One answer sent twice, as a crafted form would.
    const body = new URLSearchParams([['answer:1', 'yes'], ['answer:1', 'no'], ['intent', 'save'], ['_csrf', rita.csrfToken]]);
    const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${rita.cookie(name) ?? ''}`).join('; ');
    const twice = await t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('Question 1 must be answered once.');
    expect((await otto.post(url, { 'answer:1': 'yes', intent: 'save' })).statusCode).toBe(404);
    expect((await rita.post(url, { 'answer:1': 'yes', intent: 'save' }, { csrf: false })).statusCode).toBe(403);
    for (const [target, fields] of [[`${BASE}/settings`, { instrument: 'jbi-qualitative', appraisers: '2' }], [`${BASE}/instrument`, { name: 'Mine', questions: 'Q?', answers: 'Yes\nNo' }]] as const) {
      const response = await rita.post(target, fields);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('Only an owner of this review can change this.');
    }
    expect((await rita.get(`${BASE}/settings`)).statusCode).toBe(403);
    await owner.get(`${BASE}/settings`);
    const bogus = await owner.post(`${BASE}/settings`, { instrument: 'rob2', appraisers: '3' });
    expect(bogus.statusCode).toBe(422);
    expect(bogus.body).toContain('Choose one of the instruments offered.');
    const undefinedCustom = await owner.post(`${BASE}/settings`, { instrument: 'custom', appraisers: '1' });
    expect(undefinedCustom.statusCode).toBe(422);
    expect(undefinedCustom.body).toContain('Define the custom instrument (below) before choosing it.');
    expect(await writes()).toEqual(start);
  });

  it('lets the owner define a custom instrument and choose it; a study already appraised keeps its instrument', async () => {
    const settings = await owner.get(`${BASE}/settings`);
    expect(settings.body).toContain(`action="${BASE}/instrument"`);
    const empty = await owner.post(`${BASE}/instrument`, { name: '', questions: '', answers: 'Yes' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Name the instrument.');
    expect(empty.body).toContain('Offer at least two answers');
    const saved = await owner.post(`${BASE}/instrument`, { name: 'Co-operative fit', questions: 'Is the co-operative described?\nAre members’ voices heard?', answers: 'Yes\nPartly\nNo' });
    expect(saved.statusCode).toBe(303);
    expect((await owner.post(`${BASE}/settings`, { instrument: 'custom', appraisers: '1' })).statusCode).toBe(303);

    const url = `${BASE}/studies/${studies[1]}`;
    const form = await rita.get(url);
    expect(form.body).toContain('c1. Is the co-operative described?');
    expect(form.body).toContain('type="radio" name="answer:c2" value="o2"');
    expect((await rita.post(url, { 'answer:c1': 'o1', 'answer:c2': 'o2', overall: 'moderate', intent: 'finish' })).statusCode).toBe(303);
    expect((await rita.post(url, { 'answer:c3': 'o1', intent: 'save' })).statusCode).toBe(422);

    // Answers follow positions: removing a question in use is refused, rewording is fine.
    const shrink = await owner.post(`${BASE}/instrument`, { name: 'Co-operative fit', questions: 'Is the co-operative described?', answers: 'Yes\nPartly\nNo' });
    expect(shrink.statusCode).toBe(422);
    expect(shrink.body).toContain('Question 2 is answered in appraisals already: keep at least 2 questions');
    expect((await owner.post(`${BASE}/instrument`, { name: 'Co-operative fit', questions: 'Is the co-operative described?\nAre members heard?', answers: 'Yes\nPartly\nNo' })).statusCode).toBe(303);

    const overview = await owner.get(BASE);
    expect(overview.body).toContain('Co-operative fit · one appraiser per study · 2 of 2 studies appraised.');
    expect(overview.body).toMatch(/CASP Qualitative Studies Checklist<\/td><td>Rita Reviewer \(finished\)/);
    const summaries = await appraisalSummaries(t.app.db, reviewId, await includedStudies(t.app.db, reviewId));
    expect(summaries.get(studies[1]!)).toMatchObject({ instrument: 'custom', instrumentName: 'Co-operative fit', overall: 'moderate' });
    expect(summaries.get(studies[1]!)!.answers.map((a) => [a.question, a.answerLabel])).toEqual([['Is the co-operative described?', 'Yes'], ['Are members heard?', 'Partly']]);
    expect(summaries.get(studies[0]!)!.instrument).toBe('casp-qualitative');

    expect((await audit('appraisal.instrument')).map((e) => JSON.parse(e.afterJson!).name)).toEqual(['Co-operative fit', 'Co-operative fit']);
    expect((await audit('appraisal.settings')).map((e) => JSON.parse(e.afterJson!))).toEqual([{ instrument: 'custom', appraisers: 1 }]);
  });

  it('tells each change in the review history', async () => {
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.statusCode).toBe(200);
    for (const sentence of [
      'saved a draft appraisal of',
      'finished their appraisal of',
      'defined the custom appraisal instrument “Co-operative fit” (2 questions)',
      'rewrote the custom appraisal instrument “Co-operative fit” (2 questions)',
      'set quality appraisal to the review’s custom instrument, one appraiser per study',
    ]) expect(history.body).toContain(sentence);
  });
});
