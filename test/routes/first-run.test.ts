import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, setupOwner, type TestApp } from '../support/test-app.js';

describe('first run', () => {
  let t: TestApp;
  beforeEach(async () => { t = await createTestApp(); });
  afterEach(async () => t.close());

  it('sends every page to the owner-account form until an account exists', async () => {
    const client = new Client(t.app);
    for (const url of ['/', '/reviews', '/login']) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe('/setup');
    }
    const page = await client.get('/setup');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Create owner account');
  });

  it('creates the owner, signs them in, and then the page is gone', async () => {
    const owner = await setupOwner(t.app);
    const reviews = await owner.get('/reviews');
    expect(reviews.statusCode).toBe(200);
    expect(reviews.body).toContain('Olive Owner');

    const again = new Client(t.app);
    expect((await again.get('/setup')).statusCode).toBe(404);
    await again.get('/login');
    const replay = await again.post('/setup', { name: 'Mallory', email: 'm@example.org', password: 'mallory-pass-1' });
    expect(replay.statusCode).toBe(404);
    expect((await again.get('/')).headers.location).toBe('/login');
  });

  it('keeps what was typed and says what is wrong', async () => {
    const client = new Client(t.app);
    await client.get('/setup');
    const response = await client.post('/setup', { name: 'Olive', email: 'not-an-email', password: 'short' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('does not look like an e-mail address');
    expect(response.body).toContain('value="Olive"');
    // Nothing was created: the first-run page is still offered.
    expect((await client.get('/setup')).statusCode).toBe(200);
  });
});
