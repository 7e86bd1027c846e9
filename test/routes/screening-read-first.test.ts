import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_ON_SCREEN_MS } from '../../src/screening/read-first.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'desistance';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const shownRecord = (html: string) => Number(/data-record="(\d+)"/.exec(html)?.[1]);
const shownAt = (html: string) => Number(/name="shown" value="(\d+)"/.exec(html)?.[1]);

describe('a decision names when its record was put on screen', () => {
  let t: TestApp;
  let owner: Client;
  let ids: number[];
  const decisions = () => t.app.db.selectFrom('screeningDecision').select(['recordId', 'decision']).orderBy('recordId').execute();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Desistance and co-operatives', slug: SLUG });
    ({ ids } = await insertSearch(t.app.db, await reviewIdOf(t.app.db, SLUG), [{ title: 'First' }, { title: 'Second' }, { title: 'Third' }]));
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('refuses, writing nothing, a decision on a record shown for less than a moment: the second click of a double click', async () => {
    const page = await owner.get(TA);
    expect(shownRecord(page.body)).toBe(ids[0]);
    const first = await owner.post(`${TA}/records/${ids[0]}`, { decision: 'exclude', shown: String(Date.now() - MIN_ON_SCREEN_MS) }, { headers: fragment });
    expect(first.statusCode).toBe(200);
    expect(shownRecord(first.body)).toBe(ids[1]);

    // The second click lands on the record that has just arrived, with the stamp its card came with.
    const second = await owner.post(`${TA}/records/${ids[1]}`, { decision: 'exclude', shown: String(shownAt(first.body)) }, { headers: fragment });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Not recorded: this record had been on your screen for');
    expect(shownRecord(second.body)).toBe(ids[1]);
    expect(await decisions()).toEqual([{ recordId: ids[0], decision: 'exclude' }]);

    // Read for a moment, the same record is decided.
    const later = await owner.post(`${TA}/records/${ids[1]}`, { decision: 'include', shown: String(shownAt(second.body) - MIN_ON_SCREEN_MS) }, { headers: fragment });
    expect(later.statusCode).toBe(200);
    expect(await decisions()).toEqual([{ recordId: ids[0], decision: 'exclude' }, { recordId: ids[1], decision: 'include' }]);
  });

  it('answers a stamp that is no time with a 422, and a plain form too gets the refusal as a page', async () => {
    const bad = await owner.post(`${TA}/records/${ids[2]}`, { decision: 'include', shown: 'yesterday' }, { headers: fragment });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Reload the page and decide again.');
    const plain = await owner.post(`${TA}/records/${ids[2]}`, { decision: 'include', shown: String(Date.now()) });
    expect(plain.statusCode).toBe(409);
    expect(plain.body).toContain('Not recorded');
    expect((await decisions()).map((d) => d.recordId)).not.toContain(ids[2]);
  });
});
