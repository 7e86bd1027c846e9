import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { addExcerpt, setStudyMemo } from '../../src/coding/coding-service.js';
import { saveAppraisal } from '../../src/appraisal/appraisal-service.js';
import { emptyBoxes, saveBoxes } from '../../src/prisma/prisma-boxes.js';
import { includedStudies } from '../../src/studies/included-studies.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const CODING = `/reviews/${SLUG}/coding`;

/**
 * One study, several reports (PRISMA 2020): a person groups included reports into a study and takes
 * them out again; coding, extraction, synthesis and the dashboard count the study once, and what was
 * coded on each report before the grouping is read with the study, never lost.
 */
describe('grouping reports into studies', () => {
  let t: TestApp;
  let owner: Client;
  let reviewId: number;
  let ownerId: number;
  let article: number;
  let preprint: number;
  let project: number;
  let alone: number;
  let notIncluded: number;
  let codes: Record<string, number>;

  const auditActions = async () =>
    (await t.app.db.selectFrom('auditEvent').select('action').where('reviewId', '=', reviewId).where('action', 'in', ['studies.group-report', 'duplicates.separate-report']).orderBy('id').execute()).map((r) => r.action);
  const studyIds = async () => (await includedStudies(t.app.db, reviewId)).map((s) => [s.id, s.reports.map((r) => r.id)]);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    expect((await owner.post('/reviews', { title: 'Desistance and social co-operatives', slug: SLUG, question: '', description: '', codebookTemplate: '1' })).statusCode).toBe(303);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    ownerId = (await t.app.db.selectFrom('account').select('id').executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Working together: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016, type: 'article' },
      { title: 'Working together (preprint)', authors: ['Weaver, Beth'], year: 2015, type: 'preprint' },
      { title: 'The co-operative project, second paper', authors: ['Weaver, Beth'], year: 2018, type: 'article' },
      { title: 'Hope, agency and work', authors: ['Maruna, Shadd'], year: 2004, type: 'article' },
      { title: 'Never included', year: 2020 },
    ]);
    [article, preprint, project, alone, notIncluded] = ids as [number, number, number, number, number];
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, [article, preprint, project, alone]);
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
    // Coded before anyone grouped them: each report on its own.
    const ctx = { reviewId, actorId: ownerId };
    await addExcerpt(t.app.db, ctx, article, { text: 'Work gave a routine.', location: 'p. 4', memo: '', codeIds: [codes.Individual!] });
    await addExcerpt(t.app.db, ctx, preprint, { text: 'Members trusted each other.', location: 'p. 2', memo: '', codeIds: [codes.Relational!] });
    await setStudyMemo(t.app.db, ctx, preprint, 'The preprint adds the interviews.');
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('groups a preprint with its article by record number, counts one study and keeps both reports’ coding', async () => {
    expect((await owner.get(CODING)).body).toContain('4 included studies');
    const page = await owner.get(`${CODING}/studies/${article}`);
    expect(page.body).toContain('Group another included report with this study');
    const grouped = await owner.post(`${CODING}/studies/${article}/reports`, { record: `#${preprint}` });
    expect(grouped.statusCode).toBe(303);
    expect(grouped.headers.location).toBe(`${CODING}/studies/${article}#study-reports`);
    expect(await studyIds()).toContainEqual([article, [article, preprint]]);

    const study = await owner.get(`${CODING}/studies/${article}`);
    expect(study.body).toContain('2 reports of this study');
    expect(study.body).toContain('Work gave a routine.');
    expect(study.body).toContain('Members trusted each other.');
    expect(study.body).toContain(`Report #${preprint}`);
    expect(study.body).toContain('The preprint adds the interviews.');
    // The preprint's own address leads to the study's page.
    const old = await owner.get(`${CODING}/studies/${preprint}`);
    expect([old.statusCode, old.headers.location]).toEqual([303, `${CODING}/studies/${article}`]);
    expect((await owner.get(CODING)).body).toContain('3 included studies');
    const dashboard = await owner.get(`/reviews/${SLUG}`);
    expect(dashboard.body).toMatch(/of 3 studies coded/);
    expect(await auditActions()).toEqual(['studies.group-report']);
  });

  it('groups several papers of one project, not only a preprint and its article', async () => {
    expect((await owner.post(`${CODING}/studies/${article}/reports`, { record: String(project) })).statusCode).toBe(303);
    expect(await studyIds()).toContainEqual([article, [article, project, preprint]]);
    const synthesis = await owner.get(`/reviews/${SLUG}/synthesis`);
    expect(synthesis.body).toMatch(/2 included studies|2 studies/);
  });

  it('refuses what cannot be grouped with a message a person can act on, and writes nothing', async () => {
    const before = await studyIds();
    const cases: Array<[string, RegExp]> = [
      ['abc', /Type the other report’s record number/],
      ['', /Type the other report’s record number|Record number/],
      [String(notIncluded), /not included at full text/],
      [String(preprint), /already a report of this study/],
      ['999999', /There is no record #999999 in this review/],
    ];
    for (const [record, message] of cases) {
      const answer = await owner.post(`${CODING}/studies/${article}/reports`, { record });
      expect(answer.statusCode, record).toBe(422);
      expect(answer.body, record).toMatch(message);
    }
    expect((await owner.post(`${CODING}/studies/${notIncluded}/reports`, { record: String(alone) })).statusCode).toBe(422);
    expect((await owner.post(`${CODING}/studies/${article}/reports/${alone}/separate`, {})).statusCode).toBe(404);
    expect(await studyIds()).toEqual(before);
  });

  it('separates a report again; the others stay one study even when it was what joined them', async () => {
    // The article joined the preprint and the project paper: taking it out keeps those two together.
    expect((await owner.post(`${CODING}/studies/${article}/reports/${article}/separate`, {})).statusCode).toBe(303);
    const after = await studyIds();
    expect(after).toContainEqual([article, [article]]);
    expect(after).toContainEqual([preprint, [project, preprint]]);
    const page = await owner.get(`${CODING}/studies/${article}`);
    expect(page.body).toContain('Work gave a routine.');
    expect(page.body).not.toContain('Members trusted each other.');
    expect(await auditActions()).toEqual(['studies.group-report', 'studies.group-report', 'duplicates.separate-report']);
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.body).toContain('as a report of the same study as');
  });

  it('says on the coding page when PRISMA counts studies included via other methods that have no record to code', async () => {
    const boxes = emptyBoxes();
    boxes.counts.other_sought_not_imported = 3;
    boxes.counts.other_notretrieved_not_imported = 1;
    boxes.otherExcluded = [{ reason: 'Wrong population', n: 1 }];
    await saveBoxes(t.app.db, { reviewId, actorId: ownerId }, boxes);
    const page = await owner.get(CODING);
    expect(page.body).toContain('PRISMA also counts 1 study included via other methods that has no');
    expect(page.body).toContain('import its reference</a>');
  });

  it('keeps a study’s appraisal with it: the lead report that holds it is not separated', async () => {
    const appraised = { category: '', answers: { '1': { answer: 'yes', comment: '' } }, overall: '', note: '' };
    await saveAppraisal(t.app.db, { reviewId, actorId: ownerId, isOwner: true }, preprint, appraised, false);
    const refused = await owner.post(`${CODING}/studies/${preprint}/reports/${preprint}/separate`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`The study’s appraisal is kept on record #${preprint}, its lead report`);
    expect(await studyIds()).toContainEqual([preprint, [project, preprint]]);
    // Its other report goes: the appraisal stays with the study.
    expect((await owner.post(`${CODING}/studies/${preprint}/reports/${project}/separate`, {})).statusCode).toBe(303);
  });
});
