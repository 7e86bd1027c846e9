import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formValues } from '../support/edit-form.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

describe('records: editing', () => {
  let t: TestApp;
  let owner: Client;
  let reviewer: Client;
  let reviewId: number;
  let noAbstract: number;
  let other: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await addPerson(t.app, owner, { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-password' });
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Co-production', slug: 'coprod', question: '', description: '' });
    reviewer = await signIn(t.app, 'rita@example.org', 'rita-password');
    await addMember(owner, 'coprod', reviewer, 'rita@example.org');
    reviewId = await reviewIdOf(t.app.db, 'coprod');
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Co-producing probation with service users', authors: ['Weaver, Beth', 'McNeill, Fergus'], abstract: '', year: 2016, keywords: ['co-production'] },
      { title: 'Prison labour in Sweden', abstract: 'Kriminalvården and work.', year: 2012 },
    ]);
    [noAbstract, other] = ids as [number, number];
  });
  afterAll(async () => t.close());

  const editUrl = (id: number) => `/reviews/coprod/records/${id}/edit`;

  it('lets any member paste a missing abstract; the change is searchable and in the history', async () => {
    const form = await reviewer.get(editUrl(noAbstract));
    expect(form.statusCode).toBe(200);
    const values = formValues(form.body);
    expect(values.title).toBe('Co-producing probation with service users');
    expect(values.authors).toBe('Weaver, Beth\nMcNeill, Fergus');

    const abstract = 'Service users shaped supervision in Glasgow.\n\nParticipants described generativity and hope.';
    const saved = await reviewer.post(editUrl(noAbstract), { ...values, abstract });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/reviews/coprod/records/${noAbstract}`);

    const detail = await reviewer.get(`/reviews/coprod/records/${noAbstract}`);
    expect(detail.body).toContain('Record saved (abstract).');
    expect(detail.body).toContain('<p>Service users shaped supervision in Glasgow.</p><p>Participants described generativity and hope.</p>');
    expect(detail.body).toMatch(/Rita Reviewer changed abstract/);

    const search = await reviewer.get('/reviews/coprod/records?q=generativity');
    expect(search.body).toContain(`href="/reviews/coprod/records/${noAbstract}"`);
    expect(search.body).toContain('<mark>generativity</mark>');

    const events = await t.app.db.selectFrom('auditEvent').selectAll().where('action', '=', 'record.edit').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.entity).toBe('record');
    expect(events[0]!.entityId).toBe(String(noAbstract));
    expect(JSON.parse(events[0]!.beforeJson!)).toEqual({ abstract: '' });
    expect(JSON.parse(events[0]!.afterJson!)).toEqual({ abstract });
    const history = await owner.get('/reviews/coprod/audit');
    expect(history.body).toContain(`Rita Reviewer</strong> edited <a href="/reviews/coprod/records/${noAbstract}">#${noAbstract}</a>: abstract`);
  });

  it('keeps the search index in step with a changed title and keywords', async () => {
    const values = formValues((await owner.get(editUrl(other))).body);
    const saved = await owner.post(editUrl(other), { ...values, title: 'Cooperative labour in Swedish prisons', keywords: 'Samhall\nwork integration' });
    expect(saved.statusCode).toBe(303);
    expect((await owner.get('/reviews/coprod/records?q=Sweden&exact=1')).body).toContain('No records match');
    expect((await owner.get('/reviews/coprod/records?q=Swedish')).body).toContain(`href="/reviews/coprod/records/${other}"`);
    expect((await owner.get('/reviews/coprod/records?q=samhall')).body).toContain(`href="/reviews/coprod/records/${other}"`);
    const event = await t.app.db.selectFrom('auditEvent').selectAll().where('action', '=', 'record.edit').where('entityId', '=', String(other)).executeTakeFirstOrThrow();
    expect(JSON.parse(event.beforeJson!)).toEqual({ title: 'Prison labour in Sweden', keywords: [] });
    expect(JSON.parse(event.afterJson!)).toEqual({ title: 'Cooperative labour in Swedish prisons', keywords: ['Samhall', 'work integration'] });
  });

  it('normalises a DOI and authors one per line, and saves nothing when nothing changed', async () => {
    let values = formValues((await owner.get(editUrl(noAbstract))).body);
    const saved = await owner.post(editUrl(noAbstract), {
      ...values,
      doi: ' https://doi.org/10.1177/0264550516ABC ',
      authors: '  Weaver,   Beth \r\n\r\nMcNeill, Fergus\r\nBarry, Monica',
    });
    expect(saved.statusCode).toBe(303);
    const row = await t.app.db.selectFrom('record').selectAll().where('id', '=', noAbstract).executeTakeFirstOrThrow();
    expect(row.doi).toBe('10.1177/0264550516abc');
    expect(JSON.parse(row.authorsJson)).toEqual(['Weaver, Beth', 'McNeill, Fergus', 'Barry, Monica']);
    expect(row.firstAuthor).toBe('Weaver, Beth');
    expect((await owner.get(`/reviews/coprod/records/${noAbstract}`)).body).toContain('href="https://doi.org/10.1177/0264550516abc"');

    const before = (await t.app.db.selectFrom('auditEvent').select('id').execute()).length;
    values = formValues((await owner.get(editUrl(noAbstract))).body);
    const unchanged = await owner.post(editUrl(noAbstract), values);
    expect(unchanged.statusCode).toBe(303);
    expect((await owner.get(`/reviews/coprod/records/${noAbstract}`)).body).toContain('Nothing was changed.');
    expect((await t.app.db.selectFrom('auditEvent').select('id').execute()).length).toBe(before);
  });

  it('refuses bad values with clear messages, keeping what was typed, and stores nothing', async () => {
    const values = formValues((await owner.get(editUrl(other))).body);
    const response = await owner.post(editUrl(other), {
      ...values,
      title: '   ',
      year: '20x5',
      doi: 'not a doi',
      pmid: 'PMC123',
      url: 'javascript:alert(1)',
      abstract: 'Typed <b>by hand</b> and kept',
      journal: 'J'.repeat(2001),
    });
    expect(response.statusCode).toBe(422);
    for (const message of [
      'A record needs a title.',
      'Year must be a four-digit year from 1000 to',
      'A DOI looks like 10.1177/0264550520926573',
      'A PMID is a number',
      'Only web addresses starting with http:// or https://',
      'Journal or source must be at most 2,000 characters.',
    ]) {
      expect(response.body, message).toContain(message);
    }
    expect(response.body).toContain('Typed &lt;b>by hand&lt;/b> and kept</textarea>');
    expect(response.body).toContain('value="javascript:alert(1)"');
    expect(response.body).not.toContain('href="javascript:');
    const row = await t.app.db.selectFrom('record').select(['title', 'abstract']).where('id', '=', other).executeTakeFirstOrThrow();
    expect(row.title).toBe('Cooperative labour in Swedish prisons');

    const future = await owner.post(editUrl(other), { ...values, year: String(new Date().getUTCFullYear() + 5) });
    expect(future.statusCode).toBe(422);
    expect(future.body).toContain('Year must be a four-digit year');
  });

  it('notices when someone else saved the record first, and keeps this person\'s input', async () => {
    const mine = formValues((await owner.get(editUrl(other))).body);
    const theirs = formValues((await reviewer.get(editUrl(other))).body);
    expect((await reviewer.post(editUrl(other), { ...theirs, pages: '1-20' })).statusCode).toBe(303);
    const clash = await owner.post(editUrl(other), { ...mine, issue: '4' });
    expect(clash.statusCode).toBe(422);
    expect(clash.body).toContain('Someone saved this record after you opened it');
    expect(clash.body).toMatch(/name="issue"[^>]*value="4"/);
    const again = await owner.post(editUrl(other), formValues(clash.body));
    expect(again.statusCode).toBe(303);
    const row = await t.app.db.selectFrom('record').select(['issue', 'pages']).where('id', '=', other).executeTakeFirstOrThrow();
    expect(row).toEqual({ issue: '4', pages: '' });
  });

  it('answers an htmx save with HX-Redirect, and needs the CSRF token', async () => {
    const values = formValues((await owner.get(editUrl(other))).body);
    const noToken = await owner.post(editUrl(other), { ...values, volume: '9' }, { csrf: false });
    expect(noToken.statusCode).toBe(403);
    const htmx = await owner.post(editUrl(other), { ...values, volume: '9' }, { headers: { 'hx-request': 'true' } });
    expect(htmx.statusCode).toBe(204);
    expect(htmx.headers['hx-redirect']).toBe(`/reviews/coprod/records/${other}`);
  });
});
