import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDb as Db } from '../../../src/db/database.js';
import { openDb } from '../../../src/db/open.js';
import { REPO_ROOT } from '../../support/run-process.js';

// Another process (as the import worker or the CLI is another connection) takes SQLite's write
// lock, says so, holds it for `holdMs` while writing, then commits.
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO note (text) VALUES ('from the other writer')").run();
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));
`;

async function holdWriteLock(file: string, holdMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', HOLDER, file, String(holdMs)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('locked\n');
  return child;
}

describe('transactions wait for another connection\'s write lock', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coreview-lock-'));
    db = openDb(join(dir, 'a.sqlite'));
    db.sqlite.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a transaction that reads and then writes waits its turn instead of failing with SQLITE_BUSY', async () => {
    const holder = await holdWriteLock(join(dir, 'a.sqlite'), 400);
    const started = Date.now();
    // Read first, then write: with a deferred BEGIN this fails at once while the other holds the lock.
    const count = await db.kysely.transaction().execute(async (trx) => {
      const before = await sql<{ n: number }>`SELECT count(*) AS n FROM note`.execute(trx);
      await sql`INSERT INTO note (text) VALUES ('a decision')`.execute(trx);
      return before.rows[0]!.n;
    });
    const waited = Date.now() - started;
    await once(holder, 'exit');
    // The transaction began after the other writer committed, so it saw that row.
    expect(count).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(300);
    const rows = db.sqlite.prepare('SELECT text FROM note ORDER BY id').all();
    expect(rows).toEqual([{ text: 'from the other writer' }, { text: 'a decision' }]);
  });

  it('a read-only transaction does not wait for the write lock', async () => {
    db.sqlite.exec("INSERT INTO note (text) VALUES ('before')");
    const holder = await holdWriteLock(join(dir, 'a.sqlite'), 1500);
    const started = Date.now();
    const rows = await db.kysely.transaction().setAccessMode('read only').execute((trx) => sql<{ text: string }>`SELECT text FROM note`.execute(trx));
    expect(Date.now() - started).toBeLessThan(1000);
    // A snapshot from before the other writer commits.
    expect(rows.rows).toEqual([{ text: 'before' }]);
    await once(holder, 'exit');
  });

  it('a transaction SQLite rolled back by itself (a full disk) fails with that error, not with a failed rollback', async () => {
    const pages = db.sqlite.pragma('page_count', { simple: true }) as number;
    db.sqlite.pragma(`max_page_count = ${pages + 3}`);
    const fill = db.kysely.transaction().execute(async (trx) => {
      await sql`INSERT INTO note (text) VALUES (${'x'.repeat(2000)})`.execute(trx);
      await sql`INSERT INTO note (text) VALUES (${'x'.repeat(100_000)})`.execute(trx);
    });
    await expect(fill).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(db.sqlite.inTransaction).toBe(false);
    expect(db.sqlite.prepare('SELECT count(*) FROM note').pluck().get()).toBe(0);
  });
});
