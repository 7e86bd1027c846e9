import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureUpload, importFiles } from '../support/imports.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

// Two exports of one search that share studies (test/fixtures/exports/README.md).
const CRIMJUST = 'ebsco-criminal-justice.ris';
const LENS = 'lens.ris';

describe('duplicates found on import', () => {
  let t: TestApp;
  let owner: Client;
  let job: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Gambling harms', slug: 'harms', question: '', description: '' });
    job = await importFiles(owner, 'harms', [fixtureUpload(CRIMJUST), fixtureUpload(LENS)]);
  });
  afterAll(async () => t.close());

  const linked = () => Number(/data-count="duplicates-linked">(\d+)</.exec(job)![1]);

  it('links the certain duplicates of two overlapping exports and says so on the job', async () => {
    expect(linked()).toBeGreaterThan(0);
    expect(job).toMatch(/data-count="pairs-queued">\d+</);
    const reviewId = await reviewIdOf(t.app.db, 'harms');
    const marked = t.app.db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('duplicateOf', 'is not', null);
    expect(Number((await marked.executeTakeFirstOrThrow()).n)).toBe(linked());
    const dashboard = await owner.get('/reviews/harms');
    expect(dashboard.body).toMatch(new RegExp(`data-stage="duplicates".*?<strong>${linked()}</strong>`, 's'));
  });

  it('lists works, not copies, unless asked for the duplicates too', async () => {
    const works = await owner.get('/reviews/harms/records');
    expect(works.body).toContain(`${36 - linked()} records`);
    const all = await owner.get('/reviews/harms/records?duplicates=show');
    expect(all.body).toContain('36 records (duplicates included)');
  });

  it("shows a primary's duplicates and both searches, and a duplicate's primary", async () => {
    const reviewId = await reviewIdOf(t.app.db, 'harms');
    const duplicate = await t.app.db.selectFrom('record').select(['id', 'duplicateOf']).where('reviewId', '=', reviewId).where('duplicateOf', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const primary = await owner.get(`/reviews/harms/records/${duplicate.duplicateOf}`);
    expect(primary.body).toContain(`href="/reviews/harms/records/${duplicate.id}"`);
    const sources = /<ul class="work-sources">(.*?)<\/ul>/s.exec(primary.body)![1]!;
    expect(sources).toContain(CRIMJUST);
    expect(sources).toContain(LENS);
    const page = await owner.get(`/reviews/harms/records/${duplicate.id}`);
    expect(page.body).toMatch(new RegExp(`duplicate of <a href="/reviews/harms/records/${duplicate.duplicateOf}"`));
  });
});
