/**
 * Review findings and their GRADE-CERQual assessment through the real routes and forms, and the
 * Summary of Qualitative Findings downloads read back against a ledger written by hand. The review:
 *
 *   PRE  Rossi and Bianchi 2018, preprint     } included; grouped as one study ("versions") after
 *   ART  Rossi and Bianchi 2019, article      } the first finding was written with both as studies
 *   MCN  McNeill and Weaver 2010              included
 *   WEA  Weaver 2016                          included, one excerpt coded "Identity change"
 *   OUT  Farrall 2014                         not included
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { addExcerpt } from '../../src/coding/coding-service.js';
import { decidePair } from '../../src/dedup/dedup-service.js';
import { detectDuplicates } from '../../src/dedup/detection.js';
import { reviewFindings } from '../../src/findings/findings-queries.js';
import { decide } from '../../src/screening/screening-service.js';
import { includedStudies } from '../../src/studies/included-studies.js';
import { formTokenIn } from '../support/form-tokens.js';
import { readDocx, readXlsx, sheetValues } from '../support/office-files.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const BASE = `/reviews/${SLUG}/findings`;
const TITLE = 'Work after prison in Italian social co-operatives';

const IDENTITY = 'Work in a social co-operative gave participants a non-offending identity, as workers and members rather than as offenders.';
const IDENTITY_WHY = 'Downgraded for moderate concerns about adequacy (two studies, thin data) and minor concerns about relevance (Italy only).';
/** Each component's explanation, as the analyst writes it when there are concerns. */
const WHY: Record<string, string> = {
  methodologicalLimitations: 'Two of the three studies say little about recruitment.',
  coherence: 'One study’s data fit the finding less well.',
  adequacy: 'Thin data from few participants.',
  relevance: 'Italian settings only.',
};
const MENTORING = 'Peers with convictions who mentored newer members were described as proof that change was possible.';

