import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDatabase, type CopySummary } from '../../../src/copy/copy-database.js';
import { copyPlan, FROM_MIGRATIONS } from '../../../src/copy/copy-plan.js';
import { openPostgres } from '../../../src/db/postgres/open-postgres.js';
import { EXPORTED_TABLES } from '../../../src/review-archive/review-tables.js';
import { teamReview } from '../../support/review-archive-fixture.js';
import { createTestApp, signIn, type TestApp } from '../../support/test-app.js';
import { databaseEnvFor, dropDatabaseFor } from '../../support/test-database.js';

type Row = Record<string, unknown>;

/** Rows in one order whatever the database returned: both sort text keys their own way. */
const sorted = (rows: Row[]) => rows.map((row) => [JSON.stringify(Object.values(row), (_, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v)), row] as const)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([, row]) => row);

describe('coreview copy: a review with every kind of object, SQLite to PostgreSQL and back out', () => {
  let source: TestApp;
  let targetDir: string;
  let url: string;
  let summary: CopySummary;
  let sqliteFile: string;

  beforeAll(async () => {
    source = await createTestApp({ COREVIEW_DATABASE_URL: '' });
    await teamReview(source);
    await source.app.close();
    sqliteFile = source.config.databaseFile;
    targetDir = mkdtempSync(join(tmpdir(), 'coreview-copy-'));
    url = (await databaseEnvFor(targetDir)).COREVIEW_DATABASE_URL!;
    summary = await copyDatabase(sqliteFile, { kind: 'postgres', url, poolSize: 2 });
  }, 120_000);

  afterAll(async () => {
    await dropDatabaseFor(targetDir);
    await dropDatabaseFor(source.dataDir);
    rmSync(targetDir, { recursive: true, force: true });
    rmSync(source.dataDir, { recursive: true, force: true });
  });

  it('copies every table field by field, the review archive\'s tables all holding rows', async () => {
    const sqlite = new Database(sqliteFile, { readonly: true });
    const target = await openPostgres({ url, poolSize: 1 });
    try {
      const tables = [...copyPlan(sqlite).map((t) => t.name), ...FROM_MIGRATIONS];
      for (const spec of EXPORTED_TABLES) expect(tables).toContain(spec.name);
      for (const table of tables) {
        const theirs = sqlite.prepare(`SELECT * FROM "${table}"`).all() as Row[];
        const ours = (await target.pool.query<Row>(`SELECT * FROM "${table}"`)).rows;
        expect(sorted(ours), table).toEqual(sorted(theirs));
        if (EXPORTED_TABLES.some((spec) => spec.name === table)) expect(theirs.length, `${table} has rows`).toBeGreaterThan(0);
      }
      expect(summary.tables.find((t) => t.name === 'record')!.rows).toBe((sqlite.prepare('SELECT count(*) FROM record').pluck().get() as number));
    } finally {
      sqlite.close();
      await target.close();
    }
  });

  it('moves every identity past the copied ids, so new rows get new ones', async () => {
    const target = await openPostgres({ url, poolSize: 1 });
    try {
      const identities = (await target.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'")).rows;
      for (const { table_name } of identities) {
        const { rows } = await target.pool.query<{ max: number | null }>(`SELECT max(id) AS max FROM "${table_name}"`);
        if (rows[0]!.max === null) continue;
        const next = (await target.pool.query<{ n: number }>(`SELECT nextval(pg_get_serial_sequence('"${table_name}"', 'id')) AS n`)).rows[0]!.n;
        expect(next, table_name).toBeGreaterThan(rows[0]!.max);
      }
    } finally {
      await target.close();
    }
  });

  it('serves the copied review from PostgreSQL with the same data folder, search and full text included', async () => {
    const copy = await createTestApp({ COREVIEW_DATABASE_URL: url, COREVIEW_DATA_DIR: source.dataDir });
    try {
      const owner = await signIn(copy.app, 'owner@example.org', 'owner-password-1');
      expect((await owner.get('/reviews/coops')).statusCode).toBe(200);
      const found = await owner.get('/reviews/coops/records?q=desistance');
      expect(found.statusCode).toBe(200);
      expect(found.body).toContain('Work, identity and desistance');
      const [first] = (await copy.app.db.selectFrom('fullText').select('recordId').where('pdfSha256', 'is not', null).execute());
      expect((await owner.get(`/reviews/coops/records/${first!.recordId}/full-text.pdf`)).statusCode).toBe(200);
    } finally {
      await copy.close();
    }
  });

  it('keeps nothing when what the triggers derive would differ from the source (the check compares every table)', async () => {
    // Decided items without their place in the settled order: PostgreSQL's trigger would stamp one.
    const odd = join(targetDir, 'odd.sqlite');
    const sqlite = new Database(sqliteFile, { readonly: true });
    await sqlite.backup(odd);
    sqlite.close();
    const edit = new Database(odd);
    edit.prepare("UPDATE screening_item SET settled_seq = NULL WHERE status = 'decided'").run();
    edit.close();
    const oddDir = join(targetDir, 'odd');
    const oddUrl = (await databaseEnvFor(oddDir)).COREVIEW_DATABASE_URL!;
    try {
      await expect(copyDatabase(odd, { kind: 'postgres', url: oddUrl, poolSize: 2 })).rejects.toThrow(/the copy did not check out, so nothing was kept: screening_item's rows differ/);
      const target = await openPostgres({ url: oddUrl, poolSize: 1 });
      try {
        expect((await target.pool.query('SELECT count(*) AS n FROM record')).rows[0].n).toBe(0);
      } finally {
        await target.close();
      }
    } finally {
      await dropDatabaseFor(oddDir);
    }
  }, 60_000);
});
