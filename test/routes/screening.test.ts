import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'desistance';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const FT = `/reviews/${SLUG}/screening/full-text`;
const shownRecord = (html: string) => Number(/data-record="(\d+)"/.exec(html)?.[1]);

describe('the screening page', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let sam: Client;
  let outsider: Client;
  let reviewId: number;
  let ids: number[];
  let reasons: number[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, sam, otto: outsider } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam'], ['Otto Outsider', 'otto']]));
    await createReview(owner, { title: 'Desistance and co-operatives', slug: SLUG }, ['rita', 'sam']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    await t.app.db.insertInto('highlightTerm').values([{ reviewId, polarity: 'include', term: 'desistance' }, { reviewId, polarity: 'exclude', term: 'prison*' }]).execute();
    ({ ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: 5 }, (_, i) => ({
      title: `Record ${i + 1}: work and Désistance`,
      abstract: `Abstract ${i + 1} about prisoners and <script>alert(1)</script> co-operatives.\n\nSecond paragraph.`,
      keywords: ['desistance', 'employment'],
      year: 2015 + i,
    }))));
    reasons = (await t.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', 'title_abstract').orderBy('position').execute()).map((r) => r.id);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows the first record with terms marked in two colours, reasons on number keys, and progress', async () => {
    const page = await rita.get(TA);
    expect(page.statusCode).toBe(200);
    expect(shownRecord(page.body)).toBe(ids[0]);
    expect(page.body).toContain('<mark class="term-include">Désistance</mark>');
    expect(page.body).toContain('<mark class="term-exclude">prisoners</mark>');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
    for (const key of ['i', 'm', 'e', '1', '2', 'n', 'j', '?']) expect(page.body).toContain(`data-shortcut="${key}"`);
    expect(page.body).toMatch(/You: <strong>0<\/strong> decided/);
    expect(page.body).toMatch(/Team: <strong>0<\/strong> of 5 done/);
  });

  it('records a decision and answers with the next record in place, then undoes it', async () => {
    const decided = await rita.post(`${TA}/records/${ids[0]}`, { decision: 'include', note: 'Clearly in scope', labels: 'qualitative, UK' }, { headers: fragment });
    expect(decided.statusCode).toBe(200);
    expect(decided.body.startsWith('<div id="screen"')).toBe(true);
    expect(shownRecord(decided.body)).toBe(ids[1]);
    expect(decided.body).toContain('Include: “Record 1: work and Désistance”. Press U to undo.');
    expect(decided.body).toMatch(/You: <strong>1<\/strong> decided/);
    expect(decided.headers['hx-push-url']).toBe(`${TA}?record=${ids[1]}`);

    // A reason button is an exclusion with that reason.
    const excluded = await rita.post(`${TA}/records/${ids[1]}`, { reason: String(reasons[1]) }, { headers: fragment });
    expect(shownRecord(excluded.body)).toBe(ids[2]);
    const stored = await t.app.db.selectFrom('screeningDecision').select(['decision', 'reasonId', 'note', 'labelsJson']).where('recordId', 'in', [ids[0]!, ids[1]!]).orderBy('recordId').execute();
    expect(stored).toEqual([
      { decision: 'include', reasonId: null, note: 'Clearly in scope', labelsJson: '["qualitative","UK"]' },
      { decision: 'exclude', reasonId: reasons[1], note: '', labelsJson: '[]' },
    ]);

    const undone = await rita.post(`${TA}/undo`, {}, { headers: fragment });
    expect(shownRecord(undone.body)).toBe(ids[1]);
    expect(undone.body).toContain('Undone');
    expect(await t.app.db.selectFrom('screeningDecision').select('recordId').where('recordId', '=', ids[1]!).execute()).toEqual([]);
    expect((await readCounters(t.app.db, reviewId)).ta_excluded).toBe(0);
  });

  it('goes back to a decided record and lets the reviewer change their mind', async () => {
    const page = await rita.get(`${TA}?record=${ids[0]}`);
    expect(page.body).toContain('You decided: <strong>Include</strong>');
    expect(page.body).toContain('Clearly in scope');
    const changed = await rita.post(`${TA}/records/${ids[0]}`, { decision: 'maybe', note: 'Clearly in scope' }, { headers: fragment });
    expect(changed.statusCode).toBe(200);
    const c = await readCounters(t.app.db, reviewId);
    expect([c.ta_included, c.ta_maybe, c.ft_items]).toEqual([0, 1, 1]);
  });

  it('skips to the next record and wraps round', async () => {
    const skipped = await rita.get(`${TA}?after=${ids[4]}`, fragment);
    expect(shownRecord(skipped.body)).toBe(ids[1]);
  });

  it('refuses broken and hostile input calmly, changing nothing', async () => {
    const before = await t.app.db.selectFrom('screeningDecision').selectAll().execute();
    const bad = await rita.post(`${TA}/records/${ids[2]}`, { decision: 'delete-everything' }, { headers: fragment });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Choose include, maybe or exclude.');
    expect(shownRecord(bad.body)).toBe(ids[2]);
    expect((await rita.post(`${TA}/records/${ids[2]}`, { reason: '99999' }, { headers: fragment })).statusCode).toBe(422);
    expect((await rita.post(`${TA}/records/${ids[2]}`, { reason: 'abc' })).statusCode).toBe(422);
    expect((await rita.post(`${TA}/records/${ids[2]}`, { decision: 'include', note: 'x'.repeat(5000) })).statusCode).toBe(422);
    expect((await rita.post(`${TA}/records/${ids[2]}`, { decision: 'include' }, { csrf: false })).statusCode).toBe(403);
    expect((await rita.post(`${TA}/records/99999999`, { decision: 'include' })).statusCode).toBe(404);
    expect((await rita.post(`${TA}/records/1e3`, { decision: 'include' })).statusCode).toBe(404);
    expect((await rita.post(`/reviews/${SLUG}/screening/everything/records/${ids[2]}`, { decision: 'include' })).statusCode).toBe(404);
    expect((await rita.get(`${TA}?record=99999999`)).statusCode).toBe(404);
    // Not included at title/abstract, so not at full text.
    expect((await rita.get(`${FT}?record=${ids[3]}`)).statusCode).toBe(404);
    expect((await rita.post(`${FT}/records/${ids[3]}`, { decision: 'include' })).statusCode).toBe(422);
    expect(await t.app.db.selectFrom('screeningDecision').selectAll().execute()).toEqual(before);
  });

  it('requires a reason to exclude at full text', async () => {
    const page = await rita.get(FT);
    expect(shownRecord(page.body)).toBe(ids[0]);
    expect(page.body).toContain('required at full text');
    const refused = await rita.post(`${FT}/records/${ids[0]}`, { decision: 'exclude' }, { headers: fragment });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Give a reason for excluding a full text');
  });

  it('in blind pairs, never shows one reviewer the other’s decision, note or reason', async () => {
    await changeSettings(t.app.db, { reviewId, actorId: 1 }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    await sam.get(TA);
    await sam.post(`${TA}/records/${ids[2]}`, { reason: String(reasons[0]), note: 'SAM-SECRET-NOTE' });
    const ritaSees = await rita.get(`${TA}?record=${ids[2]}`);
    expect(ritaSees.body).toContain('Blind screening: other reviewers’ decisions stay hidden.');
    expect(ritaSees.body).not.toContain('SAM-SECRET-NOTE');
    expect(ritaSees.body).not.toContain('Sam Second');
    // Rita decides differently: a conflict. Still hidden from her, shown to the owner.
    await rita.post(`${TA}/records/${ids[2]}`, { decision: 'include' });
    expect((await rita.get(`${TA}?record=${ids[2]}`)).body).not.toContain('SAM-SECRET-NOTE');
    const ownerSees = await owner.get(`${TA}?record=${ids[2]}`);
    expect(ownerSees.body).toContain('SAM-SECRET-NOTE');
    expect(ownerSees.body).toContain('Sam Second');
  });

  it('lists conflicts for resolvers only, with both decisions, and records the final decision apart', async () => {
    expect((await rita.get(`${TA}/conflicts`)).statusCode).toBe(403);
    const page = await owner.get(`${TA}/conflicts`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-conflict="${ids[2]}"`);
    expect(page.body).toContain('SAM-SECRET-NOTE');
    expect((await rita.post(`${TA}/records/${ids[2]}/resolve`, { decision: 'include' })).statusCode).toBe(403);
    const bad = await owner.post(`${TA}/records/${ids[2]}/resolve`, { decision: 'perhaps' }, { headers: fragment });
    expect(bad.statusCode).toBe(422);
    const resolved = await owner.post(`${TA}/records/${ids[2]}/resolve`, { decision: 'exclude', reason: String(reasons[2]), note: 'Agreed at meeting' }, { headers: fragment });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.body).toContain('Final decision, exclude: “Record 3: work and Désistance”');
    expect(resolved.body).not.toContain(`data-conflict="${ids[2]}"`);
    const item = await t.app.db.selectFrom('screeningItem').select(['status', 'outcome', 'finalNote']).where('recordId', '=', ids[2]!).where('stage', '=', 'title_abstract').executeTakeFirstOrThrow();
    expect(item).toEqual({ status: 'decided', outcome: 'exclude', finalNote: 'Agreed at meeting' });
    expect((await readCounters(t.app.db, reviewId)).ta_conflicts).toBe(0);
  });

  it('lets owners change how a stage is screened, and refuses nonsense', async () => {
    expect((await rita.get(`/reviews/${SLUG}/screening/settings`)).statusCode).toBe(403);
    const page = await owner.get(`/reviews/${SLUG}/screening/settings`);
    expect(page.statusCode).toBe(200);
    const save = (fields: Record<string, string>) => owner.post(`/reviews/${SLUG}/screening/settings/full-text`, { reviewersNeeded: '2', recordOrder: 'random', orderSeed: '7', ...fields });
    expect((await save({ reviewersNeeded: '9' })).statusCode).toBe(422);
    expect((await save({ recordOrder: 'alphabetical' })).statusCode).toBe(422);
    expect((await save({ orderSeed: '-3' })).statusCode).toBe(422);
    expect((await save({ arbiterId: '99999' })).statusCode).toBe(422);
    const saved = await save({ blind: '1' });
    expect(saved.statusCode).toBe(303);
    const row = await t.app.db.selectFrom('screeningSetting').select(['reviewersNeeded', 'blind', 'recordOrder', 'orderSeed']).where('reviewId', '=', reviewId).where('stage', '=', 'full_text').executeTakeFirstOrThrow();
    expect(row).toEqual({ reviewersNeeded: 2, blind: 1, recordOrder: 'random', orderSeed: 7 });
    expect((await t.app.db.selectFrom('auditEvent').select('id').where('action', '=', 'screening.settings').execute()).length).toBeGreaterThanOrEqual(1);
  });

  it('is a 404 for people outside the review', async () => {
    expect((await outsider.get(TA)).statusCode).toBe(404);
    await outsider.get('/reviews');
    expect((await outsider.post(`${TA}/records/${ids[0]}`, { decision: 'include' })).statusCode).toBe(404);
  });
});
