/** Every table of the PostgreSQL schema — its search tables included — is exported or left out with a reason. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_TABLES } from '../../../src/review-archive/postgres-table-sql.js';
import { EXPORTED_TABLES, NOT_EXPORTED } from '../../../src/review-archive/review-tables.js';
import { storedRows } from '../../support/review-archive-fixture.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('the tables a review archive carries, on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('account for every table of the schema', async () => {
    expect(t.config.database.kind).toBe('postgres');
    const listed = new Set([...EXPORTED_TABLES.map((s) => s.name), ...Object.keys(NOT_EXPORTED)]);
    const tables = (await storedRows(t.config.database, POSTGRES_TABLES)).map((r) => String(r.name));
    expect(tables.length).toBeGreaterThan(30);
    expect(tables.filter((name) => !listed.has(name))).toEqual([]);
  });
});
