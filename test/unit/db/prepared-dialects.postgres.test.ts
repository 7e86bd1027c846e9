import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/database.js';
import { openMigratedDatabase } from '../../../src/db/open-database.js';
import { prepared, type Param } from '../../../src/db/prepared.js';
import { databaseEnvFor, dropDatabaseFor } from '../../support/test-database.js';

// Runs in the PostgreSQL run only (*.postgres.test.ts): one process holding both databases, as `coreview copy` does.

describe('a prepared query in a process that holds both databases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coreview-prepared-dialects-'));
  const dbs: Db[] = [];

  beforeAll(async () => {
    const { COREVIEW_DATABASE_URL } = await databaseEnvFor(dir);
    dbs.push(await openMigratedDatabase({ kind: 'sqlite', file: join(dir, 'coreview.sqlite') }));
    dbs.push(await openMigratedDatabase({ kind: 'postgres', url: COREVIEW_DATABASE_URL!, poolSize: 2 }));
    for (const [i, db] of dbs.entries()) {
      await db.kysely.insertInto('account').values({ email: `ada${i}@example.org`, name: `Ada ${db.kind}`, passwordHash: 'x', isOwner: 0, passwordTemporary: 0, createdAt: new Date().toISOString() }).execute();
    }
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await dropDatabaseFor(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  const byName = prepared((k, param: Param<{ name: string }>) => k.selectFrom('account').select('name').where('name', '=', param('name')));

  it('is compiled for each dialect, so either answers in turn', async () => {
    for (let round = 0; round < 2; round++) {
      for (const db of dbs) expect(await byName(db.kysely, { name: `Ada ${db.kind}` })).toEqual([{ name: `Ada ${db.kind}` }]);
    }
  });
});
