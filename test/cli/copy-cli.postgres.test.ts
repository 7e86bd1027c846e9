import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { risExport } from '../support/archive-fixtures.js';
import { importFiles } from '../support/imports.js';
import { coreview } from '../support/run-process.js';
import { createReview, createTestApp, setupOwner } from '../support/test-app.js';
import { databaseEnvFor, dropDatabaseFor, TEST_DATABASE_PREFIX, testDatabaseUrl, withAdmin } from '../support/test-database.js';

const USAGE = 'Usage: coreview copy --from FILE --to postgres://';

/** How many rows the database's tables hold, beside what its migrations wrote. */
async function rowsIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).rows;
    let rows = 0;
    for (const { t } of tables) if (t !== 'schema_migration' && t !== 'screening_counter_map') rows += Number((await client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return rows;
  } finally {
    await client.end();
  }
}

describe('coreview copy', () => {
  let work: string;
  let sourceDir: string;
  let file: string;
  /** An unused database, migrated as the test template is. */
  const target = async (name: string) => (await databaseEnvFor(join(work, name))).COREVIEW_DATABASE_URL!;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'coreview-copy-cli-'));
    const source = await createTestApp({ COREVIEW_DATABASE_URL: '' });
    const owner = await setupOwner(source.app);
    await createReview(owner, { title: 'Desistance and work', slug: 'work' });
    await importFiles(owner, 'work', [{ name: 'scopus.ris', content: risExport([{ title: 'Work and desistance', year: 2020 }, { title: 'Co-operatives after prison', year: 2019 }]) }]);
    await source.app.close();
    sourceDir = source.dataDir;
    file = source.config.databaseFile;
  }, 60_000);

  afterAll(async () => {
    for (const name of ['copied', 'broken', 'behind', 'other']) await dropDatabaseFor(join(work, name));
    await dropDatabaseFor(sourceDir);
    rmSync(work, { recursive: true, force: true });
    rmSync(sourceDir, { recursive: true, force: true });
  });

  it('refuses bad arguments with the usage line (exit 2)', async () => {
    for (const args of [['copy'], ['copy', '--from', file], ['copy', '--from', file, '--to', 'mysql://db/coreview'], ['copy', '--from', file, '--to', 'postgres://db'], ['copy', '--from', file, '--to', 'x', '--force']]) {
      const result = await coreview(args, { dataDir: work });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(USAGE);
    }
  });

  it('copies a Coreview and says what it did, where its files are, and what it checked', async () => {
    const url = await target('copied');
    const sha256 = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const read = sha256();
    const result = await coreview(['copy', '--from', file, '--to', url], { dataDir: work });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Copied .*coreview\.sqlite \(schema \d+\) to PostgreSQL 127\.0\.0\.1:\d+\/\w+ in [\d.]+ s: 1 review\(s\), 1 account\(s\), 2 record\(s\);/);
    expect(result.stdout).toContain('row counts and checksums');
    expect(result.stdout).toContain(`Files stay in ${sourceDir}`);
    expect(result.stdout.split('\n').filter(Boolean).length).toBeLessThanOrEqual(5);
    expect(sha256(), 'the source is only read').toBe(read);

    // The same database again: it holds data now, so the copy refuses and leaves it as it is.
    const before = await rowsIn(url);
    const again = await coreview(['copy', '--from', file, '--to', url], { dataDir: work });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty: .*hold rows\. coreview copy only fills a database Coreview has not used/);
    expect(await rowsIn(url)).toBe(before);
  }, 60_000);

  it('leaves the database empty when a row cannot go in', async () => {
    const broken = join(work, 'broken.sqlite');
    const sqlite = new Database(file, { readonly: true });
    await sqlite.backup(broken);
    sqlite.close();
    const edit = new Database(broken);
    edit.pragma('foreign_keys = OFF');
    edit.prepare('UPDATE review_member SET account_id = 999').run();
    edit.close();
    const url = await target('broken');
    const result = await coreview(['copy', '--from', broken, '--to', url], { dataDir: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^coreview copy: copying review_member failed, so nothing was kept: .*foreign key/);
    expect(await rowsIn(url)).toBe(0);
  }, 60_000);

  it('refuses a source at another schema version, naming the command that brings it up', async () => {
    const behind = join(work, 'behind.sqlite');
    const sqlite = new Database(file, { readonly: true });
    await sqlite.backup(behind);
    sqlite.close();
    const edit = new Database(behind);
    edit.prepare('DELETE FROM schema_migration WHERE version = (SELECT max(version) FROM schema_migration)').run();
    edit.close();
    const url = await target('behind');
    const result = await coreview(['copy', '--from', behind, '--to', url], { dataDir: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is at schema version \d+, older than this Coreview's \d+\. .*coreview migrate/);
    expect(await rowsIn(url)).toBe(0);
  });

  it('refuses a source it cannot read and a server it cannot reach (exit 1)', async () => {
    const url = await target('other');
    const missing = await coreview(['copy', '--from', join(work, 'nowhere.sqlite'), '--to', url], { dataDir: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^coreview copy: Cannot open the database .*nowhere\.sqlite/);
    const text = join(work, 'notes.txt');
    writeFileSync(text, 'not a database\n'.repeat(100));
    const notSqlite = await coreview(['copy', '--from', text, '--to', url], { dataDir: work });
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.stderr).toMatch(/^coreview copy: Cannot use the database .*notes\.txt: file is not a database/);
    const bare = join(work, 'bare.sqlite');
    new Database(bare).exec('CREATE TABLE note (body TEXT)');
    const notCoreview = await coreview(['copy', '--from', bare, '--to', url], { dataDir: work });
    expect(notCoreview.code).toBe(1);
    expect(notCoreview.stderr).toMatch(/^coreview copy: .*bare\.sqlite is not a Coreview database \(no such table: schema_migration\)/);
    const unreachable = await coreview(['copy', '--from', file, '--to', 'postgres://coreview@127.0.0.1:1/coreview'], { dataDir: work });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^coreview copy: Cannot reach the PostgreSQL database postgres:\/\/coreview@127\.0\.0\.1:1\/coreview/);
    expect(await rowsIn(url)).toBe(0);
  });

  it("refuses a database holding another application's tables, and leaves it as it was", async () => {
    const name = `${TEST_DATABASE_PREFIX}copy_foreign`;
    await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
    try {
      const url = testDatabaseUrl(name);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('CREATE TABLE note (body text)');
      await client.end();
      const result = await coreview(['copy', '--from', file, '--to', url], { dataDir: work });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/holds tables that are not Coreview's \(note…\): copy into a new, empty database/);
      const after = new pg.Client({ connectionString: url });
      await after.connect();
      const tables = (await after.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.table_name);
      await after.end();
      expect(tables).toEqual(['note']);
    } finally {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});
