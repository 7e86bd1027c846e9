import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { decide } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import type { ScreeningChoice } from '../../src/screening/stages.js';
import { minimalPdf } from '../support/pdf-fixture.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'conflicts';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const FT = `/reviews/${SLUG}/screening/full-text`;
const shownConflict = (html: string) => Number(/data-conflict="(\d+)"/.exec(html)?.[1] ?? 0);
const count = (html: string) => /<strong>(\d+)<\/strong> of <strong>(\d+)<\/strong> conflicts?/.exec(html)?.slice(1, 3).map(Number);

describe('resolving conflicts one at a time', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let ada: Client;
  let reviewId: number;
  let ids: number[];
  let reasons: number[];
  const finalEvents = (recordId: number) => t.app.db.selectFrom('screeningEvent').select('actorId').where('recordId', '=', recordId).where('kind', '=', 'final').execute();
  const item = (recordId: number) => t.app.db.selectFrom('screeningItem').select(['status', 'outcome', 'finalReasonId', 'finalNote']).where('recordId', '=', recordId).where('stage', '=', 'title_abstract').executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, ada } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam'], ['Ada Arbiter', 'ada']]));
    await createReview(owner, { title: 'Conflicts', slug: SLUG }, ['rita', 'sam', 'ada']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    ({ ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: 6 }, (_, i) => ({
      title: `Record ${i + 1} on desistance`,
      abstract: `Abstract ${i + 1}: social co-operatives and <b>reintegration</b>.`,
      year: 2010 + i,
    }))));
    reasons = (await t.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', 'title_abstract').orderBy('position').execute()).map((r) => r.id);
    const people = await t.app.db.selectFrom('account').select(['id', 'email']).execute();
    const idOf = (handle: string) => people.find((p) => p.email === `${handle}@example.org`)!.id;
    await changeSettings(t.app.db, { reviewId, actorId: 1 }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: idOf('ada') });
    // Rita and Sam disagree on records 1, 2, 3 and 5, agree on 4; record 6 waits for Sam.
    const plan: Array<[ScreeningChoice, ScreeningChoice]> = [['include', 'exclude'], ['maybe', 'include'], ['exclude', 'maybe'], ['include', 'include'], ['exclude', 'include']];
    for (const [i, [r, s]] of plan.entries()) {
      await decide(t.app.db, { reviewId, actorId: idOf('rita') }, { recordId: ids[i]!, stage: 'title_abstract', decision: r, reasonId: r === 'exclude' ? reasons[1]! : null, note: i === 0 ? 'RITA-NOTE' : '', labels: [] });
      await decide(t.app.db, { reviewId, actorId: idOf('sam') }, { recordId: ids[i]!, stage: 'title_abstract', decision: s, reasonId: s === 'exclude' ? reasons[2]! : null, note: i === 0 ? 'SAM-NOTE' : '', labels: [] });
    }
    await decide(t.app.db, { reviewId, actorId: idOf('rita') }, { recordId: ids[5]!, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows the first conflict with its abstract, every decision side by side, the keys and the count, to resolvers only', async () => {
    expect((await rita.get(`${TA}/conflicts`)).statusCode).toBe(403);
    expect((await rita.get(`${TA}/conflicts/list`)).statusCode).toBe(403);
    const page = await owner.get(`${TA}/conflicts`);
    expect(page.statusCode).toBe(200);
    expect(shownConflict(page.body)).toBe(ids[0]);
    expect(count(page.body)).toEqual([1, 4]);
    expect(page.body).toContain('Abstract 1: social co-operatives and &lt;b>reintegration&lt;/b>.');
    for (const text of ['Rita Reviewer', 'RITA-NOTE', 'Sam Second', 'SAM-NOTE']) expect(page.body).toContain(text);
    for (const key of ['i', 'm', 'e', '1', '2', 'n', 'j', '?']) expect(page.body).toContain(`data-shortcut="${key}"`);
    // The first has no previous one.
    expect(page.body).not.toContain('data-shortcut="k"');
    // Only one reviewer excluded, with a reason: E excludes with it.
    expect(page.body).toMatch(new RegExp(`id="resolve-exclude" type="submit" name="reason" value="${reasons[2]}"`));
    // The arbiter resolves too; the list view holds every conflict.
    const list = await ada.get(`${TA}/conflicts/list`);
    expect([...list.body.matchAll(/data-conflict="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([ids[0], ids[1], ids[2], ids[4]]);
  });

  it('moves between conflicts in place with J and K, and answers nonsense with a clear 4xx', async () => {
    const next = await owner.get(`${TA}/conflicts?record=${ids[1]}`, fragment);
    expect(next.statusCode).toBe(200);
    expect(next.body.startsWith('<div id="screen"')).toBe(true);
    expect(count(next.body)).toEqual([2, 4]);
    expect(next.body).toContain(`href="${TA}/conflicts?record=${ids[0]}"`);
    expect(next.body).toContain(`href="${TA}/conflicts?record=${ids[2]}"`);
    // Nobody excluded record 2: E excludes without a reason, which title and abstract allows.
    expect(next.body).toContain('id="resolve-exclude" type="submit" name="decision" value="exclude"');
    // A record that is no conflict gives way to the next one that is.
    const agreed = await owner.get(`${TA}/conflicts?record=${ids[3]}`);
    expect(shownConflict(agreed.body)).toBe(ids[4]);
    expect(agreed.body).toContain('That record is no longer a conflict');
    expect((await owner.get(`${TA}/conflicts?record=abc`)).statusCode).toBe(400);
    expect((await owner.get(`/reviews/${SLUG}/screening/nowhere/conflicts`)).statusCode).toBe(404);
    const bad = await owner.post(`${TA}/records/${ids[1]}/resolve`, { decision: 'perhaps' }, { headers: fragment });
    expect(bad.statusCode).toBe(422);
    expect(shownConflict(bad.body)).toBe(ids[1]);
    expect((await owner.post(`${TA}/records/${ids[1]}/resolve`, { reason: '999999' }, { headers: fragment })).statusCode).toBe(422);
    expect((await owner.post(`${TA}/records/${ids[1]}/resolve`, { reason: 'x'.repeat(50) }, { headers: fragment })).statusCode).toBe(422);
    expect((await owner.post(`${TA}/records/999999/resolve`, { decision: 'include' }, { headers: fragment })).statusCode).toBe(404);
    expect((await owner.post(`${TA}/records/${ids[1]}/resolve`, { decision: 'include', shown: 'yesterday' }, { headers: fragment })).statusCode).toBe(422);
    // Sent in the moment after the conflict appeared: meant for the one before it, so not recorded.
    const hasty = await owner.post(`${TA}/records/${ids[1]}/resolve`, { decision: 'include', shown: String(Date.now()) }, { headers: fragment });
    expect(hasty.statusCode).toBe(409);
    expect(hasty.body).toContain('Not recorded: this conflict had been on your screen for');
    expect(shownConflict(hasty.body)).toBe(ids[1]);
    expect(await finalEvents(ids[1]!)).toEqual([]);
  });

  it('resolves with a key’s value and swaps in the next conflict, its address pushed', async () => {
    const resolved = await owner.post(`${TA}/records/${ids[1]}/resolve`, { decision: 'include', note: 'Agreed at the meeting', shown: String(Date.now() - 5000) }, { headers: fragment });
    expect(resolved.statusCode).toBe(200);
    expect(shownConflict(resolved.body)).toBe(ids[2]);
    expect(count(resolved.body)).toEqual([2, 3]);
    expect(resolved.body).toContain('Final decision, include: “Record 2 on desistance”');
    expect(resolved.headers['hx-push-url']).toBe(`${TA}/conflicts?record=${ids[2]}`);
    expect(await item(ids[1]!)).toEqual({ status: 'decided', outcome: 'include', finalReasonId: null, finalNote: 'Agreed at the meeting' });

    // A number key sends its reason: an exclusion with it.
    const excluded = await owner.post(`${TA}/records/${ids[2]}/resolve`, { reason: String(reasons[0]) }, { headers: fragment });
    expect(excluded.statusCode).toBe(200);
    expect(await item(ids[2]!)).toMatchObject({ outcome: 'exclude', finalReasonId: reasons[0] });
    // After the last one in order, round to those left before it.
    expect(shownConflict(excluded.body)).toBe(ids[4]);
    expect((await readCounters(t.app.db, reviewId)).ta_conflicts).toBe(2);
  });

  it('lets only the first of two resolvers of the same conflict write; the second is told who did', async () => {
    const [first, second] = await Promise.all([
      owner.post(`${TA}/records/${ids[4]}/resolve`, { decision: 'include' }, { headers: fragment }),
      ada.post(`${TA}/records/${ids[4]}/resolve`, { decision: 'exclude' }, { headers: fragment }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const events = await finalEvents(ids[4]!);
    expect(events).toHaveLength(1);
    const winner = await t.app.db.selectFrom('account').select('name').where('id', '=', events[0]!.actorId).executeTakeFirstOrThrow();
    const loser = first.statusCode === 409 ? first : second;
    const outcome = (await item(ids[4]!)).outcome;
    expect(outcome).toBe(loser === first ? 'exclude' : 'include');
    expect(loser.body).toContain(`${winner.name} has already resolved this conflict: ${outcome === 'include' ? 'Include' : 'Exclude'}.`);
    // The loser is shown the conflict still waiting, not the one that is gone.
    expect(shownConflict(loser.body)).toBe(ids[0]);
    // Sent again (a double key press, a second tab), the same answer and still one write.
    expect((await owner.post(`${TA}/records/${ids[4]}/resolve`, { decision: 'maybe' }, { headers: fragment })).statusCode).toBe(409);
    expect(await finalEvents(ids[4]!)).toHaveLength(1);
    expect((await readCounters(t.app.db, reviewId)).ta_conflicts).toBe(1);
  });

  it('at full text, asks for a reason only to exclude, and offers the excluding reviewer’s', async () => {
    // Record 4 was included at title and abstract; at full text Rita includes it and Sam excludes it with a reason.
    const ftReasons = (await t.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', 'full_text').orderBy('position').execute()).map((r) => r.id);
    const people = await t.app.db.selectFrom('account').select(['id', 'email']).execute();
    const as = (handle: string) => ({ reviewId, actorId: people.find((p) => p.email === `${handle}@example.org`)!.id });
    await changeSettings(t.app.db, { reviewId, actorId: 1 }, 'full_text', { reviewersNeeded: 2, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    await decide(t.app.db, as('rita'), { recordId: ids[3]!, stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
    await decide(t.app.db, as('sam'), { recordId: ids[3]!, stage: 'full_text', decision: 'exclude', reasonId: ftReasons[1]!, note: '', labels: [] });
    await owner.get(`/reviews/${SLUG}/records/${ids[3]}`);
    const attached = await owner.postMultipart(`/reviews/${SLUG}/records/${ids[3]}/full-text`, { _csrf: owner.csrfToken }, [{ field: 'pdf', name: 'report.pdf', content: minimalPdf('The report') }]);
    expect(attached.statusCode).toBeLessThan(400);
    const page = await owner.get(`${FT}/conflicts`);
    expect(shownConflict(page.body)).toBe(ids[3]);
    // The report is read beside the decisions, as on the screening page.
    expect(page.body).toContain(`href="/reviews/${SLUG}/records/${ids[3]}/full-text.pdf?v=`);
    expect(page.body).toContain('(required at full text)');
    expect(page.body).toContain(`id="resolve-exclude" type="submit" name="reason" value="${ftReasons[1]}"`);
    // Without a reason (a form sent without script), the same conflict again with what is missing.
    const refused = await owner.post(`${FT}/records/${ids[3]}/resolve`, { decision: 'exclude' }, { headers: fragment });
    expect(refused.statusCode).toBe(422);
    expect(shownConflict(refused.body)).toBe(ids[3]);
    expect(refused.body).toContain('Give a reason for excluding a full text');
    expect(await finalEvents(ids[3]!)).toEqual([]);
    expect((await owner.post(`${FT}/records/${ids[3]}/resolve`, { decision: 'include' }, { headers: fragment })).statusCode).toBe(200);
    // Included at title and abstract but no conflict there: its title-and-abstract resolution is refused.
    expect((await owner.post(`${TA}/records/${ids[3]}/resolve`, { decision: 'exclude' }, { headers: fragment })).statusCode).toBe(409);
  });

  it('says where to go on once none are left; a form without script lands on the page with the message', async () => {
    const plain = await owner.post(`${TA}/records/${ids[0]}/resolve`, { reason: String(reasons[2]) });
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe(`${TA}/conflicts`);
    const done = await owner.get(plain.headers.location as string);
    expect(done.body).toContain('Final decision, exclude: “Record 1 on desistance”');
    expect(done.body).toContain('No conflicts left');
    expect(done.body).toContain(`href="/reviews/${SLUG}/screening/full-text"`);
    expect(done.body).toContain(`href="/reviews/${SLUG}"`);
    expect(shownConflict(done.body)).toBe(0);
    expect((await readCounters(t.app.db, reviewId)).ta_conflicts).toBe(0);
  });
});
