/**
 * A review archived before migration 0013 carries "Not retrievable" decisions, which PRISMA would
 * count as reports excluded: imported today, they become the not-retrieved mark as in every review
 * the migration upgraded (src/review-archive/upgrade-rows.ts). Its rows also lack the columns added
 * since (0019: excerpt language and translation, code origin), which take their defaults.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip, rewriteZip } from '../support/archive-fixtures.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { teamReview, type TeamReview } from '../support/review-archive-fixture.js';
import { coreview } from '../support/run-process.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('a review archive made before "Not retrievable" became the not-retrieved mark', () => {
  let source: TestApp;
  let target: TestApp;
  let team: TeamReview;
  let work: string;
  let archive: string;

  beforeAll(async () => {
    source = await createTestApp();
    team = await teamReview(source);
    // As the review stood before 0013: its first full-text reason (used on one report) was that name.
    const [reason] = await source.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', team.reviewId).where('list', '=', 'full_text').orderBy('position').limit(1).execute();
    await source.app.db.updateTable('exclusionReason').set({ text: 'Not retrievable' }).where('id', '=', reason!.id).execute();
    work = mkdtempSync(join(tmpdir(), 'coreview-archive-upgrade-'));
    const current = join(work, 'current.zip');
    expect((await coreview(['review', 'export', '--review', team.slug, '--out', current], { dataDir: source.dataDir })).code).toBe(0);
    archive = join(work, 'schema-12.zip');
    // Nor did its excerpts have a language and translation, or its codes an origin (0019).
    const entries = await readZip(current);
    const older = new Map<string, Buffer>();
    const without = (path: string, columns: readonly string[]) => {
      const lines = entries.get(path)!.toString('utf8').split('\n').map((line) => {
        if (line === '') return line;
        const row = JSON.parse(line) as Record<string, unknown>;
        for (const column of columns) delete row[column];
        return JSON.stringify(row);
      });
      older.set(path, Buffer.from(lines.join('\n')));
    };
    without('tables/excerpt.jsonl', ['language', 'translation', 'translator']);
    without('tables/code.jsonl', ['origin']);
    await rewriteZip(current, archive, (path, bytes) => {
      if (older.has(path)) return older.get(path)!;
      if (path !== 'manifest.json') return bytes;
      const manifest = JSON.parse(bytes.toString('utf8')) as { files: Array<{ path: string; size: number; sha256: string }> };
      for (const file of manifest.files) {
        const changed = older.get(file.path);
        if (changed) Object.assign(file, { size: changed.length, sha256: createHash('sha256').update(changed).digest('hex') });
      }
      return Buffer.from(JSON.stringify({ ...manifest, schemaVersion: 12 }));
    });
    expect((await readZip(archive)).get('tables/excerpt.jsonl')!.toString('utf8')).not.toContain('"language"');
    expect(JSON.parse((await readZip(archive)).get('manifest.json')!.toString('utf8')).schemaVersion).toBe(12);
    target = await createTestApp();
  }, 180_000);

  afterAll(async () => {
    await source?.close();
    await target?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('imports the report excluded as "Not retrievable" as not retrieved, and the reason is gone', async () => {
    const imported = await coreview(['review', 'import', '--from', archive], { dataDir: target.dataDir });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const reviewId = await reviewIdOf(target.app.db, team.slug);
    const db = target.app.db;
    const reasons = await db.selectFrom('exclusionReason').select('text').where('reviewId', '=', reviewId).where('list', '=', 'full_text').execute();
    expect(reasons.map((r) => r.text)).not.toContain('Not retrievable');
    const items = await db.selectFrom('screeningItem').select(['status', 'outcome']).where('reviewId', '=', reviewId).where('stage', '=', 'full_text').where('active', '=', 1).execute();
    // Two included, and two not retrieved: the one marked so, and the one excluded as "Not retrievable".
    expect(items.map((i) => `${i.status}:${i.outcome}`).sort()).toEqual(['decided:include', 'decided:include', 'not_retrieved:null', 'not_retrieved:null']);
    const decisions = await db.selectFrom('screeningDecision').select('decision').where('reviewId', '=', reviewId).where('stage', '=', 'full_text').execute();
    expect(decisions.map((d) => d.decision)).toEqual(['include', 'include']);
    const counters = Object.fromEntries((await db.selectFrom('reviewCounter').select(['name', 'value']).where('reviewId', '=', reviewId).where('name', 'like', 'ft_%').execute()).map((c) => [c.name, c.value]));
    expect(counters).toMatchObject({ ft_not_retrieved: 2, ft_excluded: 0, ft_included: 2 });
  });

  it('gives its excerpts the review’s language and no translation, and its codes the a-priori origin', async () => {
    const reviewId = await reviewIdOf(target.app.db, team.slug);
    const excerpts = await target.app.db.selectFrom('excerpt').select(['text', 'language', 'translation', 'translator']).where('reviewId', '=', reviewId).orderBy('id').execute();
    // The team's two excerpts and the one taken into the agreed coding from a double-coding pass.
    expect(excerpts).toHaveLength(3);
    for (const e of excerpts) expect(e, e.text).toMatchObject({ language: '', translation: '', translator: '' });
    const origins = await target.app.db.selectFrom('code').select('origin').distinct().where('reviewId', '=', reviewId).execute();
    expect(origins).toEqual([{ origin: 'a_priori' }]);
  });
});
