import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createReview, createTestApp, setupOwner, type TestApp } from '../support/test-app.js';

describe('a NUL character (U+0000) in a request', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Nothing hidden', slug: 'nul' });
  });
  afterAll(async () => t.close());

  it('is refused with a 400 that says so, in a form field or the address, and nothing is written', async () => {
    const visitor = new Client(t.app);
    await visitor.get('/login');
    const signIn = await visitor.post('/login', { email: 'owner@example.org\u0000', password: 'wrong-password' });
    expect(signIn.statusCode).toBe(400);
    expect(signIn.body).toContain('NUL character');
    await owner.get('/reviews/nul/edit');
    const edit = await owner.post('/reviews/nul', { title: 'Hidden\u0000title', slug: 'nul', question: '', description: '' });
    expect(edit.statusCode).toBe(400);
    expect(edit.body).toContain('NUL character');
    expect((await owner.get('/reviews/nul')).body).not.toContain('Hidden');
    expect((await owner.get('/reviews/nu%00l')).statusCode).toBe(400);
  });

  it('is dropped from a query string, read leniently as the rest of it', async () => {
    const search = await owner.get('/reviews/nul/records?q=desis%00tance');
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('value="desistance"');
  });

  it('lets the next request through as ever', async () => {
    expect((await owner.get('/reviews/nul/records?q=desistance')).statusCode).toBe(200);
  });
});
