import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { decide, type DecisionInput } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const TA = 'title_abstract' as const;
const FT = 'full_text' as const;
const ADA_NOTE = 'ADA-SECRET-NOTE';

/** Record ids listed on a page, in order. */
function listed(html: string, slug: string): number[] {
  return [...html.matchAll(new RegExp(`<h2 class="record-row-title"><a href="/reviews/${slug}/records/(\\d+)">`, 'g'))].map((m) => Number(m[1]));
}

/** One row of the list (its checkbox, title, byline and badges). */
function row(html: string, slug: string, id: number): string {
  const rows = [...html.matchAll(/<li class="record-row[^"]*">([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
  const found = rows.find((r) => r.includes(`href="/reviews/${slug}/records/${id}"`));
  if (found === undefined) throw new Error(`record ${id} is not listed`);
  return found;
}

/** The texts of a row's screening badges ("TA you: Exclude"). */
function badges(html: string, slug: string, id: number): string[] {
  return [...row(html, slug, id).matchAll(/<span class="badge screening-badge[^"]*"><abbr title="[^"]+">(\w+)<\/abbr> ([^<]+)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe('records list by screening, bulk decisions and screening history', () => {
  let t: TestApp;
  let db: Kysely<Database>;
  let owner: Client;
  let ada: Client;
  let ben: Client;
  let outsider: Client;
  const account: Record<'owner' | 'ada' | 'ben', number> = { owner: 0, ada: 0, ben: 0 };
  const review: Record<'open' | 'blind' | 'bulk', number> = { open: 0, blind: 0, bulk: 0 };
  let r: number[] = [];
  let b: number[] = [];
  let k: number[] = [];
  const reasons: Record<'open' | 'bulk', { ta: number[]; ft: number[] }> = { open: { ta: [], ft: [] }, bulk: { ta: [], ft: [] } };

  const as = (who: keyof typeof account, where: keyof typeof review) => ({ reviewId: review[where], actorId: account[who] });
  const choice = (recordId: number, decision: DecisionInput['decision'], extra: Partial<DecisionInput> = {}): DecisionInput => ({
    recordId, stage: TA, decision, reasonId: null, note: '', labels: [], ...extra,
  });
  const reasonIds = async (reviewId: number, list: string) =>
    (await db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', list).orderBy('position').execute()).map((x) => x.id);
  const decisionOf = (recordId: number, reviewerId: number, stage: 'title_abstract' | 'full_text' = TA) =>
    db.selectFrom('screeningDecision').select(['decision', 'reasonId', 'note', 'labelsJson']).where('recordId', '=', recordId).where('stage', '=', stage).where('reviewerId', '=', reviewerId).executeTakeFirst();

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.db;
    owner = await setupOwner(t.app);
    ada = await addPerson(t.app, owner, { name: 'Ada Reviewer', email: 'ada@example.org', password: 'ada-password-1' });
    ben = await addPerson(t.app, owner, { name: 'Ben Reviewer', email: 'ben@example.org', password: 'ben-password-1' });
    outsider = await addPerson(t.app, owner, { name: 'Otto Outsider', email: 'otto@example.org', password: 'otto-password' });
    for (const slug of ['open', 'blind', 'bulk'] as const) {
      await owner.get('/reviews/new');
      expect((await owner.post('/reviews', { title: `Review ${slug}`, slug, question: '', description: '' })).statusCode).toBe(303);
      await addMember(owner, slug, ada, 'ada@example.org');
      await addMember(owner, slug, ben, 'ben@example.org');
      review[slug] = await reviewIdOf(db, slug);
    }
    for (const [who, email] of [['owner', 'owner@example.org'], ['ada', 'ada@example.org'], ['ben', 'ben@example.org']] as const) {
      account[who] = (await db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    }
    for (const slug of ['open', 'bulk'] as const) reasons[slug] = { ta: await reasonIds(review[slug], 'title_abstract'), ft: await reasonIds(review[slug], 'full_text') };

    const studies = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ title: `${prefix} study ${i + 1} of desistance`, year: 2010 + i }));
    r = (await insertSearch(db, review.open, studies('Open', 6))).ids;
    b = (await insertSearch(db, review.blind, studies('Blind', 5))).ids;
    k = (await insertSearch(db, review.bulk, studies('Bulk', 5))).ids;
    // k[4] is a duplicate of k[0]: it leaves screening (and bulk decisions skip it).
    await db.updateTable('record').set({ duplicateOf: k[0]! }).where('id', '=', k[4]!).execute();

    const two = { reviewersNeeded: 2, recordOrder: 'import' as const, orderSeed: 1, maybeAdvances: true, arbiterId: null };
    await changeSettings(db, as('owner', 'open'), TA, { ...two, blind: false });
    await changeSettings(db, as('owner', 'blind'), TA, { ...two, blind: true });
    await changeSettings(db, as('owner', 'blind'), FT, { ...two, blind: true });

    // Open review (two reviewers, not blind): r0 both include; r1 Ada excludes, Ben includes (conflict); r2 Ada maybe.
    await decide(db, as('ada', 'open'), choice(r[0]!, 'include'));
    await decide(db, as('ben', 'open'), choice(r[0]!, 'include'));
    await decide(db, as('ada', 'open'), choice(r[1]!, 'exclude', { reasonId: reasons.open.ta[0]!, labels: ['qualitative', 'check later'], note: 'Adults only' }));
    await decide(db, as('ben', 'open'), choice(r[1]!, 'include'));
    await decide(db, as('ada', 'open'), choice(r[2]!, 'maybe'));

    // Blind review: b0 only Ada (exclude, with a note and a label); b1 Ada include, Ben exclude (conflict); b2 both include.
    await decide(db, as('ada', 'blind'), choice(b[0]!, 'exclude', { note: ADA_NOTE, labels: ['ada-label'] }));
    await decide(db, as('ada', 'blind'), choice(b[1]!, 'include', { note: ADA_NOTE }));
    await decide(db, as('ben', 'blind'), choice(b[1]!, 'exclude'));
    await decide(db, as('ada', 'blind'), choice(b[2]!, 'include'));
    await decide(db, as('ben', 'blind'), choice(b[2]!, 'include'));
  });
  afterAll(async () => t.close());

  it('filters by the viewer’s own decision, a reviewer’s decision, reason, label, outcome, conflict and stage', async () => {
    const list = async (client: Client, query: string) => listed((await client.get(`/reviews/open/records?${query}`)).body, 'open');
    expect(await list(ada, 'decision=exclude')).toEqual([r[1]]);
    expect(await list(ada, 'decision=include')).toEqual([r[0]]);
    expect(await list(ada, 'decision=decided')).toEqual([r[0], r[1], r[2]]);
    expect(await list(ada, 'decision=undecided')).toEqual([r[3], r[4], r[5]]);
    expect(await list(ben, 'decision=undecided')).toEqual([r[2], r[3], r[4], r[5]]);
    expect(await list(ada, `reason=${reasons.open.ta[0]}`)).toEqual([r[1]]);
    expect(await list(ada, `reason=${reasons.open.ta[1]}`)).toEqual([]);
    expect(await list(ada, 'label=qualitative')).toEqual([r[1]]);
    expect(await list(ada, 'label=QUALITATIVE')).toEqual([r[1]]);
    expect(await list(ada, `label=${encodeURIComponent('check later')}`)).toEqual([r[1]]);
    expect(await list(ada, 'label=qual')).toEqual([]);
    // Labels are the viewer's own unless they choose whose: Ben has none, anyone's (not blind) are Ada's.
    expect(await list(ben, 'label=qualitative')).toEqual([]);
    expect(await list(ben, 'reviewer=any&label=qualitative')).toEqual([r[1]]);
    expect(await list(ben, `reviewer=${account.ada}&decision=exclude`)).toEqual([r[1]]);
    expect(await list(owner, `reviewer=${account.ben}`)).toEqual([r[0], r[1]]);
    expect(await list(owner, `reviewer=${account.ada}&decision=undecided`)).toEqual([r[3], r[4], r[5]]);
    expect(await list(ada, 'conflict=1')).toEqual([r[1]]);
    expect(await list(ada, 'outcome=include')).toEqual([r[0]]);
    expect(await list(ada, 'stage=full-text')).toEqual([r[0]]);
    expect(await list(ada, 'stage=full-text&decision=undecided')).toEqual([r[0]]);
    expect(await list(ada, 'stage=full-text&decision=include')).toEqual([]);

    const page = await ada.get('/reviews/open/records?decision=exclude&label=qualitative');
    expect(page.body).toContain('1 record (filtered), in import order.');
    expect(page.body).toContain('<option value="exclude" selected>Exclude</option>');
    expect(page.body).toContain('value="qualitative"');
    expect(page.body).toContain('<option value="check later"></option>');
    // The address keeps the filters (htmx pushes the tidy one), and paging links carry them.
    const partial = await ada.get('/reviews/open/records?decision=exclude&label=qualitative&reviewer=&outcome=&conflict=', fragment);
    expect(partial.headers['hx-push-url']).toBe('/reviews/open/records?decision=exclude&label=qualitative');
    expect(listed(partial.body, 'open')).toEqual([r[1]]);
    for (const query of ['stage=drop', 'decision=%27', 'reviewer=-1', 'reviewer=1%20OR%201', 'reason=x', 'label=' + 'x'.repeat(500), 'conflict=yes', 'decision=a&decision=b']) {
      expect((await ada.get(`/reviews/open/records?${query}`)).statusCode, query).toBe(200);
    }
  });

  it('shows each row’s screening badge: the viewer’s decision, and outcome or conflict where visible', async () => {
    const adaPage = (await ada.get('/reviews/open/records')).body;
    expect(badges(adaPage, 'open', r[0]!)).toEqual(['TA you: Include']);
    expect(badges(adaPage, 'open', r[1]!)).toEqual(['TA you: Exclude', 'TA conflict']);
    expect(badges(adaPage, 'open', r[2]!)).toEqual(['TA you: Maybe']);
    expect(badges(adaPage, 'open', r[3]!)).toEqual([]);
    const ownerPage = (await owner.get('/reviews/open/records')).body;
    expect(badges(ownerPage, 'open', r[0]!)).toEqual(['TA outcome: Included']);
    expect(badges(ownerPage, 'open', r[1]!)).toEqual(['TA conflict']);
  });

  it('never shows a blind reviewer another reviewer’s decisions: not in the list, badges, filters or history', async () => {
    const plain = await ben.get('/reviews/blind/records');
    expect(plain.statusCode).toBe(200);
    expect(plain.body).not.toContain(ADA_NOTE);
    expect(badges(plain.body, 'blind', b[0]!)).toEqual([]);
    expect(badges(plain.body, 'blind', b[1]!)).toEqual(['TA you: Exclude']);
    expect(badges(plain.body, 'blind', b[2]!)).toEqual(['TA you: Include']);
    // The form offers only Ben's own decisions: no reviewers, no outcome, no conflicts, no others' labels.
    expect(plain.body).not.toContain('name="reviewer"');
    expect(plain.body).not.toContain('name="outcome"');
    expect(plain.body).not.toContain('name="conflict"');
    expect(plain.body).not.toContain('ada-label');
    expect(plain.body).not.toContain('Ada Reviewer');

    // Whatever is asked, the list is only ever narrowed by Ben's own decisions (b1 exclude, b2 include).
    const crafted: Array<[string, number[]]> = [
      [`reviewer=${account.ada}&decision=exclude`, [b[1]!]],
      [`reviewer=${account.ada}&decision=include`, [b[2]!]],
      [`reviewer=${account.ada}`, b],
      ['reviewer=any&decision=exclude', [b[1]!]],
      ['reviewer=any&label=ada-label', []],
      ['label=ada-label', []],
      ['conflict=1', b],
      ['outcome=include', b],
      ['outcome=exclude', b],
      // Which records reached full text is title and abstract's outcome: that filter is left out whole.
      [`stage=full-text&reviewer=${account.ada}`, b],
      ['stage=full-text&decision=undecided', b],
    ];
    for (const [query, expected] of crafted) {
      for (const headers of [{}, fragment]) {
        const page = await ben.get(`/reviews/blind/records?${query}`, headers);
        expect(page.statusCode, query).toBe(200);
        const ids = listed(page.body, 'blind');
        expect(ids, query).toEqual(expected);
        expect(page.body, query).not.toContain(ADA_NOTE);
        expect(page.body, query).not.toContain('conflict</span>');
        expect(page.body, query).not.toContain('outcome:');
        expect(page.body, query).not.toContain(`reviewer=${account.ada}`);
        for (const id of ids) expect(badges(page.body, 'blind', id).every((x) => x.startsWith('TA you:')), `${query} ${id}`).toBe(true);
      }
    }
    expect((await ben.get(`/reviews/blind/records?conflict=1`)).body).toContain('In blind screening you see only your own decisions');

    for (const id of b) {
      const history = await ben.get(`/reviews/blind/records/${id}/screening-history`, fragment);
      expect(history.statusCode).toBe(200);
      expect(history.body).toContain('id="screening-history"');
      expect(history.body, String(id)).not.toContain(ADA_NOTE);
      expect(history.body, String(id)).not.toContain('Ada Reviewer');
      expect(history.body, String(id)).not.toContain('Conflict');
      expect(history.body, String(id)).not.toContain('Outcome');
    }
    const mine = await ben.get(`/reviews/blind/records/${b[1]}/screening-history`, fragment);
    expect(mine.body).toContain('Blind screening');
    expect(mine.body).toMatch(/<strong>You<\/strong>: <span class="badge screening-badge screening-exclude">Exclude<\/span>/);
  });

  it('shows the owner others’ decisions only once a blind record has every decision it needs', async () => {
    const list = async (query: string) => listed((await owner.get(`/reviews/blind/records?${query}`)).body, 'blind');
    // b0 has only Ada's decision: hidden even from the owner.
    expect(await list(`reviewer=${account.ada}&decision=exclude`)).toEqual([]);
    expect(await list(`reviewer=${account.ada}&decision=include`)).toEqual([b[1], b[2]]);
    expect(await list(`reviewer=${account.ada}`)).toEqual([b[1], b[2]]);
    expect(await list('reviewer=any&label=ada-label')).toEqual([]);
    expect(await list('conflict=1')).toEqual([b[1]]);
    expect(await list('outcome=include')).toEqual([b[2]]);
    const page = (await owner.get('/reviews/blind/records')).body;
    expect(badges(page, 'blind', b[0]!)).toEqual([]);
    expect(badges(page, 'blind', b[1]!)).toEqual(['TA conflict']);
    expect(badges(page, 'blind', b[2]!)).toEqual(['TA outcome: Included']);
    expect(page).toContain('<option value="any">Anyone’s</option>');
    expect((await owner.get(`/reviews/blind/records/${b[0]}/screening-history`, fragment)).body).not.toContain(ADA_NOTE);
    const conflict = (await owner.get(`/reviews/blind/records/${b[1]}/screening-history`, fragment)).body;
    expect(conflict).toContain(ADA_NOTE);
    expect(conflict).toContain('Conflict: reviewers disagree');

    // Ben completes b0: now the owner sees Ada's exclusion and her note; Ben still does not.
    await decide(db, as('ben', 'blind'), choice(b[0]!, 'exclude'));
    expect(await list(`reviewer=${account.ada}&decision=exclude`)).toEqual([b[0]]);
    expect(await list('reviewer=any&label=ada-label')).toEqual([b[0]]);
    const complete = (await owner.get(`/reviews/blind/records/${b[0]}/screening-history`, fragment)).body;
    expect(complete).toContain(ADA_NOTE);
    expect(complete).toContain('Ada Reviewer');
    expect(complete).toContain('Outcome: Exclude');
    expect(badges((await owner.get('/reviews/blind/records')).body, 'blind', b[0]!)).toEqual(['TA outcome: Excluded']);
    const benView = await ben.get(`/reviews/blind/records/${b[0]}/screening-history`, fragment);
    expect(benView.body).not.toContain(ADA_NOTE);
    expect(benView.body).not.toContain('Outcome');
    expect(listed((await ben.get(`/reviews/blind/records?reviewer=${account.ada}&decision=exclude`)).body, 'blind')).toEqual([b[0], b[1]]);
    expect((await ben.get(`/reviews/blind/records?reviewer=${account.ada}&decision=exclude`)).body).not.toContain(ADA_NOTE);
  });

  it('bulk-excludes the selected records as the actor’s own decisions, after a confirmation that counts them', async () => {
    // Ben already decided k1 (one reviewer per record): Ada cannot add hers, and never changes his.
    await decide(db, as('ben', 'bulk'), choice(k[1]!, 'include'));
    await decide(db, as('ada', 'bulk'), choice(k[2]!, 'maybe', { note: 'Keep my note', labels: ['mine'] }));
    const page = await ada.get('/reviews/bulk/records?duplicates=show');
    expect(page.body).toContain('<form id="bulk-form" method="post" action="/reviews/bulk/records/bulk"');
    expect(page.body).toContain(`name="ids" value="${k[0]}" form="bulk-form"`);
    expect(page.body).toContain('Select all on this page');
    const all = await ada.get('/reviews/bulk/records?duplicates=show&select=page', fragment);
    expect(all.body.match(/form="bulk-form" checked/g)).toHaveLength(5);

    const form = { stage: 'title-abstract', decision: 'exclude', reason: String(reasons.bulk.ta[1]), back: '?duplicates=show', ids: [k[0], k[1], k[2], k[4]].join(',') };
    const confirm = await ada.post('/reviews/bulk/records/bulk', form);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Exclude 4 records at title and abstract');
    expect(confirm.body).toContain(`(reason: Wrong exposure / intervention)`);
    expect(confirm.body).toContain('<input type="hidden" name="confirmed" value="1"/>');
    expect(await decisionOf(k[0]!, account.ada)).toBeUndefined();
    const htmxConfirm = await ada.post('/reviews/bulk/records/bulk', form, { headers: fragment });
    expect(htmxConfirm.body).toMatch(/^<div class="alert alert-warn bulk-confirm-panel">/);
    expect(htmxConfirm.body).toContain('Exclude 4 records');

    // Without the CSRF token nothing happens.
    expect((await ada.post('/reviews/bulk/records/bulk', { ...form, confirmed: '1' }, { csrf: false })).statusCode).toBe(403);
    expect(await decisionOf(k[0]!, account.ada)).toBeUndefined();

    // A reviewer field in the form is ignored: the decisions are Ada's own.
    const done = await ada.post('/reviews/bulk/records/bulk', { ...form, confirmed: '1', reviewer: String(account.ben), reviewerId: String(account.ben) });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/reviews/bulk/records?duplicates=show');
    const after = await ada.get(done.headers.location!);
    expect(after.body).toContain('2 decided, 2 skipped: This record already has the decision it needs (1) · This record is a duplicate: screen its primary record instead (1).');
    expect(await decisionOf(k[0]!, account.ada)).toEqual({ decision: 'exclude', reasonId: reasons.bulk.ta[1], note: '', labelsJson: '[]' });
    expect(await decisionOf(k[2]!, account.ada)).toEqual({ decision: 'exclude', reasonId: reasons.bulk.ta[1], note: 'Keep my note', labelsJson: '["mine"]' });
    expect(await decisionOf(k[1]!, account.ben)).toMatchObject({ decision: 'include' });
    expect(await decisionOf(k[1]!, account.ada)).toBeUndefined();
    expect(await decisionOf(k[0]!, account.ben)).toBeUndefined();
    expect(await decisionOf(k[4]!, account.ada)).toBeUndefined();
    expect(badges(after.body, 'bulk', k[0]!)).toEqual(['TA you: Exclude']);

    // Checkboxes send one `ids` per record; the same again is "already so".
    const raw = new URLSearchParams([['ids', String(k[0])], ['ids', String(k[2])], ['stage', 'title-abstract'], ['decision', 'exclude'], ['reason', String(reasons.bulk.ta[1])], ['confirmed', '1'], ['_csrf', ada.csrfToken]]);
    const again = await t.app.inject({
      method: 'POST',
      url: '/reviews/bulk/records/bulk',
      payload: raw.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `cv_session=${ada.cookie('cv_session')}; cv_csrf=${ada.cookie('cv_csrf')}`, ...fragment },
    });
    expect(again.statusCode).toBe(204);
    expect(again.headers['hx-redirect']).toBe('/reviews/bulk/records');
    const flash = (again.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'cv_flash');
    expect(decodeURIComponent(flash!.value)).toContain('0 decided, 2 already so.');
  });

  it('requires a reason to bulk-exclude at full text, and skips records that are not there', async () => {
    await decide(db, as('ada', 'bulk'), choice(k[3]!, 'include'));
    await ada.get('/reviews/bulk/records?stage=full-text');
    // k3 reached full text; k0 was excluded at title and abstract.
    const form = { stage: 'full-text', decision: 'exclude', reason: '', ids: `${k[3]},${k[0]}`, back: '?stage=full-text' };
    const missing = await ada.post('/reviews/bulk/records/bulk', form);
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Choose an exclusion reason: a full-text exclusion needs one.');
    const missingConfirmed = await ada.post('/reviews/bulk/records/bulk', { ...form, confirmed: '1' }, { headers: fragment });
    expect(missingConfirmed.statusCode).toBe(422);
    const wrongStage = await ada.post('/reviews/bulk/records/bulk', { ...form, reason: String(reasons.bulk.ta[0]), confirmed: '1' });
    expect(wrongStage.statusCode).toBe(422);
    expect(wrongStage.body).toContain('Choose one of this stage’s exclusion reasons.');
    expect(await decisionOf(k[3]!, account.ada, FT)).toBeUndefined();
    for (const bad of [{ ids: '' }, { ids: 'abc' }, { ids: Array.from({ length: 51 }, (_, i) => i + 1).join(',') }, { stage: 'nowhere' }, { decision: 'maybe' }]) {
      expect((await ada.post('/reviews/bulk/records/bulk', { ...form, reason: String(reasons.bulk.ft[0]), ...bad })).statusCode, JSON.stringify(bad).slice(0, 40)).toBe(422);
    }

    const ok = await ada.post('/reviews/bulk/records/bulk', { ...form, reason: String(reasons.bulk.ft[0]) });
    expect(ok.body).toContain('Exclude 2 records at full text');
    const done = await ada.post('/reviews/bulk/records/bulk', { ...form, reason: String(reasons.bulk.ft[0]), confirmed: '1' });
    expect(done.headers.location).toBe('/reviews/bulk/records?stage=full-text');
    const after = await ada.get(done.headers.location!);
    expect(after.body).toContain('1 decided, 1 skipped: This record has not reached the full-text stage: it was not included at title and abstract (1).');
    expect(await decisionOf(k[3]!, account.ada, FT)).toMatchObject({ decision: 'exclude', reasonId: reasons.bulk.ft[0] });
    expect(after.body).toContain('Exclusion reason (required)');
    expect(badges(after.body, 'bulk', k[3]!)).toEqual(['TA you: Include', 'FT you: Exclude']);
  });

  it('undoes a change from the history, and refuses a second undo of the same change calmly', async () => {
    await decide(db, as('ada', 'open'), choice(r[2]!, 'exclude', { reasonId: reasons.open.ta[2]! }));
    const latest = await db.selectFrom('screeningEvent').select('id').where('recordId', '=', r[2]!).where('reviewerId', '=', account.ada).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const before = await ada.get(`/reviews/open/records/${r[2]}/screening-history`, fragment);
    expect(before.body).toContain(`action="/reviews/open/screening/events/${latest.id}/undo"`);
    expect(before.body.match(/>Undo<\/button>/g)).toHaveLength(1);
    // Ben sees Ada's changes (not blind) but has nothing of his own to undo.
    const benView = await ben.get(`/reviews/open/records/${r[2]}/screening-history`, fragment);
    expect(benView.body).toContain('Ada Reviewer');
    expect(benView.body).not.toContain('>Undo</button>');
    expect((await ben.post(`/reviews/open/screening/events/${latest.id}/undo`, {}, { headers: fragment })).statusCode).toBe(403);

    const undone = await ada.post(`/reviews/open/screening/events/${latest.id}/undo`, {}, { headers: fragment });
    expect(undone.statusCode).toBe(200);
    expect(undone.body).toMatch(/^<section id="screening-history"/);
    expect(undone.body).toContain('Change undone.');
    expect(undone.body).toContain('(undone)');
    expect(await decisionOf(r[2]!, account.ada)).toMatchObject({ decision: 'maybe', reasonId: null });

    const twice = await ada.post(`/reviews/open/screening/events/${latest.id}/undo`, {}, { headers: fragment });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('This change has already been undone.');
    expect(await decisionOf(r[2]!, account.ada)).toMatchObject({ decision: 'maybe' });
    const plain = await ada.post(`/reviews/open/screening/events/${latest.id}/undo`, {});
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe(`/reviews/open/records/${r[2]}#screening-history`);
    expect((await ada.get(`/reviews/open/records/${r[2]}`)).body).toContain('This change has already been undone.');

    // The next Undo puts back the change before (maybe -> no decision), as a plain form.
    const first = await db.selectFrom('screeningEvent').select('id').where('recordId', '=', r[2]!).where('reviewerId', '=', account.ada).orderBy('id').executeTakeFirstOrThrow();
    expect((await ada.get(`/reviews/open/records/${r[2]}/screening-history`, fragment)).body).toContain(`/screening/events/${first.id}/undo`);
    const back = await ada.post(`/reviews/open/screening/events/${first.id}/undo`, {});
    expect(back.statusCode).toBe(303);
    expect((await ada.get(`/reviews/open/records/${r[2]}`)).body).toContain('Change undone.');
    expect(await decisionOf(r[2]!, account.ada)).toBeUndefined();

    expect((await ada.post('/reviews/open/screening/events/999999/undo', {})).statusCode).toBe(404);
    const otherReview = await db.selectFrom('screeningEvent').select('id').where('reviewId', '=', review.blind).executeTakeFirstOrThrow();
    expect((await ada.post(`/reviews/open/screening/events/${otherReview.id}/undo`, {})).statusCode).toBe(404);
  });

  it('shows decisions made on records merged into this one, under the same rule', async () => {
    // b3 becomes a duplicate of b4 after Ada decided it (alone: not complete, so hidden from others).
    await decide(db, as('ada', 'blind'), choice(b[3]!, 'exclude', { note: ADA_NOTE }));
    await db.updateTable('record').set({ duplicateOf: b[4]! }).where('id', '=', b[3]!).execute();
    const mine = (await ada.get(`/reviews/blind/records/${b[4]}/screening-history`, fragment)).body;
    expect(mine).toContain('Decisions made on records merged into this one');
    expect(mine).toContain(`href="/reviews/blind/records/${b[3]}"`);
    expect(mine).toContain(ADA_NOTE);
    for (const client of [ben, owner]) {
      const other = (await client.get(`/reviews/blind/records/${b[4]}/screening-history`, fragment)).body;
      expect(other).not.toContain(ADA_NOTE);
      expect(other).not.toContain('Decisions made on records merged into this one');
    }
    const dup = (await ada.get(`/reviews/blind/records/${b[3]}/screening-history`, fragment)).body;
    expect(dup).toContain('This record is a duplicate');
    // Without htmx, the history lives on the record page.
    const redirect = await ada.get(`/reviews/blind/records/${b[4]}/screening-history`);
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe(`/reviews/blind/records/${b[4]}#screening-history`);
  });

  it('keeps everything to members: an outsider gets 404 for the list, bulk, history and undo', async () => {
    const event = await db.selectFrom('screeningEvent').select('id').where('reviewId', '=', review.open).executeTakeFirstOrThrow();
    for (const url of ['/reviews/open/records?decision=exclude', `/reviews/open/records/${r[1]}/screening-history`]) {
      const response = await outsider.get(url, fragment);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Adults only');
    }
    await outsider.get('/reviews');
    expect((await outsider.post('/reviews/open/records/bulk', { stage: 'title-abstract', decision: 'exclude', ids: String(r[3]), confirmed: '1' })).statusCode).toBe(404);
    expect((await outsider.post(`/reviews/open/screening/events/${event.id}/undo`, {})).statusCode).toBe(404);
    expect(await db.selectFrom('screeningDecision').select('recordId').where('recordId', '=', r[3]!).executeTakeFirst()).toBeUndefined();
    // Another review's records cannot be decided through this one.
    await ada.get('/reviews/open/records');
    const foreign = await ada.post('/reviews/open/records/bulk', { stage: 'title-abstract', decision: 'include', ids: String(k[3]), confirmed: '1' });
    expect(foreign.statusCode).toBe(303);
    expect((await ada.get('/reviews/open/records')).body).toContain('0 decided, 1 skipped: There is no such record in this review (1).');
  });
});
