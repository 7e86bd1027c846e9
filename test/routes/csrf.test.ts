import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, addPerson, createTestApp, setupOwner, signIn, type TestApp } from '../support/test-app.js';

describe('CSRF protection', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await owner.get('/reviews/new');
  });
  afterAll(async () => t.close());

  const review = { title: 'Desistance and co-operatives', slug: '', question: '', description: '' };

  it('refuses a plain form post without the token, and stores nothing', async () => {
    const response = await owner.post('/reviews', { ...review, slug: 'no-token' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Reload the page and try again');
    expect((await owner.get('/reviews/no-token')).statusCode).toBe(404);
  });

  it('refuses a forged token', async () => {
    const response = await owner.post('/reviews', { ...review, slug: 'forged', _csrf: 'forged-token' }, { csrf: false });
    expect(response.statusCode).toBe(403);
  });

  it('refuses an htmx request without the token, and answers it as a fragment for the alert region', async () => {
    const response = await owner.post('/reviews', { ...review, slug: 'htmx-no-token' }, {
      csrf: false,
      headers: { 'hx-request': 'true', 'hx-request-type': 'partial' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['hx-retarget']).toBe('#alerts');
    expect(response.body).not.toContain('<html');
  });

  it('accepts an htmx request carrying the token as a header', async () => {
    const response = await owner.post('/reviews', { ...review, slug: 'htmx-header' }, {
      csrf: false,
      headers: { 'hx-request': 'true', 'x-csrf-token': owner.csrfToken },
    });
    expect(response.statusCode).toBe(303);
    expect((await owner.get('/reviews/htmx-header')).statusCode).toBe(200);
  });

  it('refuses a multipart post without the token and accepts one with it', async () => {
    const without = await owner.postMultipart('/reviews', { ...review, slug: 'multipart-no' });
    expect(without.statusCode).toBe(403);
    await owner.get('/reviews/new');
    const withToken = await owner.postMultipart('/reviews', { ...review, slug: 'multipart-yes', _csrf: owner.csrfToken });
    expect(withToken.statusCode).toBe(303);
    expect((await owner.get('/reviews/multipart-no')).statusCode).toBe(404);
    expect((await owner.get('/reviews/multipart-yes')).statusCode).toBe(200);
  });

  it('protects sign-in and sign-out too', async () => {
    expect((await owner.post('/logout', {}, { csrf: false })).statusCode).toBe(403);
    expect((await owner.get('/reviews')).statusCode).toBe(200);
  });

  describe('bound to the session', () => {
    /** A POST as the victim's browser would send it: the victim's session, with whatever csrf cookie and token it is given. */
    async function forged(slug: string, csrfCookie: string, token: string, victim: Client) {
      return t.app.inject({
        method: 'POST',
        url: '/reviews',
        cookies: { cv_session: victim.cookie('cv_session')!, cv_csrf: csrfCookie },
        payload: new URLSearchParams({ ...review, slug, _csrf: token }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    }

    async function signInAsOwner(client: Client) {
      await client.get('/login');
      const signedIn = await client.post('/login', { email: 'owner@example.org', password: 'owner-password-1' });
      expect(signedIn.statusCode).toBe(303);
    }

    it('refuses a csrf cookie planted with the token that goes with it, taken before signing in', async () => {
      const planter = new Client(t.app);
      await planter.get('/login');
      const response = await forged('planted-anonymous', planter.cookie('cv_csrf')!, planter.csrfToken, owner);
      expect(response.statusCode).toBe(403);
      expect((await owner.get('/reviews/planted-anonymous')).statusCode).toBe(404);
    });

    it("refuses a token from another person's session with its cookie", async () => {
      const mallory = await addPerson(t.app, owner, { name: 'Mallory', email: 'mallory@example.org', password: 'mallory-password-1' });
      await mallory.get('/reviews/new');
      const response = await forged('planted-session', mallory.cookie('cv_csrf')!, mallory.csrfToken, owner);
      expect(response.statusCode).toBe(403);
      expect((await owner.get('/reviews/planted-session')).statusCode).toBe(404);
    });

    it('refuses a token from an earlier session in the same browser, whose csrf cookie has not changed', async () => {
      const client = await signIn(t.app, 'owner@example.org', 'owner-password-1');
      await client.get('/reviews/new');
      const earlier = client.csrfToken;
      const csrfCookie = client.cookie('cv_csrf');
      await client.post('/logout');
      await signInAsOwner(client);
      expect(client.cookie('cv_csrf')).toBe(csrfCookie);
      const stale = await client.post('/reviews', { ...review, slug: 'earlier-session', _csrf: earlier }, { csrf: false });
      expect(stale.statusCode).toBe(403);
      await client.get('/reviews/new');
      expect((await client.post('/reviews', { ...review, slug: 'this-session' })).statusCode).toBe(303);
    });

    it('sends a page of a session that has since ended to sign in, not to a refusal, and stores nothing', async () => {
      const client = await signIn(t.app, 'owner@example.org', 'owner-password-1');
      await client.get('/reviews/new');
      const cookies = { cv_session: client.cookie('cv_session')!, cv_csrf: client.cookie('cv_csrf')! };
      const token = client.csrfToken;
      await client.post('/logout');
      // The other tab still holds the ended session's cookies and its page's token.
      const response = await t.app.inject({
        method: 'POST',
        url: '/reviews',
        cookies,
        payload: new URLSearchParams({ ...review, slug: 'ended-session', _csrf: token }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'hx-current-url': 'http://coreview.test/reviews/new', host: 'coreview.test' },
      });
      expect(response.statusCode).toBe(204);
      expect(response.headers['hx-redirect']).toBe(`/login?next=${encodeURIComponent('/reviews/new')}`);
      expect((await owner.get('/reviews/ended-session')).statusCode).toBe(404);
    });

    it('keeps the first-run and sign-in forms working before any session exists', async () => {
      const client = new Client(t.app);
      await signInAsOwner(client);
      // The sign-in page's token belonged to no session; the signed-in pages carry the session's own.
      const before = client.csrfToken;
      await client.get('/reviews/new');
      expect(client.csrfToken).not.toBe(before);
      expect((await client.post('/reviews', { ...review, slug: 'after-sign-in' })).statusCode).toBe(303);
    });

    it('refuses an unsafe request the browser marks as sent from another site, sign-in included', async () => {
      const client = new Client(t.app);
      await client.get('/login');
      for (const site of ['cross-site', 'same-site']) {
        const response = await client.post('/login', { email: 'owner@example.org', password: 'owner-password-1' }, { headers: { 'sec-fetch-site': site } });
        expect(response.statusCode, site).toBe(403);
        expect(response.cookies.find((c) => c.name === 'cv_session'), site).toBeUndefined();
      }
      const ours = await client.post('/login', { email: 'owner@example.org', password: 'owner-password-1' }, { headers: { 'sec-fetch-site': 'same-origin' } });
      expect(ours.statusCode).toBe(303);
    });
  });
});
