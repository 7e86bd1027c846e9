import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalSummaries } from '../../src/appraisal/appraisal-queries.js';
import { includedStudies } from '../../src/studies/included-studies.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const BASE = `/reviews/${SLUG}/appraisal`;
const range = (from: number, to: number, answer: string) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [`answer:${from + i}`, answer]));

/**
 * Two appraisers per study, blind to each other until both finish, then a consensus. The answers
 * are those of the hand-computed agreement in test/unit/appraisal/appraisal-rules.test.ts:
 * 17 of 20 items alike, p_e 0.50, kappa 0.70.
 */
describe('independent double appraisal with consensus', () => {
  let t: TestApp;
  let owner: Client;
  let alice: Client;
  let bob: Client;
  let carol: Client;
  let reviewId: number;
  /** The article (lead report), its preprint, and a second study. */
  let article: number;
  let preprint: number;
  let second: number;

  const rows = () => t.app.db.selectFrom('studyAppraisal').select(['recordId', 'appraiserId', 'finishedAt']).where('reviewId', '=', reviewId).orderBy('updatedAt').execute();
  const studyUrl = (id: number) => `${BASE}/studies/${id}`;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ alice, bob, carol } = await addPeople(t.app, owner, [['Alice Appraiser', 'alice'], ['Bob Second', 'bob'], ['Carol Colleague', 'carol']] as const));
    await createReview(owner, { title: 'Desistance and social co-operatives', slug: SLUG }, ['alice', 'bob', 'carol']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Working together: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016, type: 'article-journal' },
      { title: 'Working together (preprint)', authors: ['Weaver, Beth'], year: 2015, type: 'preprint' },
      { title: 'Hope, agency and work', authors: ['Maruna, Shadd'], year: 2004 },
    ]);
    [article, preprint, second] = ids as [number, number, number];
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, ids);
    await owner.get(`${BASE}/settings`);
    expect((await owner.post(`${BASE}/settings`, { instrument: 'casp-qualitative', appraisers: '2' })).statusCode).toBe(303);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('reads an appraisal written to a report before it was grouped with others as the study’s, and moves it there on the next save', async () => {
    // The preprint is a study of its own when Alice starts on it.
    await alice.get(studyUrl(preprint));
    expect((await alice.post(studyUrl(preprint), { 'answer:1': 'yes', 'comment:1': 'ALICE-DRAFT-NOTE', intent: 'save' })).statusCode).toBe(303);
    expect((await rows()).map((r) => r.recordId)).toEqual([preprint]);
    // A person then groups the preprint with its article: one study, led by the article's record.
    await t.app.db
      .insertInto('duplicatePair')
      .values({ reviewId, recordA: article, recordB: preprint, kind: 'related', score: 0, reasonsJson: '[]', differingJson: '[]', status: 'versions', decidedBy: null, decidedAt: null, createdAt: new Date().toISOString() })
      .execute();
    const study = (await includedStudies(t.app.db, reviewId)).find((s) => s.reports.some((r) => r.id === preprint))!;
    expect(study.id).toBe(article);
    expect((await alice.get(studyUrl(preprint))).headers.location).toBe(studyUrl(article));
    const page = await alice.get(studyUrl(article));
    expect(page.body).toContain('2 reports of this study are appraised together.');
    expect(page.body).toContain('ALICE-DRAFT-NOTE');
    expect((await owner.get(BASE)).body).toContain('Alice Appraiser (in progress)');
    expect((await alice.post(studyUrl(article), { 'answer:1': 'yes', 'comment:1': 'ALICE-SECRET-COMMENT', intent: 'save' })).statusCode).toBe(303);
    expect((await rows()).map((r) => r.recordId)).toEqual([article]);
  });

  it('keeps each appraiser’s answers from the other, from owners and from colleagues until both have finished', async () => {
    await alice.get(studyUrl(article));
    expect((await alice.post(studyUrl(article), { ...range(1, 10, 'yes'), 'comment:1': 'ALICE-SECRET-COMMENT', overall: 'high', note: 'ALICE-SECRET-NOTE', intent: 'finish' })).statusCode).toBe(303);
    await bob.get(studyUrl(article));
    expect((await bob.post(studyUrl(article), { ...range(1, 8, 'yes'), 'comment:9': 'BOB-SECRET-COMMENT', intent: 'save' })).statusCode).toBe(303);

    for (const viewer of [bob, owner, carol]) {
      const page = await viewer.get(studyUrl(article));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Alice Appraiser: finished');
      expect(page.body).toContain('answers hidden until both appraisals are finished');
      expect(page.body).not.toContain('ALICE-SECRET');
      expect(page.body).not.toContain('appraisal-answers');
    }
    const alicePage = await alice.get(studyUrl(article));
    expect(alicePage.body).toContain('Bob Second: in progress');
    expect(alicePage.body).not.toContain('BOB-SECRET-COMMENT');
    expect(alicePage.body).toContain('ALICE-SECRET-COMMENT');
    const overview = await owner.get(BASE);
    expect(overview.body).toContain('Alice Appraiser (finished), Bob Second (in progress)</td><td>Waiting for the second appraiser</td>');
    expect(overview.body).toContain('Agreement shows once two appraisers have both finished a study.');
    const summary = (await appraisalSummaries(t.app.db, reviewId, await includedStudies(t.app.db, reviewId))).get(article)!;
    expect(summary).toMatchObject({ status: 'awaiting_second', overall: null, answers: [], note: '' });

    // A third person cannot join; the consensus cannot come yet.
    await carol.get(studyUrl(article));
    const third = await carol.post(studyUrl(article), { 'answer:1': 'no', intent: 'save' });
    expect(third.statusCode).toBe(422);
    expect(third.body).toContain('Two people already appraise this study.');
    const early = await alice.post(`${studyUrl(article)}/consensus`, { ...range(1, 10, 'yes'), overall: 'high' });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('The consensus comes after two appraisers have both finished their appraisals of this study.');
    expect(await t.app.db.selectFrom('appraisalConsensus').select('recordId').execute()).toEqual([]);
    // Nor can an owner switch to one appraiser now: that would show each the other's answers.
    await owner.get(`${BASE}/settings`);
    const single = await owner.post(`${BASE}/settings`, { instrument: 'casp-qualitative', appraisers: '1' });
    expect(single.statusCode).toBe(422);
    expect(single.body).toContain('being appraised by two people without a consensus yet: record');
    expect((await bob.get(studyUrl(article))).body).not.toContain('ALICE-SECRET');
  });

  it('shows both appraisals side by side once both are finished, with the agreement over every study', async () => {
    expect((await bob.post(studyUrl(article), { ...range(1, 8, 'yes'), 'answer:9': 'cant_tell', 'comment:9': 'BOB-SECRET-COMMENT', 'answer:10': 'no', overall: 'moderate', intent: 'finish' })).statusCode).toBe(303);
    for (const viewer of [alice, bob, carol]) {
      const page = await viewer.get(studyUrl(article));
      expect(page.body).toContain('ALICE-SECRET-COMMENT');
      expect(page.body).toContain('BOB-SECRET-COMMENT');
      expect(page.body).toMatch(/9\. Is there a clear statement of findings\?<span class="badge badge-warn">differs<\/span>/);
    }
    const bobPage = await bob.get(studyUrl(article));
    expect(bobPage.body).toContain(`action="${studyUrl(article)}/consensus"`);
    // The answers they share are ticked already; the others and the overall judgement are for the consensus.
    expect(bobPage.body).toMatch(/id="consensus-answer_8-0" type="radio" name="answer:8" value="yes" checked/);
    expect(bobPage.body).not.toMatch(/name="answer:9" value="[a-z_]+" checked/);
    expect((await carol.get(studyUrl(article))).body).not.toContain(`action="${studyUrl(article)}/consensus"`);

    await alice.get(studyUrl(second));
    expect((await alice.post(studyUrl(second), { ...range(1, 5, 'yes'), ...range(6, 7, 'cant_tell'), ...range(8, 10, 'no'), overall: 'moderate', intent: 'finish' })).statusCode).toBe(303);
    await bob.get(studyUrl(second));
    expect((await bob.post(studyUrl(second), { ...range(1, 4, 'yes'), ...range(5, 7, 'cant_tell'), ...range(8, 10, 'no'), overall: 'low', intent: 'finish' })).statusCode).toBe(303);

    const overview = await carol.get(BASE);
    expect(overview.body).toContain('<td>CASP Qualitative Studies Checklist</td><td class="num">2</td><td class="num">20</td><td class="num">85.0%</td><td class="num">0.700</td>');
    expect(overview.body).toContain('Waiting for consensus');
  });

  it('records the consensus by an appraiser or an owner, not by a colleague, and hands the synthesis the agreed answers', async () => {
    await carol.get(studyUrl(article));
    const colleague = await carol.post(`${studyUrl(article)}/consensus`, { ...range(1, 10, 'yes'), overall: 'high' });
    expect(colleague.statusCode).toBe(422);
    expect(colleague.body).toContain('The consensus is recorded by one of the study’s appraisers or an owner of the review.');
    await alice.get(studyUrl(article));
    const incomplete = await alice.post(`${studyUrl(article)}/consensus`, { ...range(1, 8, 'yes'), overall: 'high' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.body).toContain('Not finished yet: Answer questions 9, 10.');
    const hostile = await alice.post(`${studyUrl(article)}/consensus`, { ...range(1, 10, 'yes'), 'answer:S1': 'yes', overall: 'high' });
    expect(hostile.statusCode).toBe(422);
    expect(hostile.body).toContain('There is no question “S1” in the CASP Qualitative Studies Checklist.');
    expect(await t.app.db.selectFrom('appraisalConsensus').select('recordId').execute()).toEqual([]);

    const agreed = await alice.post(`${studyUrl(article)}/consensus`, { ...range(1, 9, 'yes'), 'answer:10': 'cant_tell', 'comment:10': 'Settled together.', overall: 'moderate', note: 'Agreed after discussion.' });
    expect(agreed.statusCode).toBe(303);
    const page = await bob.get(studyUrl(article));
    expect(page.body).toContain('Recorded by Alice Appraiser on');
    const overview = await owner.get(BASE);
    expect(overview.body).toMatch(/Complete<\/td><td>Moderate quality<\/td>/);
    // Agreement is the appraisers' own, before consensus: unchanged.
    expect(overview.body).toContain('<td class="num">85.0%</td><td class="num">0.700</td>');

    const summary = (await appraisalSummaries(t.app.db, reviewId, await includedStudies(t.app.db, reviewId))).get(article)!;
    expect(summary).toMatchObject({ instrument: 'casp-qualitative', status: 'complete', overall: 'moderate', overallLabel: 'Moderate quality', note: 'Agreed after discussion.' });
    expect(summary.answers[9]).toMatchObject({ questionId: '10', answer: 'cant_tell', answerLabel: 'Can’t tell', comment: 'Settled together.' });

    // An owner may revise it; the history tells both.
    await owner.get(studyUrl(article));
    expect((await owner.post(`${studyUrl(article)}/consensus`, { ...range(1, 10, 'yes'), overall: 'high', note: 'Revised.' })).statusCode).toBe(303);
    const events = await t.app.db.selectFrom('auditEvent').select(['action', 'entityId']).where('reviewId', '=', reviewId).where('action', '=', 'appraisal.consensus').execute();
    expect(events).toEqual([{ action: 'appraisal.consensus', entityId: String(article) }, { action: 'appraisal.consensus', entityId: String(article) }]);
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.body).toContain('recorded the consensus appraisal of');
    expect(history.body).toContain(': Moderate quality');
    expect(history.body).toContain('changed the consensus appraisal of');
    expect(history.body).toContain(': High quality');
  });
});
