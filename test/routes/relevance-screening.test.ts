import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { waitUntilRanked } from '../support/ranked.js';
import { byTopic, RELEVANCE_RECORDS } from '../support/relevance-records.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'desistance';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const SETTINGS = `/reviews/${SLUG}/screening/settings`;
const shownRecord = (html: string) => Number(/data-record="(\d+)"/.exec(html)?.[1]);

/**
 * Relevance order through the real server: the settings form, decisions on the screening page, and
 * the server's own ranker thread training on them in the background.
 */
describe('relevance order', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let sam: Client;
  let reviewId: number;
  let onTopic: number[];
  let offTopic: number[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, sam } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam']]));
    await createReview(owner, { title: 'Desistance and co-operatives', slug: SLUG }, ['rita', 'sam']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    ({ onTopic, offTopic } = byTopic((await insertSearch(t.app.db, reviewId, RELEVANCE_RECORDS)).ids));
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const save = (fields: Record<string, string>) => owner.post(`${SETTINGS}/title-abstract`, { reviewersNeeded: '1', recordOrder: 'relevance', orderSeed: '3', ...fields });
  const ranked = () => waitUntilRanked(t.app.db, reviewId);

  it('is offered in the settings with the recall target, and says which decisions teach the model', async () => {
    const page = await owner.get(SETTINGS);
    expect(page.body).toContain('<option value="relevance">Relevance: the records most likely to be included first</option>');
    expect(page.body).toContain('with one reviewer per record, every decision.');
    expect((await save({ recallTarget: '0.5' })).statusCode).toBe(422);
    expect((await save({ recallTarget: 'x' })).body).toContain('Choose a recall target of 95% or 90%.');
    expect((await save({ recallTarget: '0.9' })).statusCode).toBe(303);
    expect(await t.app.db.selectFrom('screeningSetting').select(['recordOrder', 'recallTarget']).where('reviewId', '=', reviewId).where('stage', '=', 'title_abstract').executeTakeFirst()).toEqual({ recordOrder: 'relevance', recallTarget: 0.9 });
    expect((await t.app.db.selectFrom('auditEvent').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'screening.settings').executeTakeFirstOrThrow()).n).toBeGreaterThan(0);
  });

  it('uses the seeded order until an include and an exclude have settled, then offers likely relevant records first', async () => {
    await ranked();
    let page = await rita.get(TA);
    expect(page.body).toContain('seeded random order until one include and one exclude have settled (0 and 0 so far)');
    expect((await rita.post(`${TA}/records/${onTopic[0]}`, { decision: 'include' })).statusCode).toBe(303);
    expect((await rita.post(`${TA}/records/${offTopic[0]}`, { decision: 'exclude' })).statusCode).toBe(303);
    await ranked();
    page = await rita.get(TA);
    expect(page.body).toContain('ranked by a model trained on 2 settled decisions (1 relevant)');
    expect(onTopic).toContain(shownRecord(page.body));
    // The estimate of the two settled records: one relevant found, 18 unscreened.
    expect(page.body).toContain('<strong>1</strong> relevant found in <strong>2</strong> of 20 records screened.');
    expect(page.body).toContain('recall below 90% cannot be ruled out yet');
  });

  it('shows a blind reviewer the order but none of the figures counted from the others’ decisions', async () => {
    expect((await save({ reviewersNeeded: '2', blind: '1', recallTarget: '0.95' })).statusCode).toBe(303);
    const settings = await owner.get(SETTINGS);
    expect(settings.body).toContain('never a single vote, so nobody’s pending decision moves anyone’s order. Blind, settled records teach it ten at a time, so no one record’s outcome shows in the order');
    await ranked();
    const blind = await sam.get(TA);
    expect(blind.body).toContain('Relevance order: the records most likely to be included come first, learned from settled decisions.');
    expect(blind.body).not.toContain('settled decisions (');
    expect(blind.body).not.toContain('relevant found');
    const owners = await owner.get(TA);
    expect(owners.body).toContain('relevant found in');
  });
});
