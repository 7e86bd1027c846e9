import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeSettings } from '../../src/screening/settings-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { countersAndTruth } from '../support/screening-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'concurrent';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const RECORDS = 40;

describe('two reviewers deciding the same records at the same time', () => {
  let t: TestApp;
  let owner: Client;
  let reviewers: Client[];
  let reviewId: number;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    const { rita, sam } = await addPeople(t.app, owner, [['Rita', 'rita'], ['Sam', 'sam']]);
    reviewers = [rita, sam];
    await createReview(owner, { title: 'Concurrent screening', slug: SLUG }, ['rita', 'sam']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    ({ ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: RECORDS }, (_, i) => ({ title: `Concurrent record ${i}` }))));
    const { id: ownerId } = await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow();
    await changeSettings(t.app.db, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    for (const client of reviewers) await client.get(TA);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('loses no decision and keeps every counter exact', async () => {
    // Each reviewer decides every record, some twice (a change of mind), all requests in flight at once.
    const requests = reviewers.flatMap((client, r) =>
      ids.flatMap((id, i) => {
        const first = (i + r) % 3 === 0 ? 'include' : 'exclude';
        const posts = [client.post(`${TA}/records/${id}`, { decision: first, note: `r${r}-${i}` })];
        if (i % 5 === 0) posts.push(client.post(`${TA}/records/${id}`, { decision: 'maybe', note: `r${r}-${i}-again` }));
        return posts;
      }),
    );
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 303)).toEqual([]);

    const decisions = await t.app.db.selectFrom('screeningDecision').select(['recordId', 'reviewerId', 'decision', 'note']).execute();
    expect(decisions).toHaveLength(RECORDS * 2);
    // Every record has exactly one decision per reviewer.
    const perRecord = new Map<number, number>();
    for (const d of decisions) perRecord.set(d.recordId, (perRecord.get(d.recordId) ?? 0) + 1);
    expect([...perRecord.values()].every((n) => n === 2)).toBe(true);
    const events = await t.app.db.selectFrom('screeningEvent').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(requests.length);

    const { counters, truth } = await countersAndTruth(t.app.database, reviewId);
    expect(counters).toEqual(truth);
    expect(counters.ta_screened + counters.ta_conflicts).toBe(RECORDS);
    const mine = await t.app.db.selectFrom('reviewCounter').select(['name', 'value']).where('name', 'like', 'ta_by:%').execute();
    expect(mine.map((m) => m.value)).toEqual([RECORDS, RECORDS]);
  });
});
