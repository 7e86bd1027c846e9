import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/screening/screening-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'desistance';

describe('"Not retrieved" on the screening page', () => {
  let t: TestApp;
  let owner: Client;
  let ids: number[];
  const status = (recordId: number) =>
    t.app.db.selectFrom('screeningItem').select('status').where('recordId', '=', recordId).where('stage', '=', 'full_text').executeTakeFirstOrThrow().then((r) => r.status);
  const retrieval = (recordId: number) => `/reviews/${SLUG}/records/${recordId}/full-text/retrieval`;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Desistance and co-operatives', slug: SLUG });
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    ({ ids } = await insertSearch(t.app.db, reviewId, [{ title: 'First' }, { title: 'Second' }, { title: 'Third' }]));
    const actorId = (await t.app.db.selectFrom('account').select('id').executeTakeFirstOrThrow()).id;
    for (const recordId of ids) await decide(t.app.db, { reviewId, actorId }, { recordId, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    await owner.get(`/reviews/${SLUG}/screening/full-text`);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('moves on to the next record once the report is marked, with the message on the page it lands on', async () => {
    const marked = await owner.post(retrieval(ids[0]!), { notRetrieved: '1', then: 'next' }, { headers: fragment });
    expect(marked.statusCode).toBe(204);
    expect(marked.headers['hx-redirect']).toBe(`/reviews/${SLUG}/screening/full-text?after=${ids[0]}`);
    expect(await status(ids[0]!)).toBe('not_retrieved');
    const next = await owner.get(marked.headers['hx-redirect'] as string);
    expect(next.body).toContain('Marked not retrieved');
    expect(Number(/data-record="(\d+)"/.exec(next.body)?.[1])).toBe(ids[1]);
  });

  it('stays on the panel for anything else: marking it retrieved again, or another "then"', async () => {
    const back = await owner.post(retrieval(ids[0]!), { notRetrieved: '0', then: 'next' }, { headers: fragment });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('Marked retrieved');
    const elsewhere = await owner.post(retrieval(ids[2]!), { notRetrieved: '1', then: 'https://attacker.example/' }, { headers: fragment });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.headers['hx-redirect']).toBeUndefined();
    expect(await status(ids[2]!)).toBe('not_retrieved');
  });
});
