import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaCounts } from '../../src/prisma/prisma-counts.js';
import { reconcile } from '../../src/prisma/prisma-reconcile.js';
import { decide } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { waitUntilRanked } from '../support/ranked.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'stopping';
const TA = `/reviews/${SLUG}/screening/title-abstract`;

/**
 * Stopping title and abstract screening on the stopping estimate: refused until the test says the
 * target is reached, then recorded by an owner, and PRISMA counts the records left unscreened as
 * marked ineligible by an automation tool, with every identity holding; resuming takes it back.
 */
describe('stopping screening on the stopping estimate', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let reviewId: number;
  let ritaId: number;
  let ownerId: number;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita']]));
    await createReview(owner, { title: 'Stopping early', slug: SLUG }, ['rita']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    // 40 records on the question, then 160 on other things.
    ({ ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: 200 }, (_, i) => (i < 40
      ? { title: `Social co-operative work and desistance after prison, study ${i + 1}`, abstract: 'Former prisoners employed by social co-operatives.' }
      : { title: `Crop rotation and soil nitrogen, field trial ${i + 1}`, abstract: 'Maize yields under drought.' }))));
    const id = (email: string) => t.app.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow().then((r) => r.id);
    [ritaId, ownerId] = [await id('rita@example.org'), await id('owner@example.org')];
    await rita.get(TA);
    await changeSettings(t.app.db, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: 1, blind: false, recordOrder: 'relevance', orderSeed: 1, maybeAdvances: true, arbiterId: null });
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const ranked = () => waitUntilRanked(t.app.db, reviewId);
  const stoppedAt = async () => (await t.app.db.selectFrom('screeningSetting').select('stoppedAt').where('reviewId', '=', reviewId).where('stage', '=', 'title_abstract').executeTakeFirstOrThrow()).stoppedAt;
  const flashAfter = async (response: { statusCode: number; headers: Record<string, unknown> }, who: Client) => {
    expect(response.statusCode).toBe(303);
    return (await who.get(response.headers.location as string)).body;
  };

  it('is refused while the test has not shown the recall target', async () => {
    for (const recordId of ids.slice(0, 40)) await decide(t.app.db, { reviewId, actorId: ritaId }, { recordId, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    await ranked();
    expect(await flashAfter(await owner.post(`${TA}/stop`, {}), owner)).toContain('The stopping test has not shown recall of at least 95% yet');
    expect(await stoppedAt()).toBeNull();
  });

  it('lets an owner record the stop once it is reached; nobody is offered the rest and PRISMA counts them as marked by automation', async () => {
    // 110 of the 160 others excluded after the 40 relevant: 50 left, p ≈ 0.03 for "recall below 95%".
    for (const recordId of ids.slice(40, 150)) await decide(t.app.db, { reviewId, actorId: ritaId }, { recordId, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });
    await ranked();
    const page = (await owner.get(TA)).body;
    expect(page).toContain('Stopping estimate: recall is at least <strong>95%</strong> with 95% confidence');
    expect(page).toMatch(/For the methods: “Title and abstract screening used prioritised screening .* could stop after 150 of 200 records; the stopping test of Callaghan and Müller-Hansen \(2020\) estimated recall ≥ 95% \(p = 0\.0\d\d\)\.”/);
    expect(page).toContain('Stop title and abstract screening here');
    expect((await rita.get(TA)).body).not.toContain('Stop title and abstract screening here');
    expect((await rita.post(`${TA}/stop`, {})).statusCode).toBe(403);

    // With two reviewers per record, every decided record waits for a second decision: no stop then.
    const needing = (n: number) => changeSettings(t.app.db, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: n, blind: false, recordOrder: 'relevance', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    await needing(2);
    await ranked();
    expect(await flashAfter(await owner.post(`${TA}/stop`, {}), owner)).toContain('150 records have some but not all of the decisions they need');
    await needing(1);
    await ranked();

    const stopped = await flashAfter(await owner.post(`${TA}/stop`, {}), owner);
    expect(stopped, /alert[^>]*>([^<]*)/.exec(stopped)?.[1]).toContain('recorded as stopped on its stopping estimate');
    expect(await stoppedAt()).not.toBeNull();
    const ritas = (await rita.get(TA)).body;
    expect(ritas).toContain('<h2>Screening stopped</h2>');
    expect(ritas).not.toContain('data-record=');

    const counts = await prismaCounts(t.app.db, reviewId);
    expect(counts.databasesAndRegisters).toMatchObject({ identified: 200, automation: 50, notScreened: 50, screened: 150, recordsExcluded: 110, sought: 40, stillScreened: 0 });
    expect(reconcile(counts)).toEqual([]);
    const prisma = (await owner.get(`/reviews/${SLUG}/prisma`)).body;
    expect(prisma).toContain('Typed below, plus 50 left unscreened when title and abstract screening stopped on its stopping estimate.');
    expect(prisma).toContain('the 50 records left unscreened are counted as “Records marked as ineligible by automation tools”');
    // Records imported after the stop are not covered by it: offered, and counted as still being screened.
    const { ids: later } = await insertSearch(t.app.db, reviewId, [{ title: 'A later search result on co-operatives' }, { title: 'Another later result' }], { sourceName: 'Web of Science' });
    expect(later).toContain(Number(/data-record="(\d+)"/.exec((await rita.get(TA)).body)?.[1]));
    const after = await prismaCounts(t.app.db, reviewId);
    expect(after.databasesAndRegisters).toMatchObject({ identified: 202, automation: 50, screened: 152, stillScreened: 2 });
    expect(reconcile(after)).toEqual([]);
    const history = (await owner.get(`/reviews/${SLUG}/audit`)).body;
    expect(history).toMatch(/recorded title and abstract screening as stopped on its stopping estimate after 150 of 200 records \(recall ≥ 95%, p = 0\.0\d\d\)/);
  });

  it('keeps the order while stopped, and takes the stop back on resume', async () => {
    const settings = await owner.post(`/reviews/${SLUG}/screening/settings/title-abstract`, { reviewersNeeded: '1', recordOrder: 'random', orderSeed: '1' });
    expect(settings.statusCode).toBe(422);
    expect(settings.body).toContain('resume it on the screening page before changing the order');

    expect(await flashAfter(await owner.post(`${TA}/resume`, {}), owner)).toContain('Title and abstract screening resumed.');
    expect(await stoppedAt()).toBeNull();
    const counts = await prismaCounts(t.app.db, reviewId);
    expect(counts.databasesAndRegisters).toMatchObject({ automation: 0, notScreened: 0, screened: 202, stillScreened: 52 });
    expect(reconcile(counts)).toEqual([]);
    expect((await rita.get(TA)).body).toMatch(/data-record="\d+"/);
    expect((await owner.get(`/reviews/${SLUG}/audit`)).body).toContain('resumed title and abstract screening after it had been recorded as stopped');
  });
});
