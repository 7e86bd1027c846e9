import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { FormClient } from '../bench/form-client.js';
import { startServer } from '../bench/server-process.js';
import { comparablePage, readZip, rewriteZip, risExport } from '../support/archive-fixtures.js';
import { importFiles } from '../support/imports.js';
import { minimalPdf } from '../support/pdf-fixture.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { coreview, REPO_ROOT } from '../support/run-process.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const OWNER = { name: 'Olive Owner', email: 'owner@example.org', password: 'owner-password-1' };

describe('coreview backup and restore', () => {
  let t: TestApp;
  let owner: Client;
  let work: string;
  let ris: string;
  let pdf: Uint8Array;
  let backup: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app, OWNER);
    await createReview(owner, { title: 'Social co-operatives after prison', slug: SLUG });
    ris = risExport([
      { title: 'Work, identity and desistance', doi: '10.1177/0264550520000001' },
      { title: 'Social co-operatives in Italian prisons', year: 2019 },
      { title: 'Co-production of justice services', year: 2021 },
    ]);
    await importFiles(owner, SLUG, [{ name: 'scopus.ris', content: ris }]);
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const [first] = (await t.app.db.selectFrom('record').select('id').where('reviewId', '=', reviewId).orderBy('id').execute()).map((r) => r.id);
    await owner.get(`/reviews/${SLUG}/screening/title-abstract`);
    expect((await owner.post(`/reviews/${SLUG}/screening/title-abstract/records/${first}`, { decision: 'include' })).statusCode).toBeLessThan(400);
    pdf = minimalPdf('Work, identity and desistance');
    await owner.get(`/reviews/${SLUG}/records/${first}`);
    const attached = await owner.postMultipart(`/reviews/${SLUG}/records/${first}/full-text`, { _csrf: owner.csrfToken }, [{ field: 'pdf', name: 'maruna.pdf', content: new Uint8Array(pdf) }]);
    expect(attached.statusCode).toBe(303);
    await owner.get(`/reviews/${SLUG}/records/${first}`);
    work = mkdtempSync(join(tmpdir(), 'coreview-backup-test-'));
    backup = join(work, 'backup.zip');
    // Taken while the app above holds the database open, as a running server would.
    const result = await coreview(['backup', '--out', backup], { dataDir: t.dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/integrity check passed\), 1 original export\(s\) and 1 full-text PDF\(s\)/);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes one archive with the database, the original export and the PDF, each with its size and SHA-256', async () => {
    const entries = await readZip(backup);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'coreview-backup', formatVersion: 1 });
    expect(manifest.schemaVersion).toBeGreaterThanOrEqual(9);
    expect(manifest.files.map((f: { path: string }) => f.path.replace(/[0-9a-f]{64}/, 'SHA'))).toEqual(['database/coreview.sqlite', 'originals/SHA', 'fulltexts/SHA.pdf']);
    for (const file of manifest.files) {
      expect(entries.get(file.path)!.length).toBe(file.size);
    }
    const original = manifest.files.find((f: { path: string }) => f.path.startsWith('originals/'));
    expect(entries.get(original.path)!.toString('utf8')).toBe(ris);
    expect(Buffer.compare(entries.get(manifest.files[2].path)!, Buffer.from(pdf))).toBe(0);
    expect(readdirSync(work)).toEqual(['backup.zip']);
  });

  it('restores into a new folder, and a server started there shows the same counts, original and PDF', async () => {
    const restored = join(work, 'restored');
    const result = await coreview(['restore', '--from', backup, '--data-dir', restored], { dataDir: join(work, 'unused') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('every checksum verified');

    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const batch = await t.app.db.selectFrom('importBatch').select('id').where('reviewId', '=', reviewId).executeTakeFirstOrThrow();
    const record = await t.app.db.selectFrom('fullText').select('recordId').where('reviewId', '=', reviewId).executeTakeFirstOrThrow();
    const pages = [`/reviews/${SLUG}`, `/reviews/${SLUG}/records`, `/reviews/${SLUG}/imports`, `/reviews/${SLUG}/prisma`];
    const before = new Map<string, string>();
    for (const page of pages) before.set(page, comparablePage((await owner.get(page)).body));

    const server = await startServer({ dataDir: restored, logFile: join(work, 'restored-server.log') });
    try {
      const client = new FormClient(server.baseUrl);
      await client.get('/login');
      expect((await client.post('/login', { email: OWNER.email, password: OWNER.password })).status).toBe(303);
      for (const page of pages) {
        const response = await client.get(page);
        expect(response.status, page).toBe(200);
        expect(comparablePage(response.body), page).toBe(before.get(page));
      }
      const originalResponse = await fetch(`${server.baseUrl}/reviews/${SLUG}/imports/${batch.id}/original`, { headers: { cookie: client.cookieHeader() } });
      expect(originalResponse.status).toBe(200);
      expect(await originalResponse.text()).toBe(ris);
      const pdfResponse = await fetch(`${server.baseUrl}/reviews/${SLUG}/records/${record.recordId}/full-text.pdf`, { headers: { cookie: client.cookieHeader() } });
      expect(pdfResponse.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await pdfResponse.arrayBuffer()), Buffer.from(pdf))).toBe(0);
    } finally {
      await server.stop();
    }
    const db = new Database(join(restored, 'coreview.sqlite'), { readonly: true });
    const restoredCounters = db.prepare('SELECT name, value FROM review_counter WHERE review_id = ? ORDER BY name').all(reviewId);
    db.close();
    const counters = await readCounters(t.app.db, reviewId);
    for (const { name, value } of restoredCounters as Array<{ name: string; value: number }>) {
      if (name in counters) expect(value, name).toBe(counters[name as keyof typeof counters]);
    }
  }, 120_000);

  it('refuses a data folder that is not empty, and changes nothing in it', async () => {
    const busy = join(work, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'keep me');
    const result = await coreview(['restore', '--from', backup, '--data-dir', busy], { dataDir: join(work, 'unused') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`coreview restore: ${busy} is not empty; restore only into a new or empty folder, so nothing there is overwritten (nothing was changed)`]);
    expect(readdirSync(busy)).toEqual(['notes.txt']);
  });

  it('refuses a tampered, truncated, newer or path-escaping archive with one line, leaving the folder empty', async () => {
    const entries = await readZip(backup);
    const originalPath = [...entries.keys()].find((p) => p.startsWith('originals/'))!;
    const tampered = join(work, 'tampered.zip');
    await rewriteZip(backup, tampered, (path, bytes) => (path === originalPath ? Buffer.from(bytes.toString('utf8').replace('desistance', 'desistence')) : bytes));
    const truncated = join(work, 'truncated.zip');
    writeFileSync(truncated, readFileSync(backup).subarray(0, Math.floor(statSync(backup).size * 0.6)));
    const escaping = join(work, 'escaping.zip');
    await rewriteZip(backup, escaping, (_path, bytes) => bytes, [{ path: '../../escaped.txt', bytes: Buffer.from('outside') }]);
    const newer = join(work, 'newer.zip');
    await rewriteZip(backup, newer, (path, bytes) => (path === 'manifest.json' ? Buffer.from(bytes.toString('utf8').replace(/"schemaVersion": \d+/, '"schemaVersion": 9999')) : bytes));
    const cases: Array<[string, RegExp]> = [
      [tampered, new RegExp(`${originalPath} does not match its checksum: the archive was changed or damaged`)],
      [newer, /newer\.zip was made by a newer Coreview \(database schema 9999; this one knows \d+\); upgrade Coreview first/],
      [truncated, /truncated\.zip is not a Coreview archive, or it is damaged or incomplete/],
      [escaping, /escaping\.zip holds an entry named to reach outside its folder \(invalid relative path: \.\.\/\.\.\/escaped\.txt\); it was refused/],
    ];
    for (const [archive, message] of cases) {
      const target = join(work, `into-${cases.findIndex((c) => c[0] === archive)}`);
      const result = await coreview(['restore', '--from', archive, '--data-dir', target], { dataDir: join(work, 'unused') });
      expect(result.code, archive).toBe(1);
      expect(result.stderr.trim().split('\n'), archive).toHaveLength(1);
      expect(result.stderr, archive).toMatch(message);
      expect(existsSync(target) ? readdirSync(target) : [], archive).toEqual([]);
    }
    expect(existsSync(join(work, '..', 'escaped.txt'))).toBe(false);
  });

  it('finishes while another connection writes every few milliseconds', async () => {
    const writer = new Database(t.config.databaseFile);
    writer.pragma('busy_timeout = 5000');
    // Bulk first, so the copy takes long enough for many writes to land while it runs.
    const insert = writer.prepare("INSERT INTO audit_event (at, action, entity, after_json) VALUES (?, 'test.write', 'test', ?)");
    writer.transaction(() => { for (let i = 0; i < 20_000; i++) insert.run(new Date().toISOString(), JSON.stringify({ i, padding: 'x'.repeat(400) })); })();
    let writes = 0;
    const timer = setInterval(() => { insert.run(new Date().toISOString(), '{}'); writes++; }, 2);
    const out = join(work, 'under-load.zip');
    try {
      const result = await coreview(['backup', '--out', out], { dataDir: t.dataDir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    } finally {
      clearInterval(timer);
      writer.close();
    }
    expect(writes).toBeGreaterThan(10);
    const restored = join(work, 'under-load');
    expect((await coreview(['restore', '--from', out, '--data-dir', restored], { dataDir: join(work, 'unused') })).code).toBe(0);
    const copy = new Database(join(restored, 'coreview.sqlite'), { readonly: true });
    expect(copy.prepare("SELECT count(*) FROM audit_event WHERE action = 'test.write'").pluck().get()).toBeGreaterThanOrEqual(20_000);
    copy.close();
  }, 120_000);

  it('leaves nothing behind when stopped, and a killed run’s temporary files never block the next one', async () => {
    const out = join(work, 'interrupted.zip');
    // What a backup killed with SIGKILL leaves: its temporary files, named after a process that is gone.
    const deadPid = 2 ** 22 + 12345;
    writeFileSync(`${out}.${deadPid}.partial`, 'half an archive');
    writeFileSync(`${out}.${deadPid}.partial-db`, 'half a database');
    const result = await coreview(['backup', '--out', out], { dataDir: t.dataDir });
    expect(result.code).toBe(0);
    expect(readdirSync(work).filter((n) => n.startsWith('interrupted.zip'))).toEqual(['interrupted.zip']);

    // Stopped with SIGTERM while it runs: no archive under the name, no temporary file.
    const stopped = join(work, 'stopped.zip');
    const child = spawn(process.execPath, ['src/bin/coreview.js', 'backup', '--out', stopped], { cwd: REPO_ROOT, env: { ...process.env, COREVIEW_DATA_DIR: t.dataDir }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(() => readdirSync(work).some((n) => n.startsWith('stopped.zip.')));
    child.kill('SIGTERM');
    const code = await exited;
    const left = readdirSync(work).filter((n) => n.startsWith('stopped.zip'));
    // Either it was stopped in time (exit 143, nothing left) or it had just finished (a whole archive).
    if (code === 143) expect(left).toEqual([]);
    else expect(left).toEqual(['stopped.zip']);
  }, 60_000);
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}
