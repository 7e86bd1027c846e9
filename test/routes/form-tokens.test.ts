import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { issueToken, tokenLifetimeMs } from '../../src/http/form-token.js';
import { fixtureUpload } from '../support/imports.js';
import { formTokenIn } from '../support/form-tokens.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const PARTIAL = { 'hx-request': 'true', 'hx-request-type': 'partial' };

/** Creating forms carry a one-time token: sent twice, a form creates once and answers alike. */
describe('one-time form tokens', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let studies: number[];
  let otherStudy: number;
  let hope: number;

  const study = (id: number, slug = 'coops') => `/reviews/${slug}/coding/studies/${id}`;
  const excerpts = async (recordId: number) => (await t.app.db.selectFrom('excerpt').select('text').where('recordId', '=', recordId).orderBy('id').execute()).map((e) => e.text);

  /** The add-excerpt form's token, from the study page as `client` sees it. */
  async function excerptToken(client: Client, recordId: number, slug = 'coops'): Promise<string> {
    return formTokenIn((await client.get(study(recordId, slug))).body, `${study(recordId, slug)}/excerpts`);
  }

  function addExcerpt(client: Client, recordId: number, token: string | undefined, text: string, headers: Record<string, string> = PARTIAL, slug = 'coops'): Promise<LightMyRequestResponse> {
    return client.post(`${study(recordId, slug)}/excerpts`, { text, location: 'p. 3', memo: '', codeIds: String(hope), ...(token === undefined ? {} : { _once: token }) }, { headers });
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita']] as const));
    await createReview(owner, { title: 'Desistance and social co-operatives', slug: 'coops', codebookTemplate: true }, ['rita']);
    await createReview(owner, { title: 'Another review', slug: 'other', codebookTemplate: true }, ['rita']);
    await createReview(owner, { title: 'A review without a codebook', slug: 'plain' });
    const ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const reviewId = await reviewIdOf(t.app.db, 'coops');
    studies = (await insertSearch(t.app.db, reviewId, [{ title: 'Working together', year: 2016 }, { title: 'Hope and work', year: 2004 }, { title: 'A third study', year: 2010 }])).ids;
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, studies);
    const otherId = await reviewIdOf(t.app.db, 'other');
    otherStudy = (await insertSearch(t.app.db, otherId, [{ title: 'Elsewhere', year: 2020 }])).ids[0]!;
    await includeStudies(t.app.db, { reviewId: otherId, actorId: ownerId }, [otherStudy]);
    hope = flattenCodebook(await codebookTree(t.app.db, reviewId)).find((c) => c.name === 'Hope')!.id;
    // The other review's codebook is its own: its Hope has another id.
    await t.app.db.updateTable('code').set({ id: hope + 1000 }).where('reviewId', '=', otherId).where('name', '=', 'Hope').execute();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('stores one excerpt when the same form is sent twice, and answers the second as the first', async () => {
    const token = await excerptToken(rita, studies[0]!);
    const first = await addExcerpt(rita, studies[0]!, token, 'Membership gave a new identity.');
    const second = await addExcerpt(rita, studies[0]!, token, 'Membership gave a new identity.');
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    for (const answer of [first, second]) {
      expect(answer.body).toContain('Excerpt added.');
      expect(answer.body).toContain('Excerpts <span class="count muted">1</span>');
    }
    expect(await excerpts(studies[0]!)).toEqual(['Membership gave a new identity.']);

    // A plain form (no htmx) is redirected to the same place both times.
    const plain = await excerptToken(rita, studies[0]!);
    const redirects = [await addExcerpt(rita, studies[0]!, plain, 'Second passage.', {}), await addExcerpt(rita, studies[0]!, plain, 'Second passage.', {})];
    expect(redirects.map((r) => [r.statusCode, r.headers.location])).toEqual([[303, `${study(studies[0]!)}#excerpts`], [303, `${study(studies[0]!)}#excerpts`]]);
    expect(await excerpts(studies[0]!)).toEqual(['Membership gave a new identity.', 'Second passage.']);
  });

  it('stores one excerpt when the two submissions arrive together', async () => {
    const token = await excerptToken(rita, studies[1]!);
    const answers = await Promise.all([addExcerpt(rita, studies[1]!, token, 'At once.'), addExcerpt(rita, studies[1]!, token, 'At once.')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(await excerpts(studies[1]!)).toEqual(['At once.']);
  });

  it('stores two excerpts from two forms, and the page after each offers a new token', async () => {
    const first = await excerptToken(rita, studies[2]!);
    const answer = await addExcerpt(rita, studies[2]!, first, 'One.');
    const next = formTokenIn(answer.body, `${study(studies[2]!)}/excerpts`);
    expect(next).not.toBe(first);
    await addExcerpt(rita, studies[2]!, next, 'Two.');
    expect(await excerpts(studies[2]!)).toEqual(['One.', 'Two.']);
  });

  it('keeps the token of a refused form, so the corrected form is stored once', async () => {
    const token = await excerptToken(rita, studies[2]!);
    const refused = await rita.post(`${study(studies[2]!)}/excerpts`, { text: 'Three.', _once: token }, { headers: PARTIAL });
    expect(refused.statusCode).toBe(422);
    expect((await addExcerpt(rita, studies[2]!, token, 'Three.')).statusCode).toBe(200);
    expect((await addExcerpt(rita, studies[2]!, token, 'Three.')).statusCode).toBe(200);
    expect(await excerpts(studies[2]!)).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('creates what a form sent again with other fields says (changed after Back), once', async () => {
    const token = await excerptToken(rita, studies[1]!);
    for (const text of ['First reading.', 'Second reading.', 'Second reading.']) await addExcerpt(rita, studies[1]!, token, text);
    expect(await excerpts(studies[1]!)).toEqual(['At once.', 'First reading.', 'Second reading.']);
  });

  it('refuses a token from another form, another review or another person, and stores nothing', async () => {
    const before = await t.app.db.selectFrom('excerpt').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const refusals = [
      // Study 1's form sent to study 2.
      await addExcerpt(rita, studies[1]!, await excerptToken(rita, studies[0]!), 'Wrong study.'),
      // The same form of another review.
      await addExcerpt(rita, studies[0]!, await excerptToken(rita, otherStudy, 'other'), 'Wrong review.'),
      // The owner's token sent by Rita.
      await addExcerpt(rita, studies[0]!, await excerptToken(owner, studies[0]!), 'Wrong person.'),
      // Not a token at all.
      await addExcerpt(rita, studies[0]!, 'made-up', 'Made up.'),
      // Another creating form of the same review: a code for the codebook.
      await owner.post('/reviews/coops/coding/codebook/codes', { parentId: '', name: 'Sneaky', description: '', colour: '', _once: await excerptToken(owner, studies[0]!) }),
    ];
    for (const refused of refusals) {
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('This form was sent from another page or is out of date, so nothing was saved. Reload the page and try again.');
    }
    expect(await t.app.db.selectFrom('excerpt').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);
    expect(await t.app.db.selectFrom('code').select('id').where('name', '=', 'Sneaky').execute()).toEqual([]);
  });

  /** Each form that creates something: where it is shown, what it sends, and how many rows it made. */
  const CREATING_FORMS: Array<{ form: string; page: string; action: string; send: (client: Client, action: string, token: string) => Promise<LightMyRequestResponse>; count: () => Promise<number> }> = [
    {
      form: 'a new review',
      page: '/reviews/new',
      action: '/reviews',
      send: (c, action, _once) => c.post(action, { title: 'Twice clicked', slug: 'twice', question: '', description: '', _once }),
      count: async () => (await t.app.db.selectFrom('review').select('id').where('slug', '=', 'twice').execute()).length,
    },
    {
      form: 'a new person',
      page: '/people',
      action: '/people',
      send: (c, action, _once) => c.post(action, { name: 'Dora Double', email: 'dora@example.org', password: 'dora-password-1', _once }),
      count: async () => (await t.app.db.selectFrom('account').select('id').where('email', '=', 'dora@example.org').execute()).length,
    },
    ...([['criteria/inclusion', 'criterion'], ['reasons/full_text', 'exclusionReason']] as const).map(([list, table]) => ({
      form: `an item of ${list}`,
      page: '/reviews/coops/protocol',
      action: `/reviews/coops/${list}`,
      send: (c: Client, action: string, _once: string) => c.post(action, { text: `Added once to ${list}`, _once }),
      count: async () => (await t.app.db.selectFrom(table).select('id').where('text', '=', `Added once to ${list}`).execute()).length,
    })),
    {
      form: 'a codebook group',
      page: '/reviews/coops/coding/codebook',
      action: '/reviews/coops/coding/codebook/codes',
      send: (c, action, _once) => c.post(action, { parentId: '', name: 'Clicked twice', description: '', colour: '#5b7db1', _once }),
      count: async () => (await t.app.db.selectFrom('code').select('id').where('name', '=', 'Clicked twice').execute()).length,
    },
    {
      form: 'the framework template',
      page: '/reviews/plain/coding/codebook',
      action: '/reviews/plain/coding/codebook/template',
      send: (c, action, _once) => c.post(action, { _once }),
      count: async () => (await t.app.db.selectFrom('code').innerJoin('review', 'review.id', 'code.reviewId').select('code.id').where('review.slug', '=', 'plain').where('code.name', '=', 'Hope').execute()).length,
    },
    {
      form: 'a codebook file',
      page: '/reviews/coops/coding/codebook',
      action: '/reviews/coops/coding/codebook/import',
      send: (c, action, _once) => c.postMultipart(action, { _csrf: c.csrfToken, _once }, [{ field: 'file', name: 'c.json', content: JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'Imported once' }] }) }]),
      count: async () => (await t.app.db.selectFrom('code').select('id').where('name', '=', 'Imported once').execute()).length,
    },
    {
      form: 'an extraction field',
      page: '/reviews/coops/coding/form',
      action: '/reviews/coops/coding/form/fields',
      send: (c, action, _once) => c.post(action, { label: 'Sample size', help: '', kind: 'number', choicesText: '', _once }),
      count: async () => (await t.app.db.selectFrom('extractionField').select('id').where('label', '=', 'Sample size').execute()).length,
    },
    {
      form: 'an upload of exports',
      page: '/reviews/coops/imports',
      action: '/reviews/coops/imports',
      send: (c, action, _once) =>
        c.postMultipart(action, { _csrf: c.csrfToken, _once, sourceType: 'database', sourceName: 'Scopus', searchedOn: '2026-11-01', query: 'twice' }, [{ field: 'files', ...fixtureUpload('scopus.ris') }]),
      count: async () => (await t.app.db.selectFrom('importUpload').select('id').where('searchJson', 'like', '%"twice"%').execute()).length,
    },
  ];

  it.each(CREATING_FORMS.map((f) => [f.form, f] as const))('creates %s once when its form is sent twice, answering alike', async (_name, f) => {
    const page = await owner.get(f.page);
    expect(page.statusCode).toBe(200);
    const token = formTokenIn(page.body, f.action);
    expect(await f.count()).toBe(0);
    const first = await f.send(owner, f.action, token);
    const second = await f.send(owner, f.action, token);
    expect(first.statusCode).toBe(303);
    expect([second.statusCode, second.headers.location]).toEqual([first.statusCode, first.headers.location]);
    expect(await f.count()).toBe(1);
  });

  it('refuses a token older than a session lasts, and forgets used tokens that old', async () => {
    const lifetime = tokenLifetimeMs(t.config.sessionDays);
    const ritaId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'rita@example.org').executeTakeFirstOrThrow()).id;
    const reviewId = await reviewIdOf(t.app.db, 'coops');
    const scope = { accountId: ritaId, reviewId, form: `${study(studies[0]!)}/excerpts` };
    const stale = issueToken(t.config.sessionSecret, scope, Date.now() - lifetime - 1000);
    await rita.get(study(studies[0]!));
    const refused = await addExcerpt(rita, studies[0]!, stale, 'Too late.');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('out of date, so nothing was saved');
    expect(await excerpts(studies[0]!)).not.toContain('Too late.');

    const oldUse = { token: 'o'.repeat(22), accountId: ritaId, form: scope.form, resultJson: '1', createdAt: new Date(Date.now() - lifetime - 1000).toISOString() };
    const recentUse = { ...oldUse, token: 'r'.repeat(22), createdAt: new Date(Date.now() - lifetime + 60_000).toISOString() };
    await t.app.db.insertInto('formSubmission').values([oldUse, recentUse]).execute();
    await addExcerpt(rita, studies[0]!, issueToken(t.config.sessionSecret, scope), 'Fresh.');
    const kept = (await t.app.db.selectFrom('formSubmission').select('token').where('token', 'in', [oldUse.token, recentUse.token]).execute()).map((r) => r.token);
    expect(kept).toEqual([recentUse.token]);
  });
});
