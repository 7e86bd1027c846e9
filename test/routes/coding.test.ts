import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { countCoding } from '../support/coding-truth.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const PARTIAL = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'coops';
const CODING = `/reviews/${SLUG}/coding`;

describe('coding', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let outsider: Client;
  let reviewId: number;
  let plainReviewId: number;
  let ownerId: number;
  let ritaId: number;
  let studies: number[];
  let notIncluded: number;
  let otherReviewRecord: number;
  let codes: Record<string, number>;

  /** A urlencoded POST with repeated fields (checkboxes), as a browser sends it, with the client's cookies. */
  async function postPairs(client: Client, url: string, pairs: Array<[string, string]>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams([...pairs, ['_csrf', client.csrfToken]]);
    const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${client.cookie(name) ?? ''}`).join('; ');
    return t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers } });
  }

  const audit = async (action: string) =>
    t.app.db.selectFrom('auditEvent').select(['actorId', 'entity', 'entityId', 'afterJson']).where('action', '=', action).where('reviewId', '=', reviewId).orderBy('id').execute();
  const codeCount = async (id: number) => Number((await t.app.db.selectFrom('code').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', id).executeTakeFirstOrThrow()).n);

  async function expectExactCounters(expected: { studiesCoded: number; excerpts: number }) {
    const c = await readCounters(t.app.db, reviewId);
    const kept = { studiesCoded: c.studies_coded, excerpts: c.excerpts };
    expect(kept).toEqual(await countCoding(t.app.db, reviewId));
    expect(kept).toEqual(expected);
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    for (const [name, email] of [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']]) {
      await addPerson(t.app, owner, { name: name!, email: `${email}@example.org`, password: `${email}-password-1` });
    }
    const form = await owner.get('/reviews/new');
    expect(form.body).toContain('Start the codebook from the desistance / social co-operatives framework');
    expect((await owner.post('/reviews', { title: 'Desistance and social co-operatives', slug: SLUG, question: '', description: '', codebookTemplate: '1' })).statusCode).toBe(303);
    await owner.get('/reviews/new');
    expect((await owner.post('/reviews', { title: 'A plain review', slug: 'plain', question: '', description: '' })).statusCode).toBe(303);
    rita = await signIn(t.app, 'rita@example.org', 'rita-password-1');
    await addMember(owner, SLUG, rita, 'rita@example.org');
    outsider = await signIn(t.app, 'otto@example.org', 'otto-password-1');
    reviewId = await reviewIdOf(t.app.db, SLUG);
    plainReviewId = await reviewIdOf(t.app.db, 'plain');
    ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    ritaId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'rita@example.org').executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Working <i>together</i>: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016, abstract: 'Members of a social co-operative.\n\nSecond paragraph about <script>alert(1)</script> hope.' },
      { title: 'Hope, agency and work', authors: ['Maruna, Shadd', 'Farrall, Stephen'], year: 2004 },
      { title: 'Never included', year: 2020 },
    ]);
    studies = ids.slice(0, 2);
    notIncluded = ids[2]!;
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, studies);
    otherReviewRecord = (await insertSearch(t.app.db, plainReviewId, [{ title: 'Elsewhere' }])).ids[0]!;
    await includeStudies(t.app.db, { reviewId: plainReviewId, actorId: ownerId }, [otherReviewRecord]);
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('starts the codebook from the framework when the box is ticked at creation, and not otherwise', async () => {
    expect(await codeCount(reviewId)).toBe(25);
    expect(await codeCount(plainReviewId)).toBe(0);
    const events = await audit('codebook.template');
    expect(events).toEqual([expect.objectContaining({ actorId: ownerId, entity: 'codebook' })]);
    const empty = await owner.get('/reviews/plain/coding/codebook');
    expect(empty.body).toContain('Add the desistance / social co-operatives framework');
  });

  it('shows the included studies with their progress and the codebook with its use, to every member', async () => {
    for (const client of [owner, rita]) {
      const page = await client.get(CODING);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('aria-current="page">Coding</a>');
      expect(page.body).toContain(`href="${CODING}/studies/${studies[0]}">Weaver (2016)</a>`);
      expect(page.body).toContain('Maruna and Farrall (2004)');
      expect(page.body).not.toContain('Never included');
      expect(page.body).toContain('Working <i>together</i>');
      expect(page.body).toMatch(/<link rel="stylesheet" href="\/reviews\/coops\/coding\/colours\.css\?v=[0-9a-f]{12}"/);
      expect(page.body).toContain('Desistance processes');
    }
    expect((await owner.get(CODING)).body).toContain('Edit codebook');
    expect((await rita.get(CODING)).body).not.toContain('Edit codebook');
  });

  it('serves the code colours as a stylesheet built from the validated colours only', async () => {
    const css = await rita.get(`${CODING}/colours.css`);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain(`.code-c${codes.Level}{--code:#5b7db1;--code-ink:#ffffff}`);
    // A colour that slipped into the database some other way never reaches the stylesheet.
    await t.app.db.updateTable('code').set({ colour: 'red;}body{display:none' }).where('id', '=', codes.Sweden!).execute();
    const guarded = await rita.get(`${CODING}/colours.css`);
    expect(guarded.body).not.toContain('display');
    expect(guarded.body).not.toContain(`.code-c${codes.Sweden}{`);
    await t.app.db.updateTable('code').set({ colour: '#8a6aae' }).where('id', '=', codes.Sweden!).execute();
    const again = await rita.get(`${CODING}/colours.css`, { 'if-none-match': css.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it('lets owners edit the codebook and refuses reviewers with a 403', async () => {
    const ritaPage = await rita.get(`${CODING}/codebook`);
    expect(ritaPage.statusCode).toBe(200);
    expect(ritaPage.body).not.toContain('<summary>Edit');
    expect(ritaPage.body).not.toContain('Import a codebook file');
    for (const [url, fields] of [
      [`${CODING}/codebook/codes`, { parentId: '', name: 'Sneaky', description: '', colour: '' }],
      [`${CODING}/codebook/codes/${codes.Hope}`, { name: 'Renamed', description: '', colour: '#000000' }],
      [`${CODING}/codebook/codes/${codes.Hope}/move`, { direction: 'up' }],
      [`${CODING}/codebook/codes/${codes.Hope}/merge`, { into: String(codes.Agency) }],
      [`${CODING}/codebook/codes/${codes.Hope}/delete`, {}],
      [`${CODING}/codebook/template`, {}],
    ] as const) {
      expect((await rita.post(url, fields)).statusCode).toBe(403);
    }
    expect(await codeCount(reviewId)).toBe(25);

    const page = await owner.get(`${CODING}/codebook`);
    expect(page.body).toContain('<summary>Edit');
    // A plain form: back to the page with a message.
    const added = await owner.post(`${CODING}/codebook/codes`, { parentId: String(codes.Themes), name: 'Housing', description: 'A place to live.', colour: '' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toMatch(new RegExp(`^${CODING}/codebook#code-\\d+$`));
    // htmx: the codebook region with the change and a notice.
    const housing = flattenCodebook(await codebookTree(t.app.db, reviewId)).find((c) => c.name === 'Housing')!;
    expect(housing.colour).toBe('#b0793f');
    const edited = await owner.post(`${CODING}/codebook/codes/${housing.id}`, { name: 'Housing and home', description: 'A place to live.', colour: '#AA5500' }, { headers: PARTIAL });
    expect(edited.statusCode).toBe(200);
    expect(edited.body.startsWith('<div id="codebook">')).toBe(true);
    expect(edited.body).toContain('Code saved.');
    expect(edited.body).toContain('Housing and home');
    const moved = await owner.post(`${CODING}/codebook/codes/${housing.id}/move`, { direction: 'up' }, { headers: PARTIAL });
    expect(moved.body).toContain('Moved up.');
    const themes = (await codebookTree(t.app.db, reviewId)).find((g) => g.name === 'Themes')!;
    expect(themes.children.map((c) => c.name).slice(-2)).toEqual(['Housing and home', 'Policy and commissioning']);
    // Refusals come back as 422 with the form open and its problem.
    const clash = await owner.post(`${CODING}/codebook/codes`, { parentId: String(codes.Themes), name: 'housing AND home', description: '', colour: '' }, { headers: PARTIAL });
    expect(clash.statusCode).toBe(422);
    expect(clash.body).toContain('already has a code named');
    expect(clash.body).toMatch(new RegExp(`<details class="code-editor" open(?:="")?>(?:(?!</details>).)*f-add-${codes.Themes}-name`, 's'));
    const badColour = await owner.post(`${CODING}/codebook/codes/${housing.id}`, { name: 'Housing', description: '', colour: 'url(javascript:1)' });
    expect(badColour.statusCode).toBe(422);
    expect(badColour.body).toContain('Choose a colour written #rrggbb');
    const deep = await owner.post(`${CODING}/codebook/codes`, { parentId: String(codes.Hope), name: 'Too deep', description: '', colour: '' }, { headers: PARTIAL });
    expect(deep.statusCode).toBe(422);
    expect((await owner.post(`${CODING}/codebook/codes/99999999`, { name: 'X', description: '', colour: '' })).statusCode).toBe(404);
    expect((await owner.post(`${CODING}/codebook/codes/abc/move`, { direction: 'up' })).statusCode).toBe(404);
    expect((await owner.post(`/reviews/plain/coding/codebook/codes/${housing.id}`, { name: 'X', description: '', colour: '' })).statusCode).toBe(404);
    // Deleting an unused code works; the history has every change with its author.
    const deleted = await owner.post(`${CODING}/codebook/codes/${housing.id}/delete`, {}, { headers: PARTIAL });
    expect(deleted.body).toContain('Code deleted.');
    expect((await audit('code.add')).map((e) => e.actorId)).toEqual([ownerId]);
    expect(await audit('code.edit')).toHaveLength(1);
    expect(await audit('code.delete')).toHaveLength(1);
  });

  it('requires the CSRF token for every change', async () => {
    expect((await owner.post(`${CODING}/codebook/codes`, { parentId: '', name: 'No token', description: '', colour: '' }, { csrf: false })).statusCode).toBe(403);
    expect((await rita.post(`${CODING}/studies/${studies[0]}/codes`, { apply: String(codes.Hope) }, { csrf: false })).statusCode).toBe(403);
    expect((await rita.post(`${CODING}/studies/${studies[0]}/memo`, { memo: 'x' }, { csrf: false, headers: PARTIAL })).statusCode).toBe(403);
    const multipart = await owner.postMultipart(`${CODING}/codebook/import`, {}, [{ field: 'file', name: 'c.json', content: JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'No token' }] }) }]);
    expect(multipart.statusCode).toBe(403);
    expect(await t.app.db.selectFrom('code').select('id').where('name', '=', 'No token').execute()).toEqual([]);
    expect(await t.app.db.selectFrom('studyCode').select('codeId').where('recordId', '=', studies[0]!).execute()).toEqual([]);
  });

  it('exports the codebook as a JSON download and imports it into another review, all or nothing', async () => {
    const download = await rita.get(`${CODING}/codebook.json`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(download.headers['content-disposition']).toBe('attachment; filename=coops-codebook.json');
    const file = JSON.parse(download.body) as { coreviewCodebook: number; codes: Array<{ name: string }> };
    expect(file.coreviewCodebook).toBe(1);
    expect(file.codes.map((c) => c.name)).toEqual(['Level', 'Direction', 'Themes', 'Jurisdiction']);

    await owner.get('/reviews/plain/coding/codebook');
    const upload = (name: string, content: string) => owner.postMultipart('/reviews/plain/coding/codebook/import', { _csrf: owner.csrfToken }, [{ field: 'file', name, content }]);
    const hostile = await upload('bad.json', JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'A' }, { name: 'a', colour: 'blue' }] }));
    expect(hostile.statusCode).toBe(422);
    expect(hostile.body).toContain('codes[1] (“a”): &quot;colour&quot; must be a colour written #rrggbb');
    expect(hostile.body).toContain('Nothing was imported.');
    expect((await upload('version.json', '{"coreviewCodebook": 9, "codes": []}')).body).toContain('this Coreview reads format 1');
    expect((await upload('latin1.json', '\u00ff')).statusCode).toBe(422);
    const binary = await owner.postMultipart('/reviews/plain/coding/codebook/import', { _csrf: owner.csrfToken }, [{ field: 'file', name: 'x.json', content: new Uint8Array([0xff, 0xfe, 0x00]) }]);
    expect(binary.body).toContain('not UTF-8 text');
    const none = await owner.postMultipart('/reviews/plain/coding/codebook/import', { _csrf: owner.csrfToken });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choose a codebook file');
    const huge = await upload('huge.json', JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'A', description: 'x'.repeat(3 * 1024 * 1024) }] }));
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain('at most 2 MB');
    expect(await codeCount(plainReviewId)).toBe(0);

    const imported = await upload('coops-codebook.json', download.body);
    expect(imported.statusCode).toBe(303);
    expect(imported.headers.location).toBe('/reviews/plain/coding/codebook');
    const exported = await owner.get('/reviews/plain/coding/codebook.json');
    expect(exported.body).toBe(download.body);
    // Once more: the groups now clash, so nothing is added.
    const twice = await upload('coops-codebook.json', download.body);
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('The codebook already has a group named “Level”');
    expect(await codeCount(plainReviewId)).toBe(await codeCount(reviewId));
  });

  it('marks codes emergent or a-priori on the codebook page, and the codebook file carries it both ways', async () => {
    await owner.get(`${CODING}/codebook`);
    const added = await owner.post(`${CODING}/codebook/codes`, { parentId: String(codes.Themes), name: 'Peer mentoring', description: 'Mentors with convictions of their own.', colour: '', origin: 'emergent' }, { headers: PARTIAL });
    expect(added.statusCode).toBe(200);
    const mentoring = flattenCodebook(await codebookTree(t.app.db, reviewId)).find((c) => c.name === 'Peer mentoring')!;
    expect(mentoring.origin).toBe('emergent');
    const badge = '<span class="badge code-origin" title="Emerged from the data, outside the a-priori framework">emergent</span>';
    expect(added.body).toContain(`<span class="code-name">Peer mentoring</span>${badge}`);
    expect(added.body.split(badge)).toHaveLength(2);
    // Its edit form has it chosen; so does the form adding a sub-code under it (codes under an emergent theme emerged too).
    expect(added.body).toMatch(new RegExp(`id="f-edit-${mentoring.id}-origin-emergent" checked`));
    expect(added.body).toMatch(new RegExp(`id="f-add-${mentoring.id}-origin-emergent" checked`));
    expect(added.body).toMatch(new RegExp(`id="f-add-${codes.Themes}-origin-a-priori" checked`));
    // A bad value is refused with the form open; nothing changes.
    const odd = await owner.post(`${CODING}/codebook/codes/${mentoring.id}`, { name: 'Peer mentoring', description: '', colour: '#b0793f', origin: 'inductive' }, { headers: PARTIAL });
    expect(odd.statusCode).toBe(422);
    expect(odd.body).toContain('Choose whether the code is part of the a-priori framework or emerged from the data.');
    expect(flattenCodebook(await codebookTree(t.app.db, reviewId)).find((c) => c.id === mentoring.id)!.origin).toBe('emergent');
    // Back to a-priori, then emergent again: each in the history, in words.
    const back = await owner.post(`${CODING}/codebook/codes/${mentoring.id}`, { name: 'Peer mentoring', description: 'Mentors with convictions of their own.', colour: '#b0793f', origin: 'a_priori' }, { headers: PARTIAL });
    expect(back.body).toContain('Code saved.');
    expect(back.body).not.toContain(badge);
    await owner.post(`${CODING}/codebook/codes/${mentoring.id}`, { name: 'Peer mentoring', description: 'Mentors with convictions of their own.', colour: '#b0793f', origin: 'emergent' }, { headers: PARTIAL });
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.body).toContain('added the code “Peer mentoring” under Themes, emergent (from the data)');
    expect(history.body).toContain('marked the code “Peer mentoring” a-priori (part of the framework)');
    expect(history.body).toContain('marked the code “Peer mentoring” emergent (from the data)');

    // The file says so, and a review importing it has the same codebook, marks included.
    const download = await owner.get(`${CODING}/codebook.json`);
    const file = JSON.parse(download.body) as { codes: Array<{ name: string; origin: string; children: Array<{ name: string; origin: string }> }> };
    expect(file.codes.find((g) => g.name === 'Themes')!.children.map((c) => [c.name, c.origin]).at(-1)).toEqual(['Peer mentoring', 'emergent']);
    expect(file.codes.find((g) => g.name === 'Level')!.origin).toBe('a_priori');
    await owner.get('/reviews/new');
    expect((await owner.post('/reviews', { title: 'A third review', slug: 'third', question: '', description: '' })).statusCode).toBe(303);
    await owner.get('/reviews/third/coding/codebook');
    const upload = (name: string, content: string) => owner.postMultipart('/reviews/third/coding/codebook/import', { _csrf: owner.csrfToken }, [{ field: 'file', name, content }]);
    expect((await upload('coops-codebook.json', download.body)).statusCode).toBe(303);
    expect((await owner.get('/reviews/third/coding/codebook.json')).body).toBe(download.body);
    expect((await owner.get('/reviews/third/coding/codebook')).body).toContain(`<span class="code-name">Peer mentoring</span>${badge}`);
    // A file written before codes had an origin: its codes are a-priori.
    await owner.get('/reviews/third/coding/codebook');
    const old = await upload('old.json', JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'Older framework', description: '', colour: '#5b7db1', children: [{ name: 'Older code', description: '', colour: '#5b7db1', children: [] }] }] }));
    expect(old.statusCode).toBe(303);
    const third = await reviewIdOf(t.app.db, 'third');
    const olderGroup = (await codebookTree(t.app.db, third)).find((g) => g.name === 'Older framework')!;
    expect([olderGroup.origin, olderGroup.children[0]!.origin]).toEqual(['a_priori', 'a_priori']);
    codes['Peer mentoring'] = mentoring.id;
  });

  it('codes a study: chips, excerpts with several codes, edits, deletions and the memo, all attributed and counted', async () => {
    const [s1, s2] = studies as [number, number];
    const base = `${CODING}/studies/${s1}`;
    const page = await rita.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 id="study-label" class="study-heading">Weaver (2016)</h1>');
    expect(page.body).toContain('Working <i>together</i>');
    expect(page.body).toContain('<p>Second paragraph about &lt;script>alert(1)&lt;/script> hope.</p>');
    expect(page.body).toContain(`id="chip-${codes.Relational}" name="apply" value="${codes.Relational}" aria-pressed="false"`);
    expect(page.body).toContain('<legend title="The level at which a factor works.">Level</legend>');
    // Studies go by label: Maruna and Farrall (2004), then Weaver (2016).
    expect(page.body).toContain(`href="${CODING}/studies/${s2}" rel="prev" data-shortcut="k"`);
    expect(page.body).toContain('Study 2 of 2');

    const applied = await rita.post(`${base}/codes`, { apply: String(codes.Relational) }, { headers: PARTIAL });
    expect(applied.statusCode).toBe(200);
    expect(applied.body.startsWith('<section id="study-codes"')).toBe(true);
    expect(applied.body).toContain('Applied “Relational”.');
    expect(applied.body).toContain(`id="chip-${codes.Relational}" name="remove" value="${codes.Relational}" aria-pressed="true"`);
    await rita.post(`${base}/codes`, { apply: String(codes.Enables) }, { headers: PARTIAL });
    const removed = await rita.post(`${base}/codes`, { remove: String(codes.Enables) }, { headers: PARTIAL });
    expect(removed.body).toContain('Removed “Enables”.');
    // A plain form: back to the page, at the codes.
    const plain = await rita.post(`${base}/codes`, { apply: String(codes['England and Wales']) });
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe(`${base}#study-codes`);
    await expectExactCounters({ studiesCoded: 1, excerpts: 0 });

    const first = await postPairs(rita, `${base}/excerpts`, [
      ['text', '“Being a member, not a case,” one worker said.'], ['location', 'p. 14'], ['codeIds', String(codes.Hope)], ['codeIds', String(codes['Co-operative structure and governance'])], ['memo', 'Membership as identity'],
    ], PARTIAL);
    expect(first.statusCode).toBe(200);
    expect(first.body.startsWith('<section id="excerpts"')).toBe(true);
    expect(first.body).toContain('Excerpt added.');
    expect(first.body).toContain('<blockquote class="excerpt-text">“Being a member, not a case,” one worker said.</blockquote>');
    expect(first.body).toContain('Added by Rita Reviewer');
    const second = await postPairs(rita, `${base}/excerpts`, [['text', 'Work gave a routine.'], ['location', 'p. 20'], ['codeIds', String(codes['Employment and work identity'])]], PARTIAL);
    expect(second.statusCode).toBe(200);
    await postPairs(owner, `${CODING}/studies/${s2}/excerpts`, [['text', 'Records closed doors.'], ['codeIds', String(codes['Stigma and criminal records'])]], PARTIAL);
    await expectExactCounters({ studiesCoded: 2, excerpts: 3 });

    // Refusals keep what was typed and say what is wrong.
    const noCodes = await postPairs(rita, `${base}/excerpts`, [['text', 'Kept text'], ['location', 'p. 1']], PARTIAL);
    expect(noCodes.statusCode).toBe(422);
    expect(noCodes.body).toContain('Choose at least one code for the excerpt.');
    expect(noCodes.body).toContain('>Kept text</textarea>');
    const tooLong = await postPairs(rita, `${base}/excerpts`, [['text', 'x'.repeat(20_001)], ['codeIds', String(codes.Hope)]], PARTIAL);
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('under 20,000 characters');
    expect((await postPairs(rita, `${base}/excerpts`, [['text', 'x'], ['codeIds', 'abc']], PARTIAL)).statusCode).toBe(422);

    const [e1, e2] = (await t.app.db.selectFrom('excerpt').select('id').where('recordId', '=', s1).orderBy('id').execute()).map((e) => e.id) as [number, number];
    const edited = await postPairs(owner, `${base}/excerpts/${e1}`, [['text', '“Being a member, not a case.”'], ['location', 'p. 14'], ['codeIds', String(codes.Hope)], ['memo', '']], PARTIAL);
    expect(edited.statusCode).toBe(200);
    expect(edited.body).toContain('Excerpt saved.');
    expect(edited.body).toContain('edited by Olive Owner');
    const badEdit = await postPairs(owner, `${base}/excerpts/${e1}`, [['text', ''], ['codeIds', String(codes.Hope)]], PARTIAL);
    expect(badEdit.statusCode).toBe(422);
    expect(badEdit.body).toMatch(new RegExp(`<details class="excerpt-edit" open(?:="")?>(?:(?!</details>).)*Paste or type the quoted text`, 's'));
    const deleted = await rita.post(`${base}/excerpts/${e2}/delete`, {}, { headers: PARTIAL });
    expect(deleted.body).toContain('Excerpt deleted.');
    expect(deleted.body).not.toContain('Work gave a routine.');
    await expectExactCounters({ studiesCoded: 2, excerpts: 2 });

    const memo = await rita.post(`${base}/memo`, { memo: 'Strong on governance; thin on outcomes.' }, { headers: PARTIAL });
    expect(memo.statusCode).toBe(200);
    expect(memo.body.startsWith('<section id="study-memo"')).toBe(true);
    expect(memo.body).toContain('Memo saved.');
    expect(memo.body).toContain('Saved by Rita Reviewer');
    expect((await rita.post(`${base}/memo`, { memo: 'm'.repeat(20_001) }, { headers: PARTIAL })).statusCode).toBe(422);

    const overview = await rita.get(CODING);
    expect(overview.body).toMatch(new RegExp(`data-study="${s1}" class="coded">(?:(?!</tr>).)*<td class="num">2</td><td class="num">1</td>(?:(?!</tr>).)*memo`, 's'));
    expect(overview.body).toContain('2 coded');

    // Everything is in the history, by whom.
    expect((await audit('coding.apply')).map((e) => [e.actorId, e.entity, e.entityId])).toEqual([
      [ritaId, 'study', String(s1)], [ritaId, 'study', String(s1)], [ritaId, 'study', String(s1)],
    ]);
    expect((await audit('coding.remove')).map((e) => e.actorId)).toEqual([ritaId]);
    expect((await audit('excerpt.add')).map((e) => [e.actorId, e.entity])).toEqual([[ritaId, 'excerpt'], [ritaId, 'excerpt'], [ownerId, 'excerpt']]);
    expect((await audit('excerpt.edit')).map((e) => [e.actorId, e.entityId])).toEqual([[ownerId, String(e1)]]);
    expect((await audit('excerpt.delete')).map((e) => [e.actorId, e.entityId])).toEqual([[ritaId, String(e2)]]);
    expect((await audit('coding.memo')).map((e) => e.actorId)).toEqual([ritaId]);
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.body).toMatch(/quoted <a href="[^"]+">#\d+<\/a>: “/);
  });

  it('quotes a passage in Italian with its English translation and translator, refuses what does not fit, and keeps the edits in the history', async () => {
    const [, s2] = studies as [number, number];
    const base = `${CODING}/studies/${s2}`;
    const page = await rita.get(base);
    // The add form keeps the languages behind a closed disclosure, with the common codes offered.
    expect(page.body).toMatch(/<details class="excerpt-language-fields"><summary>Quoted in another language<\/summary>/);
    expect(page.body).toContain('<option value="it">Italian</option>');
    const excerpts = async () => (await t.app.db.selectFrom('excerpt').select(['id', 'language', 'translation', 'translator']).where('recordId', '=', s2).orderBy('id').execute());
    const before = await excerpts();
    const italian: Array<[string, string]> = [
      ['text', 'Il lavoro in cooperativa mi ha dato un motivo per restare fuori.'], ['location', 'p. 7'], ['codeIds', String(codes.Italy)], ['codeIds', String(codes['Employment and work identity'])], ['memo', ''],
      ['language', 'it'], ['translation', 'Working in the co-operative gave me a reason to stay out.'], ['translator', 'DeepL, checked by Anna Rossi'],
    ];
    const added = await postPairs(rita, `${base}/excerpts`, italian, PARTIAL);
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Excerpt added.');
    expect(added.body).toContain('<blockquote class="excerpt-text" lang="it">Il lavoro in cooperativa mi ha dato un motivo per restare fuori.</blockquote>');
    expect(added.body).toContain('<p class="excerpt-translation-label">English translation by DeepL, checked by Anna Rossi</p><blockquote lang="en">Working in the co-operative gave me a reason to stay out.</blockquote>');
    expect(added.body).toContain('<span class="excerpt-language">Italian</span>');
    const [row] = (await excerpts()).slice(before.length);
    expect(row).toMatchObject({ language: 'it', translation: 'Working in the co-operative gave me a reason to stay out.', translator: 'DeepL, checked by Anna Rossi' });
    // Its edit form opens the disclosure with the values; the plain page shows the same.
    expect(added.body).toMatch(new RegExp(`<details class="excerpt-language-fields" open(?:="")?><summary>Quoted in another language</summary>(?:(?!</details>).)*id="f-excerpt-${row!.id}-language" name="language" type="text" value="it"`, 's'));
    expect((await rita.get(base)).body).toContain('English translation by DeepL, checked by Anna Rossi');

    // Refusals: 422, the problem by its field, what was typed kept, nothing written.
    const refusals: Array<[Array<[string, string]>, string]> = [
      [[['text', 'Arbetet gav mig hopp.'], ['codeIds', String(codes.Sweden)], ['language', 'Swedish']], 'Write the language as its code: sv for Swedish.'],
      [[['text', 'Arbetet gav mig hopp.'], ['codeIds', String(codes.Sweden)], ['language', 'sv-XX']], '“sv-XX” is not a language code Coreview knows'],
      [[['text', 'Work gave me hope.'], ['codeIds', String(codes.Sweden)], ['translation', 'Work gave me hope.']], 'Say which language the original is in'],
      [[['text', 'Work gave me hope.'], ['codeIds', String(codes.Sweden)], ['language', 'en'], ['translation', 'Work gave me hope.']], 'in English, the review’s language, so there is nothing to translate'],
      [[['text', 'Arbetet gav mig hopp.'], ['codeIds', String(codes.Sweden)], ['language', 'sv'], ['translator', 'Lars Berg']], 'Add the translation too: the translator is who made it.'],
      [[['text', 'Arbetet gav mig hopp.'], ['codeIds', String(codes.Sweden)], ['language', 'sv'], ['language', 'it']], 'Language must be given once, as text.'],
    ];
    for (const [pairs, message] of refusals) {
      const refused = await postPairs(rita, `${base}/excerpts`, pairs, PARTIAL);
      expect(refused.statusCode, message).toBe(422);
      expect(refused.body, message).toContain(message);
      expect(refused.body, message).toMatch(/<details class="excerpt-language-fields" open(?:="")?>/);
    }
    expect((await excerpts()).length).toBe(before.length + 1);

    // An edit through the form: a new translator, and the history says what changed.
    const edited = await postPairs(owner, `${base}/excerpts/${row!.id}`, [...italian.filter(([key]) => key !== 'translator'), ['translator', 'Anna Rossi']], PARTIAL);
    expect(edited.statusCode).toBe(200);
    expect(edited.body).toContain('Excerpt saved.');
    expect(edited.body).toContain('English translation by Anna Rossi');
    const badEdit = await postPairs(owner, `${base}/excerpts/${row!.id}`, [...italian.filter(([key]) => key !== 'language'), ['language', 'zz']], PARTIAL);
    expect(badEdit.statusCode).toBe(422);
    expect((await excerpts()).at(-1)).toMatchObject({ language: 'it', translator: 'Anna Rossi' });
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.body).toMatch(/quoted <a href="[^"]+">#\d+<\/a>: “Il lavoro in cooperativa mi ha dato un motivo per restare fuori\.” \(p\. 7\), in Italian, translated by DeepL, checked by Anna Rossi/);
    expect(history.body).toMatch(/edited an excerpt of <a href="[^"]+">#\d+<\/a>: “Il lavoro in cooperativa[^”]*” \(p\. 7\) — translated by Anna Rossi/);
    // Deleted, its original and translation stay in the history.
    expect((await owner.post(`${base}/excerpts/${row!.id}/delete`, {}, { headers: PARTIAL })).body).toContain('Excerpt deleted.');
    const deleted = await t.app.db.selectFrom('auditEvent').select('beforeJson').where('action', '=', 'excerpt.delete').where('entityId', '=', String(row!.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(deleted.beforeJson!)).toMatchObject({ language: 'it', translation: 'Working in the co-operative gave me a reason to stay out.', translator: 'Anna Rossi' });
    expect((await owner.get(`/reviews/${SLUG}/audit`)).body).toMatch(/deleted an excerpt of <a href="[^"]+">#\d+<\/a>: “Il lavoro in cooperativa[^”]*” \(p\. 7\), in Italian, translated by Anna Rossi/);
  });

  it('merges a code used on studies and excerpts from the codebook page, counters unchanged', async () => {
    const before = await readCounters(t.app.db, reviewId);
    await owner.get(`${CODING}/codebook`);
    const merged = await owner.post(`${CODING}/codebook/codes/${codes.Hope}/merge`, { into: String(codes.Agency) }, { headers: PARTIAL });
    expect(merged.statusCode).toBe(200);
    expect(merged.body).toContain('Merged “Themes › Desistance processes › Hope” into “Themes › Desistance processes › Agency”: 1 use moved.');
    expect(await t.app.db.selectFrom('excerptCode').select('codeId').where('codeId', '=', codes.Hope!).execute()).toEqual([]);
    const after = await readCounters(t.app.db, reviewId);
    expect([after.studies_coded, after.excerpts]).toEqual([before.studies_coded, before.excerpts]);
    const used = await owner.post(`${CODING}/codebook/codes/${codes.Agency}/delete`, {}, { headers: PARTIAL });
    expect(used.statusCode).toBe(422);
    expect(used.body).toContain('merge it into another code instead of deleting it');
    expect((await owner.post(`${CODING}/codebook/codes/${codes.Agency}/merge`, { into: '' }, { headers: PARTIAL })).statusCode).toBe(422);
    expect(await audit('code.merge')).toEqual([expect.objectContaining({ actorId: ownerId, entity: 'code', entityId: String(codes.Hope) })]);
  });

  it('refuses a record that is not an included study (422), another review’s code (422) and record (404)', async () => {
    const refused = await rita.post(`${CODING}/studies/${notIncluded}/codes`, { apply: String(codes.Italy) }, { headers: PARTIAL });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['hx-retarget']).toBe('#alerts');
    expect(refused.body).toContain(`Record #${notIncluded} is not an included study: only records included at full text are coded.`);
    expect((await postPairs(rita, `${CODING}/studies/${notIncluded}/excerpts`, [['text', 'x'], ['codeIds', String(codes.Italy)]])).statusCode).toBe(422);
    expect((await rita.post(`${CODING}/studies/${notIncluded}/memo`, { memo: 'x' })).statusCode).toBe(422);
    const page = await rita.get(`${CODING}/studies/${notIncluded}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('not an included study');

    const foreignCode = (await t.app.db.selectFrom('code').select('id').where('reviewId', '=', plainReviewId).executeTakeFirstOrThrow()).id;
    const otherCode = await rita.post(`${CODING}/studies/${studies[0]}/codes`, { apply: String(foreignCode) }, { headers: PARTIAL });
    expect(otherCode.statusCode).toBe(422);
    expect(otherCode.body).toContain('not in this review’s codebook');
    expect((await postPairs(rita, `${CODING}/studies/${studies[0]}/excerpts`, [['text', 'x'], ['codeIds', String(foreignCode)]], PARTIAL)).statusCode).toBe(422);

    expect((await rita.get(`${CODING}/studies/${otherReviewRecord}`)).statusCode).toBe(404);
    expect((await rita.post(`${CODING}/studies/${otherReviewRecord}/codes`, { apply: String(codes.Italy) })).statusCode).toBe(404);
    expect((await rita.get(`${CODING}/studies/99999999`)).statusCode).toBe(404);
    expect((await rita.get(`${CODING}/studies/1e3`)).statusCode).toBe(404);
    const someExcerpt = (await t.app.db.selectFrom('excerpt').select('id').where('recordId', '=', studies[0]!).executeTakeFirstOrThrow()).id;
    expect((await rita.post(`${CODING}/studies/${studies[1]}/excerpts/${someExcerpt}/delete`, {})).statusCode).toBe(404);
    expect((await rita.post(`${CODING}/studies/${studies[0]}/codes`, { apply: String(codes.Italy), remove: String(codes.Italy) }, { headers: PARTIAL })).statusCode).toBe(422);
    await expectExactCounters({ studiesCoded: 2, excerpts: 2 });
  });

  it('is a 404 for people outside the review', async () => {
    await outsider.get('/reviews');
    for (const url of [CODING, `${CODING}/codebook`, `${CODING}/codebook.json`, `${CODING}/colours.css`, `${CODING}/studies/${studies[0]}`]) {
      expect((await outsider.get(url)).statusCode).toBe(404);
    }
    expect((await outsider.post(`${CODING}/studies/${studies[0]}/codes`, { apply: String(codes.Italy) })).statusCode).toBe(404);
    expect((await outsider.post(`${CODING}/codebook/codes`, { parentId: '', name: 'X', description: '', colour: '' })).statusCode).toBe(404);
  });
});
