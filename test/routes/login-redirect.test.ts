import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, setupOwner, type TestApp } from '../support/test-app.js';

const OWNER = { name: 'Olive Owner', email: 'owner@example.org', password: 'owner-password-1' };

/** `next` values as they arrive in the query string (still percent-encoded). */
const OFF_SITE = [
  '/%09/attacker.example/',
  '/%0A/attacker.example/',
  '/%0D%0A/attacker.example/',
  '/%5Cattacker.example/',
  '%2F%2Fattacker.example/',
  '/%252F/attacker.example/',
  'https%3A%2F%2Fattacker.example%2F',
  'javascript%3Aalert(1)',
];

describe('where sign-in sends the browser', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app, OWNER);
  });
  afterAll(async () => t.close());

  it.each(OFF_SITE)('signed in, next=%s goes to the reviews page, never off-site and never a 500', async (next) => {
    const response = await owner.get(`/login?next=${next}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/reviews');
  });

  it.each(OFF_SITE)('signing in with next=%s lands on the reviews page', async (next) => {
    const client = new Client(t.app);
    const page = await client.get(`/login?next=${next}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/reviews"');
    const signedIn = await client.post('/login', { email: OWNER.email, password: OWNER.password, next: decodeURIComponent(next) });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/reviews');
  });

  it('still returns to the page on this site that asked for sign-in', async () => {
    const client = new Client(t.app);
    const asked = await client.get('/reviews/new?from=dashboard');
    expect(asked.headers.location).toBe('/login?next=%2Freviews%2Fnew%3Ffrom%3Ddashboard');
    await client.get(asked.headers.location as string);
    const signedIn = await client.post('/login', { email: OWNER.email, password: OWNER.password, next: '/reviews/new?from=dashboard' });
    expect(signedIn.headers.location).toBe('/reviews/new?from=dashboard');
  });
});
