/**
 * Blind screening must not leak through anything a reviewer can ask for (issue 12): two reviews,
 * identical but for another reviewer's decisions, must answer a blind reviewer who does not resolve
 * conflicts byte for byte alike — the answers to their own decisions and undo, the progress, the
 * Overview, lists and filters, record pages, agreement, PRISMA, exports, coding and synthesis. The
 * owner (who resolves) still sees the team's results, and so does everyone once blind mode is off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreeningChoice } from '../../src/db/schema.js';
import { decide } from '../../src/screening/screening-service.js';
import { changeSettings, type SettingsChange } from '../../src/screening/settings-service.js';
import { BLIND_TITLE_ABSTRACT, blindResults } from '../../src/screening/visibility.js';
import { normaliseAnswer, probedPages } from '../support/blind-probe.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'blind';
const BASE = `/reviews/${SLUG}`;
const TA = `${BASE}/screening/title-abstract`;
const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const RECORDS = 6;
/** B's decisions on the first four records, in the review where B has screened. */
const B_DECIDES: ScreeningChoice[] = ['include', 'include', 'exclude', 'exclude'];
/** A's decisions on all six, in queue order: agreeing and disagreeing with B, and on records B left. */
const A_DECIDES: ScreeningChoice[] = ['include', 'exclude', 'include', 'exclude', 'include', 'exclude'];

interface Instance {
  t: TestApp;
  owner: Client;
  a: Client;
  b: Client;
  reviewId: number;
  records: number[];
  ids: { owner: number; a: number; b: number };
}

/** One app: an owner, reviewers A and B, and a review of six records screened blind by two reviewers each. */
async function instance(): Promise<Instance> {
  const t = await createTestApp();
  const owner = await setupOwner(t.app);
  const { ann: a, ben: b } = await addPeople(t.app, owner, [['Ann Able', 'ann'], ['Ben Baker', 'ben']]);
  await createReview(owner, { title: 'Blind review', slug: SLUG }, ['ann', 'ben']);
  const reviewId = await reviewIdOf(t.app.db, SLUG);
  const accounts = await t.app.db.selectFrom('account').select(['id', 'email']).execute();
  const idOf = (email: string) => accounts.find((x) => x.email === email)!.id;
  const ids = { owner: idOf('owner@example.org'), a: idOf('ann@example.org'), b: idOf('ben@example.org') };
  const { ids: records } = await insertSearch(t.app.db, reviewId, Array.from({ length: RECORDS }, (_, i) => ({ title: `Study ${i + 1} of work after prison`, abstract: `Abstract ${i + 1}.`, year: 2010 + i })));
  await settings({ t, reviewId, ids }, 'title_abstract', { blind: true });
  return { t, owner, a, b, reviewId, records, ids };
}

const settings = (i: Pick<Instance, 't' | 'reviewId' | 'ids'>, stage: 'title_abstract' | 'full_text', change: Partial<SettingsChange>) =>
  changeSettings(i.t.app.db, { reviewId: i.reviewId, actorId: i.ids.owner }, stage, {
    reviewersNeeded: 2, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null, ...change,
  });

/** Everything reviewer A asks for and is answered, in order, with its status: A's screening, then every page. */
async function whatASees(i: Instance): Promise<Array<[string, string]>> {
  const seen: Array<[string, string]> = [];
  const note = (what: string, response: { statusCode: number; body: string }) => seen.push([what, `${response.statusCode}\n${normaliseAnswer(response.body)}`]);
  note('screening page', await i.a.get(TA));
  for (const [n, decision] of A_DECIDES.entries()) {
    note(`decision ${n + 1}`, await i.a.post(`${TA}/records/${i.records[n]}`, { decision, note: '', labels: '' }, { headers: fragment }));
    // Probing with undo: take the decision back and make it again.
    note(`undo ${n + 1}`, await i.a.post(`${TA}/undo`, {}, { headers: fragment }));
    note(`again ${n + 1}`, await i.a.post(`${TA}/records/${i.records[n]}`, { decision, note: '', labels: '' }, { headers: fragment }));
  }
  for (const url of probedPages(BASE, i.records, i.ids.b)) note(url, await i.a.get(url));
  for (const url of [`${BASE}/records/${i.records[0]}/full-text`, `${BASE}/records/${i.records[0]}/full-text?viewer=0`]) note(`fragment ${url}`, await i.a.get(url, fragment));
  // Deciding or marking at full text, where B's and A's includes would have sent records.
  note('full-text decision', await i.a.post(`${BASE}/screening/full-text/records/${i.records[0]}`, { decision: 'include', note: '', labels: '' }, { headers: fragment }));
  note('retrieval', await i.a.post(`${BASE}/records/${i.records[0]}/full-text/retrieval`, { notRetrieved: '1' }, { headers: fragment }));
  note('bulk at full text', await i.a.post(`${BASE}/records/bulk`, { stage: 'full-text', decision: 'include', records: String(i.records[0]) }, { headers: fragment }));
  return seen;
}

