/**
 * The review archive is dialect-free: a review exported from SQLite imports on PostgreSQL, and back,
 * with the same rows (ids moved by one offset per table, as every import moves them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReview } from '../../src/review-archive/export-review.js';
import type { Row } from '../../src/review-archive/id-remap.js';
import { importReview } from '../../src/review-archive/import-review.js';
import { EXPORTED_TABLES, type TableSpec } from '../../src/review-archive/review-tables.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { reviewTables, teamReview, type TeamReview } from '../support/review-archive-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A row without the columns that hold ids, which each database gives its own. */
function withoutIds(spec: TableSpec, row: Row): Row {
  const out: Row = { ...row };
  for (const column of ['id', 'review_id', ...Object.keys({ ...spec.refs, ...spec.thresholds, ...spec.json }), ...(spec.entityIds ? [spec.entityIds.column] : [])]) delete out[column];
  return out;
}

describe('a review archive between SQLite and PostgreSQL', () => {
  let onSqlite: TestApp;
  let onPostgres: TestApp;
  let team: TeamReview;
  let work: string;

  beforeAll(async () => {
    onSqlite = await createTestApp({ COREVIEW_DATABASE_URL: '' });
    onPostgres = await createTestApp();
    expect([onSqlite.config.database.kind, onPostgres.config.database.kind]).toEqual(['sqlite', 'postgres']);
    team = await teamReview(onSqlite);
    work = mkdtempSync(join(tmpdir(), 'coreview-archive-dialects-'));
  }, 180_000);

  afterAll(async () => {
    await onSqlite?.close();
    await onPostgres?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('exports on SQLite, imports on PostgreSQL and back again, each table row for row', async () => {
    const there = join(work, 'from-sqlite.zip');
    await exportReview(onSqlite.config, team.reviewId, there);
    const onPg = await importReview(onPostgres.config, there, { actorId: null });
    const back = join(work, 'from-postgres.zip');
    await exportReview(onPostgres.config, onPg.reviewId, back);
    const again = await importReview(onSqlite.config, back, { actorId: null, slug: 'coops-again' });

    const original = await reviewTables(onSqlite.config.database, team.reviewId);
    for (const [app, reviewId, imports] of [[onPostgres, onPg.reviewId, 1], [onSqlite, again.reviewId, 2]] as const) {
      const copy = await reviewTables(app.config.database, reviewId);
      // Each import adds one event to the history: itself.
      const events = copy.get('audit_event')!.splice(-imports);
      expect(events.map((e) => e.action)).toEqual(Array(imports).fill('review.import'));
      for (const spec of EXPORTED_TABLES) {
        const rows = copy.get(spec.name)!;
        expect(rows.map((row) => withoutIds(spec, row)), `${app.config.database.kind}: ${spec.name}`).toEqual(original.get(spec.name)!.map((row) => withoutIds(spec, row)));
        if (spec.ownId) expect(new Set(rows.map((row, i) => Number(row.id) - Number(original.get(spec.name)![i]!.id))).size, spec.name).toBeLessThanOrEqual(1);
      }
      expect(await readCounters(app.app.db, reviewId)).toEqual(await readCounters(onSqlite.app.db, team.reviewId));
    }
  });

  it('leaves PostgreSQL able to add rows after the ids it was given', async () => {
    const [review] = await onPostgres.app.db.selectFrom('review').select('id').execute();
    const added = await onPostgres.app.db.insertInto('criterion').values({ reviewId: review!.id, list: 'inclusion', text: 'Added after the import', position: 99 }).returning('id').executeTakeFirstOrThrow();
    const highest = await onPostgres.app.db.selectFrom('criterion').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    expect(added.id).toBe(Number(highest.id));
  });
});