describe('review findings (GRADE-CERQual)', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let otto: Client;
  let reviewId: number;
  let ids: { pre: number; art: number; mcn: number; wea: number; out: number };
  let codes: Record<string, number>;
  let otherReviewCode: number;
  let excerptId: number;

  /** A urlencoded POST with repeated fields (checkboxes), as a browser sends it, with the client's cookies. */
  async function postPairs(client: Client, url: string, pairs: Array<[string, string]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams([...pairs, ['_csrf', client.csrfToken]]);
    const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${client.cookie(name) ?? ''}`).join('; ');
    return t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
  }

  /** The page a redirect after `postPairs` lands on, with the notice the response set (its flash cookie). */
  async function landing(client: Client, response: LightMyRequestResponse): Promise<string> {
    const set = (response.cookies as Array<{ name: string; value: string }>).map((c) => `${c.name}=${c.value}`);
    const cookie = [...['cv_session', 'cv_csrf'].map((name) => `${name}=${client.cookie(name) ?? ''}`), ...set].join('; ');
    return (await client.get(response.headers.location as string, { cookie })).body;
  }

  /** The finding form's fields: every component at `level` with its explanation, unless given otherwise. */
  function findingFields(fields: { statement: string; codeId?: number | string; studyIds?: Array<number | string>; excerptIds?: number[]; level?: string; confidence?: string; explanation?: string }): Array<[string, string]> {
    const level = fields.level ?? '';
    return [
      ['statement', fields.statement],
      ['codeId', fields.codeId === undefined ? '' : String(fields.codeId)],
      ...(fields.studyIds ?? []).map((id): [string, string] => ['studyIds', String(id)]),
      ...(fields.excerptIds ?? []).map((id): [string, string] => ['excerptIds', String(id)]),
      ...['methodologicalLimitations', 'coherence', 'adequacy', 'relevance'].flatMap((c): Array<[string, string]> => [
        [`${c}Concern`, level],
        [`${c}Explanation`, level === '' || level === 'none' ? '' : WHY[c]!],
      ]),
      ['confidence', fields.confidence ?? ''],
      ['confidenceExplanation', fields.explanation ?? ''],
    ];
  }

  /** Opens the new-finding form as `client` and sends it, with its one-time token. */
  async function addThroughForm(client: Client, fields: Array<[string, string]>): Promise<LightMyRequestResponse> {
    const form = await client.get(`${BASE}/new`);
    expect(form.statusCode).toBe(200);
    return postPairs(client, BASE, [...fields, ['_once', formTokenIn(form.body, BASE)]]);
  }

  const written = async () => {
    const count = async (table: 'reviewFinding' | 'reviewFindingStudy' | 'reviewFindingExcerpt') =>
      Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const events = await t.app.db.selectFrom('auditEvent').select('id').where('action', 'like', 'finding.%').execute();
    return { findings: await count('reviewFinding'), studies: await count('reviewFindingStudy'), excerpts: await count('reviewFindingExcerpt'), events: events.length };
  };
  const audit = async (action: string) =>
    (await t.app.db.selectFrom('auditEvent').select(['actorId', 'entity', 'entityId', 'beforeJson', 'afterJson']).where('action', '=', action).where('reviewId', '=', reviewId).orderBy('id').execute()).map((e) => ({
      ...e,
      before: e.beforeJson === null ? null : JSON.parse(e.beforeJson),
      after: e.afterJson === null ? null : JSON.parse(e.afterJson),
    }));
  const accountId = async (email: string) => (await t.app.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const findingIds = async () => (await t.app.db.selectFrom('reviewFinding').select('id').where('reviewId', '=', reviewId).orderBy('position').execute()).map((f) => f.id);
  const synthesisVersion = async () =>
    (await t.app.db.selectFrom('reviewCounter').select('value').where('reviewId', '=', reviewId).where('name', '=', 'synthesis_version').executeTakeFirst())?.value ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, otto } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']]));
    await createReview(owner, { title: 'Co-operatives and desistance', slug: SLUG, codebookTemplate: true }, ['rita']);
    await createReview(owner, { title: 'Another review', slug: 'other', codebookTemplate: true });
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const ownerCtx = { reviewId, actorId: await accountId('owner@example.org') };
    const { ids: recordIds } = await insertSearch(t.app.db, reviewId, [
      { title: TITLE, authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2018, journal: 'SocArXiv', doi: '10.31235/osf.io/abcde', type: 'preprint' },
      { title: TITLE, authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2019, journal: 'Punishment & Society', doi: '10.1177/ps.2019' },
      { title: 'Changing lives? Desistance research and offender management', authors: ['McNeill, Fergus', 'Weaver, Beth'], year: 2010 },
      { title: 'Working together: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016 },
      { title: 'Criminal careers in transition', authors: ['Farrall, Stephen'], year: 2014 },
    ]);
    const [pre, art, mcn, wea, out] = recordIds as [number, number, number, number, number];
    ids = { pre, art, mcn, wea, out };
    await includeStudies(t.app.db, ownerCtx, [pre, art, mcn, wea]);
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
    otherReviewCode = flattenCodebook(await codebookTree(t.app.db, await reviewIdOf(t.app.db, 'other'))).find((c) => c.name === 'Identity change')!.id;
    excerptId = await addExcerpt(t.app.db, ownerCtx, wea, { text: 'I’m a worker now, not an ex-con.', location: '14', memo: '', codeIds: [codes['Identity change']!] });
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows every member the Findings tab and an empty table; a non-member reaches nothing and writes nothing', async () => {
    for (const client of [owner, rita]) {
      const page = await client.get(BASE);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('aria-current="page">Findings</a>');
      expect(page.body).toContain('No findings yet');
    }
    for (const url of [BASE, `${BASE}/new`, `${BASE}/soqf.docx`]) expect((await otto.get(url)).statusCode).toBe(404);
    const refused = await postPairs(otto, BASE, findingFields({ statement: IDENTITY, studyIds: [ids.wea] }));
    expect(refused.statusCode).toBe(404);
    expect(await written()).toEqual({ findings: 0, studies: 0, excerpts: 0, events: 0 });
  });

  it('offers the included studies, a theme and the four CERQual components with their levels on the form', async () => {
    const form = await rita.get(`${BASE}/new`);
    expect(form.body).toContain('<script src="/assets/filter-list.js" defer></script>');
    for (const label of ['Rossi and Bianchi (2018)', 'Rossi and Bianchi (2019)', 'McNeill and Weaver (2010)', 'Weaver (2016)']) expect(form.body).toContain(`<strong>${label}</strong>`);
    expect(form.body).not.toContain('Criminal careers in transition');
    expect(form.body).toContain(`<option value="${codes['Identity change']}">Themes › Desistance processes › Identity change</option>`);
    for (const text of ['Methodological limitations', 'Coherence', 'Adequacy of data', 'Relevance', 'No or very minor concerns', 'Serious concerns', 'Very low confidence']) expect(form.body).toContain(text);
  });

  it('adds a finding written by a member, with its studies, theme and assessment, and records it in the history', async () => {
    const before = await synthesisVersion();
    const response = await addThroughForm(rita, findingFields({ statement: IDENTITY, codeId: codes['Identity change'], studyIds: [ids.pre, ids.art, ids.wea], level: 'minor', confidence: 'moderate', explanation: IDENTITY_WHY }));
    expect(response.statusCode).toBe(303);
    const [id] = await findingIds();
    expect(response.headers.location).toBe(`${BASE}#finding-${id}`);
    expect(await synthesisVersion()).toBeGreaterThan(before);
    const page = await landing(rita, response);
    expect(page).toContain('Finding added.');
    expect(page).toContain(IDENTITY);
    expect(page).toContain('Rossi and Bianchi (2018); Rossi and Bianchi (2019); Weaver (2016)');
    expect(page).toContain('Moderate confidence');
    expect(page).toContain('Theme: Identity change');
    const [event] = await audit('finding.add');
    expect(event).toMatchObject({ actorId: await accountId('rita@example.org'), entity: 'review_finding', entityId: String(id) });
    expect(event!.after).toMatchObject({
      statement: IDENTITY,
      theme: 'Identity change',
      studyIds: [ids.pre, ids.art, ids.wea],
      studies: ['Rossi and Bianchi (2018)', 'Rossi and Bianchi (2019)', 'Weaver (2016)'],
      coherence: { concern: 'minor', explanation: WHY.coherence },
      confidence: 'moderate',
      explanation: IDENTITY_WHY,
    });
  });

  it('lets the owner add a finding not yet assessed', async () => {
    const response = await addThroughForm(owner, findingFields({ statement: MENTORING, studyIds: [ids.mcn] }));
    expect(response.statusCode).toBe(303);
    const page = await owner.get(BASE);
    expect(page.body).toContain('Not assessed yet');
    expect(page.body).toContain('2 findings, 1 with a GRADE-CERQual assessment of confidence, from 4 included studies.');
  });

  it('refuses a broken finding with the reason, writing nothing', async () => {
    const before = await written();
    const cases: Array<[string, Array<[string, string]>, string]> = [
      ['no explanation of the overall assessment', findingFields({ statement: IDENTITY, studyIds: [ids.wea], level: 'none', confidence: 'high', explanation: '  ' }), 'Explain the overall assessment of confidence'],
      ['an overall assessment before the components', findingFields({ statement: IDENTITY, studyIds: [ids.wea], confidence: 'low', explanation: 'Low.' }), 'before the overall confidence'],
      ['a record that is not an included study', findingFields({ statement: IDENTITY, studyIds: [ids.wea, ids.out] }), `#${ids.out} is not one`],
      ['an id nobody has', findingFields({ statement: IDENTITY, studyIds: [987654] }), '#987654 is not one'],
      ['a study id that is no number', findingFields({ statement: IDENTITY, studyIds: ['1; DROP TABLE'] }), 'Choose contributing studies among the included studies.'],
      ['another review’s code', findingFields({ statement: IDENTITY, codeId: otherReviewCode }), 'That theme is not in this review’s codebook'],
      ['an overlong finding', findingFields({ statement: 'x'.repeat(2_001) }), 'Keep the finding under 2,000 characters (it has 2,001).'],
      ['an overlong explanation', findingFields({ statement: IDENTITY, level: 'none', confidence: 'high', explanation: 'y'.repeat(5_001) }), 'Keep the explanation of the assessment under 5,000 characters'],
      ['a level CERQual does not have', findingFields({ statement: IDENTITY, level: 'catastrophic' }), 'Choose a level of concern for coherence.'],
      ['an excerpt from a study that does not contribute', findingFields({ statement: IDENTITY, studyIds: [ids.mcn], excerptIds: [excerptId] }), 'Supporting excerpts come from the contributing studies'],
      ['no statement', findingFields({ statement: '' }), 'Write the review finding'],
      ['a theme that is no number', findingFields({ statement: IDENTITY, codeId: 'Hope' }), 'Choose a theme from this review’s codebook.'],
      ['the statement sent twice', [['statement', 'one'], ...findingFields({ statement: 'two' })], 'Finding must be given once, as text.'],
    ];
    for (const [what, fields, message] of cases) {
      const response = await addThroughForm(rita, fields);
      expect(response.statusCode, what).toBe(422);
      expect(response.body, what).toContain(message);
    }
    // The form comes back as typed, so the analyst corrects it rather than retyping.
    const refused = await addThroughForm(rita, findingFields({ statement: 'Kept <as typed>', studyIds: [ids.wea], level: 'none', confidence: 'high' }));
    expect(refused.body).toContain('Kept &lt;as typed></textarea>');
    expect(refused.body).toMatch(new RegExp(`name="studyIds" value="${ids.wea}" checked`));
    expect(await written()).toEqual(before);
  });

  it('edits a finding, keeping the earlier version in the history, and says when nothing changed', async () => {
    const [id] = await findingIds();
    const url = `${BASE}/${id}`;
    const form = await owner.get(url);
    expect(form.body).toContain('Finding 1');
    expect(form.body).toContain(`>${IDENTITY}</textarea>`);
    // The excerpt on the theme from a contributing study is offered as support.
    expect(form.body).toContain(`name="excerptIds" value="${excerptId}"`);
    const fields = findingFields({ statement: IDENTITY, codeId: codes['Identity change'], studyIds: [ids.pre, ids.art, ids.wea], excerptIds: [excerptId], level: 'minor', confidence: 'low', explanation: IDENTITY_WHY });
    const saved = await postPairs(owner, url, fields);
    expect(saved.statusCode).toBe(303);
    expect(await landing(owner, saved)).toContain('Finding saved.');
    const again = await postPairs(owner, url, fields);
    expect(again.statusCode).toBe(303);
    expect(await landing(owner, again)).toContain('Nothing to change in the finding.');
    const edits = await audit('finding.edit');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.before).toMatchObject({ confidence: 'moderate', excerptIds: [] });
    expect(edits[0]!.after).toMatchObject({ confidence: 'low', excerptIds: [excerptId] });
    const history = await owner.get(`/reviews/${SLUG}/audit`);
    expect(history.body).toContain('edited the review finding “Work in a social co-operative gave participants a non-offending identity, as wo…”: the supporting excerpts and the confidence (now low confidence)');
    // A refused edit changes nothing.
    const refused = await postPairs(owner, url, findingFields({ statement: IDENTITY, studyIds: [ids.out] }));
    expect(refused.statusCode).toBe(422);
    expect((await reviewFindings(t.app.db, reviewId, await includedStudies(t.app.db, reviewId)))[0]!.assessment.confidence).toBe('low');
    expect((await otto.get(url)).statusCode).toBe(404);
    expect((await postPairs(otto, url, fields)).statusCode).toBe(404);
  });

  it('reorders findings, and refuses a direction that is neither up nor down', async () => {
    const [first, second] = await findingIds();
    const version = await synthesisVersion();
    expect((await postPairs(rita, `${BASE}/${second}/move`, [['direction', 'up']])).statusCode).toBe(303);
    expect(await findingIds()).toEqual([second, first]);
    expect(await synthesisVersion()).toBeGreaterThan(version);
    const atTop = await postPairs(rita, `${BASE}/${second}/move`, [['direction', 'up']]);
    expect(atTop.statusCode).toBe(303);
    expect(await landing(rita, atTop)).toContain('The finding is already at the top.');
    expect(await findingIds()).toEqual([second, first]);
    expect((await postPairs(rita, `${BASE}/${second}/move`, [['direction', 'sideways']])).statusCode).toBe(400);
    expect((await postPairs(rita, `${BASE}/999999/move`, [['direction', 'down']])).statusCode).toBe(404);
    const moves = await audit('finding.move');
    expect(moves.map((m) => [m.entityId, m.before.position, m.after.position])).toEqual([[String(second), 2, 1]]);
  });

  it('counts a study once when its reports are grouped after the finding was written', async () => {
    const ctx = { reviewId, actorId: await accountId('owner@example.org') };
    await detectDuplicates(t.app.db, ctx);
    const pair = await t.app.db.selectFrom('duplicatePair').select('id').where('reviewId', '=', reviewId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    await decidePair(t.app.db, ctx, pair.id, 'versions');
    const studies = await includedStudies(t.app.db, reviewId);
    const identity = (await reviewFindings(t.app.db, reviewId, studies)).find((f) => f.statement === IDENTITY)!;
    expect(identity.studyIds).toEqual([ids.pre, ids.wea]);
    expect((await rita.get(BASE)).body).toContain('Rossi and Bianchi (2019); Weaver (2016)');
  });

  it('downloads the Summary of Qualitative Findings as Word and Excel, equal to the ledger', async () => {
    const ledger = [
      ['#', 'Summary of review finding', 'Studies contributing to the review finding', 'CERQual assessment of confidence', 'Explanation of CERQual assessment'],
      ['1', MENTORING, 'McNeill and Weaver (2010)', 'Not assessed yet', ''],
      ['2', IDENTITY, 'Rossi and Bianchi (2019); Weaver (2016)', 'Low confidence', IDENTITY_WHY],
    ];
    const docx = await rita.get(`${BASE}/soqf.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['content-disposition']).toBe('attachment; filename=coops-summary-of-findings.docx');
    const document = await readDocx(docx.rawPayload);
    expect(document.paragraphs[0]).toEqual({ style: 'Heading1', text: 'Summary of qualitative findings: Co-operatives and desistance' });
    const notAssessed = 'Not assessed yet';
    const minor = (c: string) => `Minor concerns\n${WHY[c]}`;
    const profile = [
      ['#', 'Summary of review finding', 'Studies contributing to the review finding', 'Methodological limitations', 'Coherence', 'Adequacy of data', 'Relevance', 'CERQual assessment of confidence', 'Explanation of CERQual assessment'],
      ['1', MENTORING, 'McNeill and Weaver (2010)', notAssessed, notAssessed, notAssessed, notAssessed, notAssessed, ''],
      ['2', IDENTITY, 'Rossi and Bianchi (2019); Weaver (2016)', minor('methodologicalLimitations'), minor('coherence'), minor('adequacy'), minor('relevance'), 'Low confidence', IDENTITY_WHY],
    ];
    expect(document.tables).toEqual([ledger, profile]);
    expect(document.headerRows).toEqual([1, 1]);
    expect(document.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual(['CERQual Evidence Profile']);

    const xlsx = await rita.get(`${BASE}/soqf.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const rows = sheetValues((await readXlsx(xlsx.rawPayload)).getWorksheet('Summary of findings')!);
    expect(rows.map((r) => r.slice(0, 5))).toEqual(ledger.map((r, i) => (i === 0 ? r : [Number(r[0]), r[1], r[2], r[3], r[4] === '' ? null : r[4]])));
    expect(rows[0]!.slice(5, 8)).toEqual(['Theme', 'Methodological limitations', 'Methodological limitations: explanation']);
    expect(rows[2]!.slice(5, 8)).toEqual(['Identity change', 'Minor concerns', WHY.methodologicalLimitations]);
    expect((await rita.get(`${BASE}/soqf.pdf`)).statusCode).toBe(404);
  });

  it('deletes a finding, the history keeping what it said', async () => {
    const mentoring = (await findingIds())[0]!;
    const version = await synthesisVersion();
    const response = await postPairs(rita, `${BASE}/${mentoring}/delete`, []);
    expect(response.statusCode).toBe(303);
    expect(await synthesisVersion()).toBeGreaterThan(version);
    expect(await findingIds()).toHaveLength(1);
    expect((await rita.get(BASE)).body).not.toContain(MENTORING);
    const [event] = await audit('finding.delete');
    expect(event).toMatchObject({ actorId: await accountId('rita@example.org'), entityId: String(mentoring) });
    expect(event!.before).toMatchObject({ statement: MENTORING, studies: ['McNeill and Weaver (2010)'], confidence: null });
    expect((await owner.get(`/reviews/${SLUG}/audit`)).body).toContain('deleted the review finding “Peers with convictions who mentored newer members were described as proof that…”');
    expect((await postPairs(rita, `${BASE}/${mentoring}/delete`, [])).statusCode).toBe(404);
    expect(await t.app.db.selectFrom('reviewFindingStudy').select('recordId').where('findingId', '=', mentoring).execute()).toEqual([]);
  });

  it('says when a contributing study is no longer included, and leaves it out of the table', async () => {
    const ownerId = await accountId('owner@example.org');
    const reason = await t.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', 'full_text').executeTakeFirstOrThrow();
    const before = await synthesisVersion();
    await decide(t.app.db, { reviewId, actorId: ownerId }, { recordId: ids.wea, stage: 'full_text', decision: 'exclude', reasonId: reason.id, note: '', labels: [] });
    expect(await synthesisVersion()).toBeGreaterThan(before);
    const [identity] = await reviewFindings(t.app.db, reviewId, await includedStudies(t.app.db, reviewId));
    expect(identity).toMatchObject({ studyIds: [ids.pre], notIncluded: [ids.wea] });
    const page = (await rita.get(BASE)).body;
    expect(page).toContain('<td>Rossi and Bianchi (2019)<p class="hint">1 contributing report no longer included.</p></td>');
    const document = await readDocx((await rita.get(`${BASE}/soqf.docx`)).rawPayload);
    expect(document.tables[0]![1]!.slice(0, 3)).toEqual(['1', IDENTITY, 'Rossi and Bianchi (2019)']);
  });
});