describe('blind screening: nothing a blind reviewer sees depends on the other reviewer’s decisions', () => {
  let withB: Instance;
  let withoutB: Instance;

  beforeAll(async () => {
    [withB, withoutB] = [await instance(), await instance()];
    for (const [n, decision] of B_DECIDES.entries()) {
      await decide(withB.t.app.db, { reviewId: withB.reviewId, actorId: withB.ids.b }, { recordId: withB.records[n]!, stage: 'title_abstract', decision, reasonId: null, note: 'B was here', labels: ['b-label'] });
    }
  }, 120_000);

  afterAll(async () => {
    await withB?.t.close();
    await withoutB?.t.close();
  });

  it('answers reviewer A alike, page by page and fragment by fragment, whether or not B has decided', async () => {
    expect(withB.records).toEqual(withoutB.records);
    const [seenWith, seenWithout] = [await whatASees(withB), await whatASees(withoutB)];
    expect(seenWith.map(([what]) => what)).toEqual(seenWithout.map(([what]) => what));
    for (const [n, [what, body]] of seenWith.entries()) expect(body, what).toBe(seenWithout[n]![1]);
    // The runs did differ underneath: B's decisions made conflicts and sent records on to full text.
    const counters = await withB.t.app.db.selectFrom('reviewCounter').select(['name', 'value']).where('reviewId', '=', withB.reviewId).where('name', 'in', ['ta_conflicts', 'ft_items']).execute();
    expect(Object.fromEntries(counters.map((c) => [c.name, c.value]))).toEqual({ ta_conflicts: 2, ft_items: 1 });
    // And A was told why, never how many.
    expect((await withB.a.get(BASE)).body).toContain('Hidden while title and abstract screening is blind.');
    const screening = (await withB.a.get(TA)).body;
    expect(screening).toContain(blindResults('title_abstract'));
    expect(screening).not.toMatch(/Team: |conflicts?</);
    const fullText = (await withB.a.get(`${BASE}/screening/full-text`)).body;
    expect(fullText).toContain(BLIND_TITLE_ABSTRACT);
    expect(fullText).not.toContain(blindResults('full_text'));
    expect((await withB.a.get(`${BASE}/coding`)).statusCode).toBe(403);
    // Nor the reports attached at full text, which follow its records.
    expect((await withB.a.get(`${BASE}/records/${withB.records[0]}`)).body).not.toContain('full-text-panel');
    expect((await withB.a.get(`${BASE}/records/${withB.records[0]}/full-text`, fragment)).statusCode).toBe(403);
    // Undo from the history, aimed at B's changes by number, finds nothing, as for a change that never was.
    const benEvent = await withB.t.app.db.selectFrom('screeningEvent').select('id').where('reviewerId', '=', withB.ids.b).executeTakeFirstOrThrow();
    const [theirs, none] = [await withB.a.post(`${BASE}/screening/events/${benEvent.id}/undo`, {}, { headers: fragment }), await withB.a.post(`${BASE}/screening/events/99999/undo`, {}, { headers: fragment })];
    expect([theirs.statusCode, normaliseAnswer(theirs.body)]).toEqual([404, normaliseAnswer(none.body)]);
  });

  it('shows the owner, who resolves conflicts, the team’s progress, conflicts and results', async () => {
    const screening = (await withB.owner.get(TA)).body;
    expect(screening).toMatch(/Team: <strong>2<\/strong> of 6 done/);
    expect(screening).toContain('2 conflicts');
    const overview = (await withB.owner.get(BASE)).body;
    expect(overview).not.toContain('Hidden while');
    expect(overview).toContain('2 conflicts');
    expect((await withB.owner.get(`${BASE}/screening/full-text`)).body).toContain(`data-record="${withB.records[0]}"`);
    expect((await withB.owner.get(`${BASE}/records?conflict=1`)).body).toContain(`/records/${withB.records[1]}`);
    expect((await withB.owner.get(`${BASE}/prisma`)).body).toContain('prisma-figure');
  });

  it('keeps full-text conflicts from a full-text arbiter to whom title and abstract is blind', async () => {
    await settings(withB, 'full_text', { arbiterId: withB.ids.a });
    for (const path of ['conflicts', 'conflicts/list']) {
      const answer = await withB.a.get(`${BASE}/screening/full-text/${path}`);
      expect([answer.statusCode, answer.body.includes(BLIND_TITLE_ABSTRACT)], path).toEqual([403, true]);
    }
    await settings(withB, 'full_text', { arbiterId: null });
  });

  it('shows every member the team’s results once an owner turns blind screening off', async () => {
    await settings(withB, 'title_abstract', { blind: false });
    const screening = (await withB.a.get(TA)).body;
    expect(screening).toMatch(/Team: <strong>2<\/strong> of 6 done/);
    expect(screening).toContain('2 conflicts');
    expect((await withB.a.get(BASE)).body).toContain('2 conflicts');
    // The record both included reached full text (where the owner, screening it, holds it just now).
    expect((await withB.a.get(`${BASE}/screening/full-text`)).body).toMatch(/Team: <strong>0<\/strong> of 1 done/);
    expect((await withB.a.get(`${BASE}/records?reviewer=${withB.ids.b}&decision=include`)).body).toContain(`/records/${withB.records[1]}`);
    expect((await withB.a.get(`${BASE}/coding`)).statusCode).toBe(200);
    // Full text blind on its own hides full text's results (the included studies) but not title and abstract's.
    await settings(withB, 'full_text', { blind: true });
    const overview = (await withB.a.get(BASE)).body;
    expect(overview).toContain('Hidden while full text screening is blind.');
    expect(overview).not.toContain('Hidden while title and abstract');
    expect((await withB.a.get(`${BASE}/coding`)).statusCode).toBe(403);
    expect((await withB.a.get(`${BASE}/prisma.csv`)).statusCode).toBe(403);
    expect((await withB.a.get(`${BASE}/prisma-1.1.1.csv`)).statusCode).toBe(403);
    expect((await withB.a.get(TA)).body).toContain('2 conflicts');
  });
});
