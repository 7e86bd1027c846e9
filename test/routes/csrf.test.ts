import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

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
});
