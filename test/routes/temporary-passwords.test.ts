import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, Client, createTestApp, setupOwner, signIn, type TestApp } from '../support/test-app.js';

/** A password an owner set is known to the owner: the person chooses their own before doing anything. */
describe('temporary passwords', () => {
  let t: TestApp;
  let owner: Client;
  let ritaId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await owner.get('/people');
    expect((await owner.post('/people', { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-temporary' })).statusCode).toBe(303);
    ritaId = /\/people\/(\d+)\/disable/.exec((await owner.get('/people')).body)![1]!;
  });
  afterAll(() => t.close());

  async function expectLedToPasswordForm(client: Client) {
    for (const url of ['/reviews', '/reviews/new', '/people', '/audit', '/reviews/anything/records']) {
      const page = await client.get(url);
      expect(page.statusCode, url).toBe(303);
      expect(page.headers.location, url).toBe('/account');
    }
    const created = await client.post('/reviews', { title: 'Made with the owner’s password', slug: 'sneaky', question: '', description: '' });
    expect(created.headers.location).toBe('/account');
    expect(await t.app.db.selectFrom('review').select('id').where('slug', '=', 'sneaky').executeTakeFirst()).toBeUndefined();
    const htmx = await client.get('/reviews', { 'hx-request': 'true' });
    expect([htmx.statusCode, htmx.headers['hx-redirect']]).toEqual([204, '/account']);
  }

  it('leads a new person from every page to choosing their own password, and refuses the temporary one again', async () => {
    const rita = await signIn(t.app, 'rita@example.org', 'rita-temporary');
    await expectLedToPasswordForm(rita);

    const form = await rita.get('/account');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Temporary password');
    const reused = await rita.post('/account/password', { current: 'rita-temporary', password: 'rita-temporary' });
    expect(reused.statusCode).toBe(422);
    expect(reused.body).toContain('Choose a new password, not the temporary one the owner set.');
    expect((await rita.get('/reviews')).headers.location).toBe('/account');

    const changed = await rita.post('/account/password', { current: 'rita-temporary', password: 'rita-own-password' });
    expect(changed.statusCode).toBe(303);
    expect((await rita.get('/reviews')).statusCode).toBe(200);
    // Her own password is hers to keep: changing it again to the same one is refused too.
    await rita.get('/account');
    expect((await rita.post('/account/password', { current: 'rita-own-password', password: 'rita-own-password' })).body).toContain('not your current one');
  });

  it('lets the instance owner reset a password: sessions end, and the person chooses again at the next sign-in', async () => {
    const rita = await signIn(t.app, 'rita@example.org', 'rita-own-password');
    expect((await rita.get('/reviews')).statusCode).toBe(200);

    await owner.get('/people');
    const tooShort = await owner.post(`/people/${ritaId}/password`, { temporary: 'short' });
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.body).toContain('No new temporary password was set');
    expect((await rita.get('/reviews')).statusCode).toBe(200);

    const reset = await owner.post(`/people/${ritaId}/password`, { temporary: 'rita-new-temporary' });
    expect(reset.statusCode).toBe(303);
    expect((await rita.get('/reviews')).headers.location).toContain('/login');
    const login = new Client(t.app);
    await login.get('/login');
    expect((await login.post('/login', { email: 'rita@example.org', password: 'rita-own-password' })).statusCode).toBe(401);

    const again = await signIn(t.app, 'rita@example.org', 'rita-new-temporary');
    await expectLedToPasswordForm(again);
    expect((await owner.get('/people')).body).toContain('Temporary password');
    expect((await owner.get('/audit')).body).toContain('set a temporary password for Rita Reviewer');
  });

  it('keeps resets to the instance owner, for other people’s accounts, with hostile ids refused', async () => {
    const sam = await addPerson(t.app, owner, { name: 'Sam Second', email: 'sam@example.org', password: 'sam-own-password' });
    await sam.get('/reviews');
    expect((await sam.post(`/people/${ritaId}/password`, { temporary: 'sams-choice-1' })).statusCode).toBe(403);
    await owner.get('/people');
    // The owner's is the first account.
    expect((await owner.post('/people/1/password', { temporary: 'owner-temporary' })).body).toContain('Change your own password on your account page');
    for (const id of ['0', '-1', 'abc', '99999']) {
      const response = await owner.post(`/people/${id}/password`, { temporary: 'whatever-temporary' });
      expect(response.statusCode, id).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, id).toBeLessThan(500);
    }
  });
});
