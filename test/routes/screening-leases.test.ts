import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncTitleAbstractItems } from '../../src/screening/screening-items.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const TEAM = 20;
const screenOf = (slug: string) => `/reviews/${slug}/screening/title-abstract`;
/** The record a screening page or fragment shows, or null for "nothing for you". */
const shownRecord = (html: string) => {
  const match = /data-record="(\d+)"/.exec(html);
  return match ? Number(match[1]) : null;
};
const timesShown = (records: Array<number | null>) => {
  const counts = new Map<number, number>();
  for (const id of records) if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};
// Each response carries its own CSRF token; nothing else on a page may differ between two views.
// The CSRF token and the time the card was rendered (read-first.ts) differ from one page to the next.
const withoutTokens = (html: string) => html.replace(/name="(?:_csrf|shown)" value="[^"]+"/g, '').replace(/x-csrf-token&quot;:&quot;[^&]+/g, '');

describe('a team spread over the records by leases', () => {
  let t: TestApp;
  let owner: Client;
  let ownerId: number;
  let team: Client[];
  const handles = Array.from({ length: TEAM }, (_, i) => `r${i + 1}`);

  /** A review with `records` records, the given reviewers, `needed` decisions per record, blind. */
  async function reviewWith(slug: string, records: number, needed: number, reviewers = handles) {
    await createReview(owner, { title: `Leases ${slug}`, slug }, reviewers);
    const reviewId = await reviewIdOf(t.app.db, slug);
    const { ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: records }, (_, i) => ({ title: `${slug} record ${i + 1}` })));
    await changeSettings(t.app.db, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: needed, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    await t.app.db.transaction().execute((trx) => syncTitleAbstractItems(trx, reviewId));
    return { reviewId, ids };
  }

  const leaseOf = async (reviewId: number, client: Client) => {
    const row = await t.app.db
      .selectFrom('screeningLease as l')
      .innerJoin('account as a', 'a.id', 'l.reviewerId')
      .select('l.recordId')
      .where('l.reviewId', '=', reviewId)
      .where('a.email', '=', `${handleOf(client)}@example.org`)
      .executeTakeFirst();
    return row?.recordId ?? null;
  };
  const handleOf = (client: Client) => handles[team.indexOf(client)]!;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ id: ownerId } = await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow());
    const people = await addPeople(t.app, owner, handles.map((h) => [`Reviewer ${h}`, h] as const));
    team = handles.map((h) => people[h]!);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('with two decisions per record, offers no record to more than two of twenty reviewers asking at once, and none is refused', async () => {
    const { reviewId, ids } = await reviewWith('pairs', 30, 2);
    const TA = screenOf('pairs');
    let pages = await Promise.all(team.map((client) => client.get(TA)));
    let refused = 0;
    for (let round = 1; round <= 3; round++) {
      const shown = pages.map((page) => shownRecord(page.body));
      // 30 records × 2 places: every reviewer gets a record in each of the three rounds.
      expect(shown.every((id) => id !== null)).toBe(true);
      expect(Math.max(...timesShown(shown).values())).toBeLessThanOrEqual(2);
      const answers = await Promise.all(team.map((client, i) => client.post(`${TA}/records/${shown[i]}`, { decision: i % 2 === 0 ? 'include' : 'exclude' }, { headers: fragment })));
      refused += answers.filter((answer) => answer.statusCode === 422).length;
      expect(answers.map((answer) => answer.statusCode).filter((status) => status !== 200 && status !== 422)).toEqual([]);
      pages = answers;
    }
    expect(refused).toBe(0);
    // Answered while the last records may still have been on others' screens: some may be told to look again.
    const heading = (html: string) => /<h2>([^<]+)<\/h2>/.exec(html)?.[1];
    for (const page of pages) expect(['Nothing free for you just now', 'Nothing left for you here']).toContain(heading(page.body));
    const again = await Promise.all(team.map((client) => client.get(TA)));
    expect(again.map((page) => heading(page.body))).toEqual(team.map(() => 'Nothing left for you here'));
    const perRecord = await t.app.db
      .selectFrom('screeningDecision')
      .select(['recordId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('reviewId', '=', reviewId)
      .groupBy('recordId')
      .execute();
    expect(perRecord).toHaveLength(ids.length);
    expect(perRecord.every((row) => Number(row.n) === 2)).toBe(true);
    // Nothing left to look at, nothing held.
    expect(await t.app.db.selectFrom('screeningLease').select('recordId').where('reviewId', '=', reviewId).execute()).toEqual([]);
  });

  it('with one decision per record, never gives two reviewers the same record', async () => {
    const TA = screenOf('solo');
    await reviewWith('solo', 25, 1);
    const first = (await Promise.all(team.map((client) => client.get(TA)))).map((page) => shownRecord(page.body));
    expect(new Set(first).size).toBe(TEAM);
    // Each decides and is handed the next at the same moment: 5 records are left for 20 people.
    const second = (await Promise.all(team.map((client, i) => client.post(`${TA}/records/${first[i]}`, { decision: 'exclude' }, { headers: fragment })))).map((page) => shownRecord(page.body));
    const given = second.filter((id) => id !== null);
    expect(given).toHaveLength(5);
    expect(new Set(given).size).toBe(5);
    expect(given.some((id) => first.includes(id))).toBe(false);
  });

  it('tells a reviewer when the rest are on others’ screens, and offers a record again once it is let go', async () => {
    const TA = screenOf('waiting');
    const { ids } = await reviewWith('waiting', 3, 2);
    const [a, b, c, d, e, f, late] = team as [Client, Client, Client, Client, Client, Client, Client];
    for (const client of [a, b, c, d, e, f]) await client.get(TA);
    const waiting = await late.get(TA);
    expect(shownRecord(waiting.body)).toBeNull();
    expect(waiting.body).toContain('Nothing free for you just now');
    expect(waiting.body).toContain(`<a href="${TA}">Look again</a>`);
    // A leaves the page: the browser's beacon lets go of the record on screen.
    const held = await leaseOf(await reviewIdOf(t.app.db, 'waiting'), a);
    expect(ids).toContain(held);
    const released = await a.post(`${TA}/release`, { record: String(held) });
    expect(released.statusCode).toBe(204);
    expect(shownRecord((await late.get(TA)).body)).toBe(held);
  });

  it('lets go of a lease on a decision, on a skip and on leaving, and moves it with the record on screen', async () => {
    const TA = screenOf('steps');
    const { reviewId, ids } = await reviewWith('steps', 6, 1);
    const [rita, sam, tess] = team as [Client, Client, Client];

    expect(shownRecord((await rita.get(TA)).body)).toBe(ids[0]);
    expect(shownRecord((await sam.get(TA)).body)).toBe(ids[1]);
    // Skip: Rita moves on past Sam's record, and the one she skipped is free again.
    expect(shownRecord((await rita.get(`${TA}?after=${ids[0]}`, fragment)).body)).toBe(ids[2]);
    expect(await leaseOf(reviewId, rita)).toBe(ids[2]);
    expect(shownRecord((await tess.get(TA)).body)).toBe(ids[0]);

    // A decision lets go at once, before the next record is asked for (here: no htmx, a redirect).
    const decided = await sam.post(`${TA}/records/${ids[1]}`, { decision: 'include' });
    expect(decided.statusCode).toBe(303);
    expect(await leaseOf(reviewId, sam)).toBeNull();
    expect(shownRecord((await sam.get(decided.headers.location as string)).body)).toBe(ids[3]);

    // Going back to a decided record is unaffected, and lets go of the record Sam was on.
    const back = await sam.get(`${TA}?record=${ids[1]}`);
    expect(shownRecord(back.body)).toBe(ids[1]);
    expect(back.body).toContain('You decided: <strong>Include</strong>');
    expect(await leaseOf(reviewId, sam)).toBeNull();
    // Opening a record by its address shows it whoever holds it, and holds it while it needs a decision.
    expect(shownRecord((await sam.get(`${TA}?record=${ids[3]}`)).body)).toBe(ids[3]);
    expect(await leaseOf(reviewId, sam)).toBe(ids[3]);

    // A late beacon from a record already left does not let go of the one on screen now.
    expect((await rita.post(`${TA}/release`, { record: String(ids[0]) })).statusCode).toBe(204);
    expect(await leaseOf(reviewId, rita)).toBe(ids[2]);
    // Leaving: the release route, with the CSRF token like any form.
    expect((await rita.post(`${TA}/release`, { record: String(ids[2]) }, { csrf: false })).statusCode).toBe(403);
    expect(await leaseOf(reviewId, rita)).toBe(ids[2]);
    expect((await rita.post(`${TA}/release`, { record: String(ids[2]) })).statusCode).toBe(204);
    expect(await leaseOf(reviewId, rita)).toBeNull();
    expect((await rita.post(`${TA}/release`, { record: 'x' })).statusCode).toBe(400);
  });

  it('accepts a decision on a record someone else is looking at while the record still needs it', async () => {
    const TA = screenOf('overlap');
    const { reviewId, ids } = await reviewWith('overlap', 2, 1);
    const [rita, sam] = team as [Client, Client];
    expect(shownRecord((await rita.get(TA)).body)).toBe(ids[0]);
    const decided = await sam.post(`${TA}/records/${ids[0]}`, { decision: 'exclude' });
    expect(decided.statusCode).toBe(303);
    const decisions = await t.app.db.selectFrom('screeningDecision').select('recordId').where('reviewId', '=', reviewId).execute();
    expect(decisions).toEqual([{ recordId: ids[0] }]);
    // Rita's place is gone with the decision Sam made: hers is refused as before, with the next record beside it.
    const late = await rita.post(`${TA}/records/${ids[0]}`, { decision: 'include' }, { headers: fragment });
    expect(late.statusCode).toBe(422);
    expect(late.body).toContain('This record already has the decision it needs.');
  });

  it('in blind mode, shows a record the same whether or not others are looking at it', async () => {
    const TA = screenOf('blind');
    const { ids } = await reviewWith('blind', 2, 2);
    const [rita, sam, tess] = team as [Client, Client, Client];
    const alone = await rita.get(`${TA}?record=${ids[1]}`);
    for (const other of [sam, tess]) await other.get(`${TA}?record=${ids[1]}`);
    await sam.post(`${TA}/records/${ids[1]}`, { decision: 'include', note: 'SAM-SECRET' });
    const watched = await rita.get(`${TA}?record=${ids[1]}`);
    expect(withoutTokens(watched.body)).toEqual(withoutTokens(alone.body));
  });
});
