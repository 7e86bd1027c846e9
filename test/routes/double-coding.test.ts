import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { loadSynthesis } from '../../src/synthesis/synthesis-loader.js';
import { countCoding } from '../support/coding-truth.js';
import { formTokenIn } from '../support/form-tokens.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const CODING = `/reviews/${SLUG}/coding`;
const ALICE_TEXT = 'ALICE-QUOTE the co-operative gave me a reason to get up';
const BOB_TEXT = 'BOB-QUOTE my manager trusted me with the keys';
const OTHER_TEXT = 'ALICE-OTHER-STUDY a passage of the second study';

/**
 * Two coders code a study blind to each other, a third is refused, both finish, and the consensus
 * takes one excerpt from each: the synthesis and the counters then hold exactly those two.
 */
describe('independent double coding with consensus', () => {
  let t: TestApp;
  let owner: Client;
  let alice: Client;
  let bob: Client;
  let carol: Client;
  let reviewId: number;
  let study: number;
  let second: number;
  let codes: Record<string, number>;

  const pass = (id: number) => `${CODING}/studies/${id}/pass`;
  const consensus = (id: number) => `${CODING}/studies/${id}/consensus`;
  const passExcerpts = () => t.app.db.selectFrom('passExcerpt').select(['id', 'recordId', 'coderId', 'text', 'takenExcerptId']).where('reviewId', '=', reviewId).orderBy('id').execute();
  const agreedExcerpts = () => t.app.db.selectFrom('excerpt').select(['id', 'recordId', 'text']).where('reviewId', '=', reviewId).orderBy('id').execute();
  const audit = (action: string) => t.app.db.selectFrom('auditEvent').select(['entityId', 'afterJson', 'beforeJson']).where('reviewId', '=', reviewId).where('action', '=', action).orderBy('id').execute();

  async function addToPass(client: Client, id: number, text: string, codeId: number) {
    const page = await client.get(pass(id));
    expect(page.statusCode).toBe(200);
    const action = `${pass(id)}/excerpts`;
    return client.post(action, { _once: formTokenIn(page.body, action), text, location: 'p. 4', memo: '', language: '', translation: '', translator: '', codeIds: String(codeId) });
  }

  async function expectCountersTrue(expected: { studiesCoded: number; excerpts: number }) {
    const c = await readCounters(t.app.db, reviewId);
    const kept = { studiesCoded: c.studies_coded, excerpts: c.excerpts };
    expect(kept).toEqual(await countCoding(t.app.db, reviewId));
    expect(kept).toEqual(expected);
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ alice, bob, carol } = await addPeople(t.app, owner, [['Alice Coder', 'alice'], ['Bob Coder', 'bob'], ['Carol Third', 'carol']] as const));
    await createReview(owner, { title: 'Desistance and social co-operatives', slug: SLUG, codebookTemplate: true }, ['alice', 'bob', 'carol']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Working together: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016 },
      { title: 'Hope, agency and work', authors: ['Maruna, Shadd'], year: 2004 },
    ]);
    [study, second] = ids as [number, number];
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, ids);
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('lets only an owner switch the review to double coding', async () => {
    const shared = await owner.get(CODING);
    expect(shared.statusCode, shared.body.slice(0, 3000)).toBe(200);
    expect(shared.body).toContain('Save coding mode');
    const member = await alice.get(CODING);
    expect(member.statusCode).toBe(200);
    expect(member.body).not.toContain('Double coding');
    expect((await alice.post(`${CODING}/mode`, { mode: 'double' })).statusCode).toBe(403);
    await owner.get(CODING);
    expect((await owner.post(`${CODING}/mode`, { mode: 'triple' })).statusCode).toBe(422);
    expect((await owner.post(`${CODING}/mode`, { mode: 'double' })).statusCode).toBe(303);
    expect((await owner.get(CODING)).body).toContain('Coder agreement');
    expect((await audit('coding.mode')).map((e) => JSON.parse(e.afterJson!).mode)).toEqual(['double']);
  });

  it('keeps each coder’s pass from the other, and from the owner, until both have finished', async () => {
    // The study's page leads each coder to their own pass.
    const lead = await alice.get(`${CODING}/studies/${study}`);
    expect(lead.statusCode).toBe(303);
    expect(lead.headers.location).toBe(pass(study));
    expect((await addToPass(alice, study, ALICE_TEXT, codes.Individual!)).statusCode).toBe(303);
    await alice.get(pass(study));
    expect((await alice.post(`${pass(study)}/codes`, { apply: String(codes.Relational) })).statusCode).toBe(303);

    const bobs = await bob.get(pass(study));
    expect(bobs.body).not.toContain('ALICE-QUOTE');
    expect(bobs.body).toMatch(/Excerpts <span class="count muted">0<\/span>/);
    expect(bobs.body).not.toContain('aria-pressed="true"');
    expect((await addToPass(bob, study, BOB_TEXT, codes.Individual!)).statusCode).toBe(303);

    const alices = await alice.get(pass(study));
    expect(alices.body).toContain('ALICE-QUOTE');
    expect(alices.body).not.toContain('BOB-QUOTE');
    expect(alices.body).toMatch(/Excerpts <span class="count muted">1<\/span>/);
    for (const page of [await owner.get(pass(study)), await owner.get(CODING), await bob.get(CODING), await bob.get(`/reviews/${SLUG}/history`)]) {
      expect(page.body).not.toContain('ALICE-QUOTE');
      expect(page.body).not.toContain('BOB-QUOTE');
    }
    // The history says that a pass changed, never what it holds.
    expect((await audit('coding.pass_edit')).map((e) => e.afterJson).join()).not.toMatch(/QUOTE|Individual/);
    // Nothing of the passes reached the agreed coding, nor the coding page's counts and code uses.
    expect(await agreedExcerpts()).toEqual([]);
    const overview = (await owner.get(CODING)).body;
    expect(overview).toContain('2 included studies · 0 coded · 0 excerpts.');
    expect(overview).not.toMatch(/class="code-uses/);
    await expectCountersTrue({ studiesCoded: 0, excerpts: 0 });
  });

  it('refuses a third coder, writes into the agreed coding and the consensus before both finish', async () => {
    const before = (await passExcerpts()).length;
    // Her page offers no form to add with: a crafted one is refused.
    const page = await carol.get(pass(study));
    expect(page.body).not.toContain('Add an excerpt');
    const refused = await carol.post(`${pass(study)}/excerpts`, { text: 'CAROL-QUOTE', location: '', memo: '', codeIds: String(codes.Hope) });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('a third pass is not possible');
    expect((await carol.get(pass(study))).body).toContain('a third pass is not possible');
    expect((await passExcerpts()).length).toBe(before);
    expect(await t.app.db.selectFrom('codingPass').select('coderId').where('recordId', '=', study).execute()).toHaveLength(2);

    await alice.get(pass(study));
    expect((await alice.post(`${CODING}/studies/${study}/codes`, { apply: String(codes.Hope) })).statusCode).toBe(409);
    expect((await alice.post(`${CODING}/studies/${study}/memo`, { memo: 'agreed too early' })).statusCode).toBe(409);
    expect((await alice.get(consensus(study))).statusCode).toBe(409);
    const [aliceExcerpt] = await passExcerpts();
    expect((await alice.post(`${consensus(study)}/take`, { passExcerpt: String(aliceExcerpt!.id) })).statusCode).toBe(409);
    expect((await alice.post(`${consensus(study)}/complete`)).statusCode).toBe(409);
    expect(await agreedExcerpts()).toEqual([]);
    expect(await t.app.db.selectFrom('studyCode').select('codeId').where('reviewId', '=', reviewId).execute()).toEqual([]);
  });

  it('lets an owner remove an unfinished pass, freeing the place', async () => {
    expect((await addToPass(alice, second, OTHER_TEXT, codes.Hope!)).statusCode).toBe(303);
    const aliceId = (await passExcerpts()).find((e) => e.text === OTHER_TEXT)!.coderId;
    await alice.get(pass(second));
    expect((await alice.post(`${CODING}/studies/${second}/passes/${aliceId}/remove`)).statusCode).toBe(403);
    await owner.get(pass(second));
    expect((await owner.post(`${CODING}/studies/${second}/passes/${aliceId}/remove`)).statusCode).toBe(303);
    expect((await passExcerpts()).map((e) => e.text)).not.toContain(OTHER_TEXT);
    expect((await audit('coding.pass_remove')).map((e) => JSON.parse(e.beforeJson!).coder)).toEqual(['Alice Coder']);
    // Alice codes it again; her pass stays unfinished for the hostile take below.
    expect((await addToPass(alice, second, OTHER_TEXT, codes.Hope!)).statusCode).toBe(303);
  });

  it('finishes a pass once; the consensus opens when both are finished and shows them side by side', async () => {
    await alice.get(pass(study));
    expect((await alice.post(`${pass(study)}/finish`)).statusCode).toBe(303);
    const twice = await alice.post(`${pass(study)}/finish`);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('You have finished your pass');
    // Her finished pass is shown, not edited: no forms, and a crafted one is refused.
    const finished = await alice.get(pass(study));
    expect(finished.body).toContain('ALICE-QUOTE');
    expect(finished.body).not.toContain('Add an excerpt');
    expect(finished.body).not.toContain('Save excerpt');
    expect((await alice.post(`${pass(study)}/excerpts`, { text: 'ALICE-LATE', location: '', memo: '', codeIds: String(codes.Hope) })).statusCode).toBe(409);
    expect((await alice.post(`${pass(study)}/codes`, { apply: String(codes.Hope) })).statusCode).toBe(409);
    expect((await passExcerpts()).map((e) => e.text)).not.toContain('ALICE-LATE');
    // Finished on one side only: still blind.
    expect((await bob.get(pass(study))).body).not.toContain('ALICE-QUOTE');
    expect((await alice.get(pass(study))).body).not.toContain('BOB-QUOTE');
    expect((await owner.get(consensus(study))).statusCode).toBe(409);

    await bob.get(pass(study));
    expect((await bob.post(`${pass(study)}/finish`)).statusCode).toBe(303);
    expect((await audit('coding.pass_finish')).map((e) => e.entityId)).toEqual([String(study), String(study)]);
    const page = await alice.get(consensus(study));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ALICE-QUOTE');
    expect(page.body).toContain('BOB-QUOTE');
    expect(page.body).not.toContain('ALICE-OTHER-STUDY');
    expect(page.body.match(/Take this excerpt as it is/g)).toHaveLength(2);
    // The owner, no coder of the study, may see it now; Carol, neither coder nor owner, may not.
    expect((await owner.get(consensus(study))).statusCode).toBe(200);
    expect((await carol.get(consensus(study))).statusCode).toBe(403);
  });

  it('takes one excerpt from each pass, refuses hostile takes, completes once', async () => {
    const [aliceExcerpt, bobExcerpt, other] = await passExcerpts().then((rows) => [rows.find((r) => r.text === ALICE_TEXT)!, rows.find((r) => r.text === BOB_TEXT)!, rows.find((r) => r.text === OTHER_TEXT)!]);
    await alice.get(consensus(study));
    // Another study's pass excerpt, a broken id, nothing: refused, nothing written.
    expect((await alice.post(`${consensus(study)}/take`, { passExcerpt: String(other!.id) })).statusCode).toBe(404);
    expect((await alice.post(`${consensus(study)}/take`, { passExcerpt: 'abc' })).statusCode).toBe(404);
    expect((await alice.post(`${consensus(study)}/take`, {})).statusCode).toBe(404);
    expect(await agreedExcerpts()).toEqual([]);

    expect((await alice.post(`${consensus(study)}/take`, { passExcerpt: String(aliceExcerpt!.id) })).statusCode).toBe(303);
    await bob.get(consensus(study));
    expect((await bob.post(`${consensus(study)}/take`, { passExcerpt: String(bobExcerpt!.id) })).statusCode).toBe(303);
    const again = await bob.post(`${consensus(study)}/take`, { passExcerpt: String(bobExcerpt!.id) });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('already in the agreed coding');
    expect((await agreedExcerpts()).map((e) => [e.recordId, e.text])).toEqual([[study, ALICE_TEXT], [study, BOB_TEXT]]);
    expect((await passExcerpts()).filter((e) => e.takenExcerptId !== null).map((e) => e.text)).toEqual([ALICE_TEXT, BOB_TEXT]);
    expect((await audit('coding.consensus_take')).map((e) => JSON.parse(e.afterJson!).coder)).toEqual(['Alice Coder', 'Bob Coder']);

    // Now the study's coding page is the agreed coding, open for edits and study codes.
    const studyPage = await alice.get(`${CODING}/studies/${study}`);
    expect(studyPage.statusCode).toBe(200);
    expect(studyPage.body).toContain('ALICE-QUOTE');
    expect(studyPage.body).toContain('BOB-QUOTE');
    expect((await alice.post(`${CODING}/studies/${study}/codes`, { apply: String(codes.Enables) })).statusCode).toBe(303);

    expect((await alice.post(`${consensus(study)}/complete`)).statusCode).toBe(303);
    expect((await bob.post(`${consensus(study)}/complete`)).statusCode).toBe(409);
    expect(await audit('coding.consensus_complete')).toHaveLength(1);
    expect((await alice.get(consensus(study))).body).toContain('Consensus complete');
  });

  it('gives the synthesis and the counters only the agreed coding', async () => {
    const data = await loadSynthesis(t.app.db, { id: reviewId, title: 'Desistance and social co-operatives' });
    const texts = data.studies.flatMap((s) => s.excerpts.map((e) => e.text));
    expect(texts.sort()).toEqual([ALICE_TEXT, BOB_TEXT].sort());
    const coded = data.studies.find((s) => s.id === study)!;
    expect(coded.codeIds).toEqual([codes.Enables]);
    // Alice's unfinished pass over the second study is nowhere in it.
    expect(data.studies.find((s) => s.id === second)!.excerpts).toEqual([]);
    await expectCountersTrue({ studiesCoded: 1, excerpts: 2 });
  });

  it('reports coder agreement per code group, a unit being a study × a code', async () => {
    // One study with two finished passes. Level (Individual, Relational, Systemic):
    // Individual both, Relational Alice only (a study code), Systemic neither: table [[1, 1], [0, 1]], n 3,
    // p_o 2/3, p_e = (2/3)(1/3) + (1/3)(2/3) = 4/9, kappa = (2/3 − 4/9) / (5/9) = 0.4.
    // Direction (Enables, Constrains): neither coder applied either: agreement 100%, kappa undefined.
    const page = await owner.get(CODING);
    expect(page.body).toContain('A unit is a study × a code of the group');
    expect(page.body).toMatch(/data-group="\d+"><th scope="row">Level<\/th><td class="num">3<\/td><td class="num">66.7%<\/td><td class="num">0.400/);
    const csv = await owner.get(`${CODING}/agreement.csv`);
    expect(csv.statusCode).toBe(200);
    const rows = csv.body.trim().split('\r\n').map((line) => line.split(','));
    const level = rows.find((r) => r[0] === '"Level"')!;
    expect(level.slice(1, 8)).toEqual(['3', '1', '1', '0', '1', '0.6667', '0.4000']);
    const direction = rows.find((r) => r[0] === '"Direction"')!;
    expect(direction.slice(1, 8)).toEqual(['2', '0', '0', '0', '2', '1.0000', '']);
  });

  it('keeps the codebook from dropping a code a pass uses: deleting is refused, merging carries it along', async () => {
    // Alice's unfinished pass over the second study quotes an excerpt coded Hope, used nowhere else.
    const passCodes = async (codeId: number) => t.app.db.selectFrom('passExcerptCode').select('passExcerptId').where('codeId', '=', codeId).execute();
    const [hopeUse] = await passCodes(codes.Hope!);
    await owner.get(`${CODING}/codebook`);
    const refused = await owner.post(`${CODING}/codebook/codes/${codes.Hope}/delete`, {}, { headers: { 'hx-request': 'true', 'hx-request-type': 'partial' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('in coders’ own passes (double coding): merge it into another code instead of deleting it.');
    expect(await passCodes(codes.Hope!)).toHaveLength(1);
    const merged = await owner.post(`${CODING}/codebook/codes/${codes.Hope}/merge`, { into: String(codes.Agency) }, { headers: { 'hx-request': 'true', 'hx-request-type': 'partial' } });
    expect(merged.statusCode).toBe(200);
    expect(await passCodes(codes.Agency!)).toEqual([hopeUse]);
  });

  it('carries the mode, the passes and the consensus in the review archive', async () => {
    const archive = await owner.get(`/reviews/${SLUG}/settings/archive`);
    expect(archive.statusCode).toBe(200);
    await owner.get(`/reviews/${SLUG}/settings`);
    const imported = await owner.postMultipart('/reviews/new/import', { _csrf: owner.csrfToken, slug: 'coops-copy' }, [{ field: 'archive', name: 'coops.zip', content: new Uint8Array(archive.rawPayload) }]);
    expect(imported.statusCode, imported.body.slice(0, 300)).toBe(303);
    const copyId = await reviewIdOf(t.app.db, 'coops-copy');
    const db = t.app.db;
    expect((await db.selectFrom('codingSetting').select('mode').where('reviewId', '=', copyId).executeTakeFirstOrThrow()).mode).toBe('double');
    const passes = await db.selectFrom('codingPass').select(['finishedAt']).where('reviewId', '=', copyId).orderBy('startedAt').execute();
    expect(passes.map((p) => p.finishedAt !== null)).toEqual([true, true, false]);
    // Each taken pass excerpt points at the copy's own agreed excerpt with the same text.
    const taken = await db
      .selectFrom('passExcerpt as p')
      .innerJoin('excerpt as e', 'e.id', 'p.takenExcerptId')
      .select(['p.text as passText', 'e.text as agreedText', 'e.reviewId'])
      .where('p.reviewId', '=', copyId)
      .orderBy('p.id')
      .execute();
    expect(taken).toEqual([{ passText: ALICE_TEXT, agreedText: ALICE_TEXT, reviewId: copyId }, { passText: BOB_TEXT, agreedText: BOB_TEXT, reviewId: copyId }]);
    expect(await db.selectFrom('codingConsensus').select('reviewId').where('reviewId', '=', copyId).execute()).toHaveLength(1);
  });
});
