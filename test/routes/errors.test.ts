import { cutDatabase } from '../support/cut-database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, setupOwner, type TestApp } from '../support/test-app.js';

describe('error pages', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
  });
  afterAll(async () => t.close());

  it('answers unknown addresses with a friendly 404 page', async () => {
    const response = await owner.get('/no/such/page');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Page not found');
    expect(response.body).toContain('href="/"');
  });

  it('hides the details of a server failure from the browser', async () => {
    // A real failure: the database goes away under the running app.
    await cutDatabase(t);
    const response = await owner.get('/reviews');
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Something went wrong');
    expect(response.body).toMatch(/Reference: req-/);
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    expect(response.body).not.toContain('database connection is not open');
  });
});
