import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, setupOwner, signIn, type TestApp } from '../support/test-app.js';

describe('accounts and sessions', () => {
  let t: TestApp;
  let owner: Client;
  beforeEach(async () => {
    t = await createTestApp({ COREVIEW_LOGIN_ATTEMPTS: '3' });
    owner = await setupOwner(t.app);
    await owner.get('/people');
    const added = await owner.post('/people', { name: 'Rita Reviewer', email: 'Rita@Example.org', password: 'temporary-pass' });
    expect(added.statusCode).toBe(303);
  });
  afterEach(async () => t.close());

  it('lets an added person sign in (e-mail in any case) and choose their own password', async () => {
    const rita = await signIn(t.app, 'rita@example.ORG', 'temporary-pass');
    const otherDevice = await signIn(t.app, 'rita@example.org', 'temporary-pass');
    const page = await rita.get('/account');
    expect(page.body).toContain('Choose your own before you go on');
    const changed = await rita.post('/account/password', { current: 'temporary-pass', password: 'ritas-own-password' });
    expect(changed.statusCode).toBe(303);
    expect((await rita.get('/reviews')).statusCode).toBe(200);
    // Changing the password signs out every other session.
    expect((await otherDevice.get('/reviews')).headers.location).toContain('/login');
    await signIn(t.app, 'rita@example.org', 'ritas-own-password');
  });

  it('refuses a second account with the same e-mail', async () => {
    const again = await owner.post('/people', { name: 'Rita Two', email: 'rita@example.org', password: 'another-pass' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('already exists');
  });

  it('ends a session on sign-out: the old cookie no longer works', async () => {
    const rita = await signIn(t.app, 'rita@example.org', 'temporary-pass');
    const stolen = rita.cookie('cv_session')!;
    await rita.get('/account');
    expect((await rita.post('/logout')).headers.location).toBe('/login');
    const replay = await t.app.inject({ method: 'GET', url: '/reviews', cookies: { cv_session: stolen } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toContain('/login');
  });

  it('ends every session of a disabled account at once, and refuses its sign-in', async () => {
    const rita = await signIn(t.app, 'rita@example.org', 'temporary-pass');
    expect((await rita.get('/account')).statusCode).toBe(200);
    const people = await owner.get('/people');
    const id = /\/people\/(\d+)\/disable/.exec(people.body)![1];
    expect((await owner.post(`/people/${id}/disable`)).statusCode).toBe(303);

    const after = await rita.get('/reviews');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toContain('/login');
    const login = new Client(t.app);
    await login.get('/login');
    expect((await login.post('/login', { email: 'rita@example.org', password: 'temporary-pass' })).statusCode).toBe(401);

    await owner.post(`/people/${id}/enable`);
    await signIn(t.app, 'rita@example.org', 'temporary-pass');
  });

  it('keeps people management to the instance owner', async () => {
    const rita = await signIn(t.app, 'rita@example.org', 'temporary-pass');
    await rita.post('/account/password', { current: 'temporary-pass', password: 'ritas-own-password' });
    expect((await rita.get('/people')).statusCode).toBe(403);
    await rita.get('/reviews');
    expect((await rita.post('/people', { name: 'Eve', email: 'eve@example.org', password: 'eve-password' })).statusCode).toBe(403);
    expect((await rita.get('/audit')).statusCode).toBe(403);
  });

  it('rate-limits sign-in attempts with a message, even for the right password', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < 3; i++) {
      expect((await client.post('/login', { email: 'rita@example.org', password: `wrong-${i}` })).statusCode).toBe(401);
    }
    const blocked = await client.post('/login', { email: 'rita@example.org', password: 'temporary-pass' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many sign-in attempts');
    expect(blocked.cookies.find((c) => c.name === 'cv_session')).toBeUndefined();
  });

  it('counts only failed sign-ins towards the limit: signing in every day never locks anyone out', async () => {
    for (let i = 0; i < 5; i++) await signIn(t.app, 'owner@example.org', 'owner-password-1');
    const client = new Client(t.app);
    await client.get('/login');
    expect((await client.post('/login', { email: 'owner@example.org', password: 'a-typo' })).statusCode).toBe(401);
    expect((await client.post('/login', { email: 'owner@example.org', password: 'owner-password-1' })).statusCode).toBe(303);
  });

  it('does not let a burst of parallel guesses past the limit', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.post('/login', { email: 'rita@example.org', password: `guess-${i}` })),
    );
    const statuses = guesses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('does not redirect off-site after sign-in', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    const response = await client.post('/login', { email: 'rita@example.org', password: 'temporary-pass', next: '//evil.example/' });
    expect(response.headers.location).toBe('/reviews');
  });

  it('records account changes in the owner-visible audit history', async () => {
    const audit = await owner.get('/audit');
    expect(audit.body).toContain('set up this Coreview and became its owner');
    expect(audit.body).toContain('added the account of Rita Reviewer (rita@example.org)');
  });
});
