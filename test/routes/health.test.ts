import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { cutDatabase } from '../support/cut-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { testDialect } from '../support/test-database.js';

describe('GET /healthz', () => {
  let t: TestApp;
  beforeEach(async () => { t = await createTestApp(); });
  afterEach(async () => t.close());

  it('says the database answers, which kind it is and its schema version, and nothing about where it is', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: testDialect === 'postgres' ? 'postgresql' : 'sqlite', schemaVersion: listMigrations(MIGRATIONS_DIR).at(-1)!.version });
    expect(response.body).not.toMatch(/127\.0\.0\.1|coreview\.sqlite|postgres:\/\//);
  });

  it('answers 503 when the database does not answer, so a proxy sends people to another process', async () => {
    await cutDatabase(t);
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', error: 'The database does not answer.' });
  });
});
