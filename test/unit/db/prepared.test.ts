import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import type { SqliteDb as Db } from '../../../src/db/database.js';
import { openDb } from '../../../src/db/open.js';
import { prepared, type Param } from '../../../src/db/prepared.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coreview-prepared-'));
  db = openDb(join(dir, 'coreview.sqlite'));
  migrate(db.sqlite);
  const now = new Date().toISOString();
  for (const [email, name, disabled] of [['ada@example.org', 'Ada', null], ['bo@example.org', 'Bo', now], ['cy@example.org', 'Cy', null]] as const) {
    db.sqlite.prepare('INSERT INTO account (email, name, password_hash, created_at, disabled_at) VALUES (?, ?, ?, ?, ?)').run(email, name, 'x', now, disabled);
  }
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a query compiled once and run with new values', () => {
  const byName = prepared((k, param: Param<{ name: string; limit: number }>) =>
    k.selectFrom('account').select(['id', 'passwordHash', 'disabledAt']).where('name', '>=', param('name')).where('disabledAt', 'is', null).orderBy('name').limit(param('limit')),
  );

  it('binds each run’s values in place of the stand-ins, keeps fixed values, and maps columns to camelCase', async () => {
    expect(await byName(db.kysely, { name: 'A', limit: 5 })).toEqual([
      { id: 1, passwordHash: 'x', disabledAt: null },
      { id: 3, passwordHash: 'x', disabledAt: null },
    ]);
    expect(await byName(db.kysely, { name: 'B', limit: 5 })).toEqual([{ id: 3, passwordHash: 'x', disabledAt: null }]);
    expect(await byName(db.kysely, { name: 'A', limit: 1 })).toHaveLength(1);
  });

  it('binds a value that looks like a stand-in as that value', async () => {
    const named = prepared((k, param: Param<{ name: string }>) => k.selectFrom('account').select('id').where('name', '=', param('name')));
    expect(await named(db.kysely, { name: 'Cy' })).toEqual([{ id: 3 }]);
    expect(await named(db.kysely, { name: '\u0000slot:name' })).toEqual([]);
  });
});
