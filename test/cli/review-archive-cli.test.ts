import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remapJson, type IdMaps, type Row } from '../../src/review-archive/id-remap.js';
import { EXPORTED_TABLES, type TableSpec } from '../../src/review-archive/review-tables.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { decide } from '../../src/screening/screening-service.js';
import { comparablePage, readZip, rewriteZip } from '../support/archive-fixtures.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { recount, reviewTables, storedRows, teamReview, type TeamReview } from '../support/review-archive-fixture.js';
import { coreview } from '../support/run-process.js';
import { addPeople, createReview, createTestApp, setupOwner, signIn, type TestApp } from '../support/test-app.js';

function storedFiles(dataDir: string): string[] {
  return ['originals', 'fulltexts'].flatMap((folder) => (existsSync(join(dataDir, folder)) ? readdirSync(join(dataDir, folder)).map((n) => `${folder}/${n}`) : [])).sort();
}

describe('a review as one file, from one Coreview to another', () => {
  let source: TestApp;
  let target: TestApp;
  let team: TeamReview;
  let work: string;
  let archive: string;
  let otherReviewId: number;
  let before: { other: Map<string, Row[]>; accounts: unknown[]; files: string[] };

  const snapshot = async () => ({
    other: await reviewTables(target.config.database, otherReviewId),
    accounts: await storedRows(target.config.database, { sql: 'SELECT * FROM account ORDER BY id', parameters: [] }),
    files: storedFiles(target.dataDir),
  });

  beforeAll(async () => {
    source = await createTestApp();
    team = await teamReview(source);
    // Node 24's readline splits lines at U+2028/U+2029: an abstract carrying them must still be one row.
    const [first] = await source.app.db.selectFrom('record').select('id').where('reviewId', '=', team.reviewId).orderBy('id').limit(1).execute();
    await source.app.db.updateTable('record').set({ abstract: 'Work as\u2028a line separator and\u2029a paragraph separator' }).where('id', '=', first!.id).execute();
    work = mkdtempSync(join(tmpdir(), 'coreview-review-archive-'));
    archive = join(work, 'coops.zip');
    const exported = await coreview(['review', 'export', '--review', team.slug, '--out', archive], { dataDir: source.dataDir });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);

    // Another Coreview, in use: its own owner, Rita (known here by the same e-mail), a review of its own.
    target = await createTestApp();
    const olga = await setupOwner(target.app, { name: 'Olga Other', email: 'olga@example.org', password: 'olga-password-1' });
    await addPeople(target.app, olga, [['Rita R.', 'rita']]);
    await createReview(olga, { title: 'Another review', slug: 'other' }, ['rita']);
    otherReviewId = await reviewIdOf(target.app.db, 'other');
    const { ids } = await insertSearch(target.app.db, otherReviewId, [{ title: 'A record of the other review' }, { title: 'Another one' }]);
    const olgaId = (await target.app.db.selectFrom('account').select('id').where('email', '=', 'olga@example.org').executeTakeFirstOrThrow()).id;
    await decide(target.app.db, { reviewId: otherReviewId, actorId: olgaId }, { recordId: ids[0]!, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    before = await snapshot();
  }, 180_000);

  afterAll(async () => {
    await source?.close();
    await target?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes the review, its people, one JSON-lines file per table and the files, each in the manifest', async () => {
    const entries = await readZip(archive);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'coreview-review', formatVersion: 1, details: { review: { slug: 'coops' }, missing: [] } });
    const paths = manifest.files.map((f: { path: string }) => f.path.replace(/[0-9a-f]{64}/, 'SHA'));
    expect(paths).toEqual(['review.json', 'people.jsonl', ...EXPORTED_TABLES.map((t) => `tables/${t.name}.jsonl`), 'originals/SHA', 'originals/SHA', 'fulltexts/SHA.pdf']);
    for (const file of manifest.files) expect(createHash('sha256').update(entries.get(file.path)!).digest('hex'), file.path).toBe(file.sha256);
    const people = entries.get('people.jsonl')!.toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(people.map((p: { email: string }) => p.email).sort()).toEqual(['owner@example.org', 'rita@example.org', 'sam@example.org']);
    expect(entries.get('people.jsonl')!.toString('utf8')).not.toMatch(/argon2|password/);
    // The fixture leaves rows in every table, so the round trip below covers them all.
    for (const spec of EXPORTED_TABLES) expect(manifest.details.rows[spec.name], spec.name).toBeGreaterThan(0);
  });

  it('imports as a new review in another Coreview, field by field, histories and files included', async () => {
    const imported = await coreview(['review', 'import', '--from', archive], { dataDir: target.dataDir });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/as review "coops": 8 records/);
    expect(imported.stdout).toContain('added disabled: owner@example.org, sam@example.org');
    const newId = await reviewIdOf(target.app.db, 'coops');

    const src = await reviewTables(source.config.database, team.reviewId);
    const dst = await reviewTables(target.config.database, newId);
    const accounts = await accountMap();
    const offsets = new Map<string, number>();
    for (const spec of EXPORTED_TABLES.filter((t) => t.ownId)) {
      // Rows keep their order, each id moved by one offset per table.
      const shifts = new Set(src.get(spec.name)!.map((row, i) => Number(dst.get(spec.name)![i]!.id) - Number(row.id)));
      expect(shifts.size, spec.name).toBe(1);
      offsets.set(spec.name, [...shifts][0]!);
    }
    const maps: IdMaps = { review: newId, accounts, offsets };
    // The history gains one event: the import itself.
    const importEvent = dst.get('audit_event')!.pop()!;
    expect(importEvent).toMatchObject({ action: 'review.import', entity: 'review', entity_id: String(newId), actor_id: null });
    for (const spec of EXPORTED_TABLES) {
      expect(dst.get(spec.name), spec.name).toEqual(src.get(spec.name)!.map((row) => expected(spec, row, maps)));
    }
    // Columns added to tables since archives began travel with them (0019): an Italian excerpt, an emergent code.
    expect(dst.get('excerpt')!.map((e) => [e.language, e.translation, e.translator])).toContainEqual(['it', 'Work gave me a reason to stay out', 'DeepL, checked by Maria Rossi']);
    expect(dst.get('code')!.filter((c) => c.origin === 'emergent').map((c) => c.name)).toEqual(['Work identity']);
    // Payload ids point at the new rows: the merge's records, the reasons in decision history.
    const records = new Set(dst.get('record')!.map((r) => r.id));
    const merge = dst.get('merge_event')![0]!;
    for (const link of JSON.parse(String(merge.links_json))) expect(records.has(link.id)).toBe(true);
    const reasons = new Set(dst.get('exclusion_reason')!.map((r) => r.id));
    const withReason = dst.get('screening_event')!.map((e) => JSON.parse(String(e.after_json ?? 'null'))).filter((v) => v?.reasonId != null);
    expect(withReason.length).toBeGreaterThan(0);
    for (const value of withReason) expect(reasons.has(value.reasonId)).toBe(true);
    const mergeAudit = dst.get('audit_event')!.find((e) => e.action === 'duplicates.merge')!;
    expect(records.has(JSON.parse(String(mergeAudit.after_json)).primary)).toBe(true);

    for (const file of storedFiles(source.dataDir)) expect(readFileSync(join(target.dataDir, file)).equals(readFileSync(join(source.dataDir, file))), file).toBe(true);
  });

  it('counts as the rows say, and shows the team the same review', async () => {
    const newId = await reviewIdOf(target.app.db, 'coops');
    const counters = await readCounters(target.app.db, newId);
    expect(counters).toEqual(await readCounters(source.app.db, team.reviewId));
    await recount(target.config.database, target.dataDir, newId);
    expect(await readCounters(target.app.db, newId)).toEqual(counters);
    // Each reviewer's own count ("ta_by:<account id>") follows them to their new id.
    const byReviewer = async (db: TestApp['app']['db'], reviewId: number) => {
      const emails = new Map((await db.selectFrom('account').select(['id', 'email']).execute()).map((a) => [a.id, a.email]));
      const rows = await db.selectFrom('reviewCounter').select(['name', 'value']).where('reviewId', '=', reviewId).where('name', 'like', '%_by:%').execute();
      return rows.map((r) => `${r.name.split(':')[0]} ${emails.get(Number(r.name.split(':')[1]))} ${r.value}`).sort();
    };
    expect(await byReviewer(target.app.db, newId)).toEqual(await byReviewer(source.app.db, team.reviewId));

    const ritaThere = await signIn(target.app, 'rita@example.org', 'rita-password-1');
    const ritaHere = await signIn(source.app, 'rita@example.org', 'rita-password-1');
    for (const page of ['', '/prisma', '/screening/agreement']) {
      const [a, b] = [await ritaHere.get(`/reviews/coops${page}`), await ritaThere.get(`/reviews/coops${page}`)];
      expect(b.statusCode, page).toBe(a.statusCode);
      expect(comparablePage(b.body), page).toBe(comparablePage(a.body));
    }
    const search = await ritaThere.get('/reviews/coops/records?q=desistance');
    expect(search.body).toContain('Work, identity and desistance');
  });

  it('adds unknown people disabled and unable to sign in, and leaves every other review and account as it was', async () => {
    const sam = await target.app.db.selectFrom('account').selectAll().where('email', '=', 'sam@example.org').executeTakeFirstOrThrow();
    expect(sam.disabledAt).not.toBeNull();
    const login = await signIn(target.app, 'sam@example.org', 'sam-password-1').then(() => 'signed in', (error: Error) => error.message);
    expect(login).toMatch(/sign-in failed/);
    const now = await snapshot();
    expect(now.other).toEqual(before.other);
    const newAccounts = new Set(['owner@example.org', 'sam@example.org']);
    expect((now.accounts as Array<{ email: string }>).filter((a) => !newAccounts.has(a.email))).toEqual(before.accounts);
  });

  it('refuses a tampered, truncated or dangling archive with one line, changing nothing', async () => {
    const state = await snapshot();
    const reviews = async () => (await storedRows(target.config.database, { sql: 'SELECT slug FROM review ORDER BY id', parameters: [] })).map((r) => r.slug);
    const slugs = await reviews();
    const tampered = join(work, 'tampered.zip');
    await rewriteZip(archive, tampered, (path, bytes) => (path === 'tables/record.jsonl' ? Buffer.from(bytes.toString('utf8').replace('Work, identity', 'Work, idemtity')) : bytes));
    const truncated = join(work, 'truncated.zip');
    writeFileSync(truncated, readFileSync(archive).subarray(0, Math.floor(statSync(archive).size / 2)));
    // A forger who also fixes the checksums: every check passes, but a decision names a record the archive lacks.
    const dangling = join(work, 'dangling.zip');
    await rewriteWithManifest(archive, dangling, 'tables/record.jsonl', (text) => text.split('\n').filter((line) => !line.includes('Work, identity and desistance')).join('\n'));
    const cases: Array<[string, RegExp]> = [
      [tampered, /coreview review import: tampered\.zip was not imported, nothing was changed: tampered\.zip: tables\/record\.jsonl does not match its checksum/],
      [truncated, /truncated\.zip is not a Coreview archive, or it is damaged or incomplete/],
      [dangling, /dangling\.zip was not imported, nothing was changed: The archive is damaged: its rows point at rows it does not hold/],
    ];
    for (const [file, message] of cases) {
      const result = await coreview(['review', 'import', '--from', file, '--slug', 'coops-again'], { dataDir: target.dataDir });
      expect(result.code, file).toBe(1);
      expect(result.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(result.stderr, file).toMatch(message);
      expect(await reviews(), file).toEqual(slugs);
      expect(await snapshot(), file).toEqual(state);
    }
    expect(readdirSync(join(target.dataDir, 'tmp')).filter((n) => n.startsWith('review-import'))).toEqual([]);

    // Where the files are new, the ones placed before the failed commit are taken away again.
    const fresh = await createTestApp();
    try {
      const result = await coreview(['review', 'import', '--from', dangling], { dataDir: fresh.dataDir });
      expect(result.stderr).toMatch(/its rows point at rows it does not hold/);
      expect(storedFiles(fresh.dataDir)).toEqual([]);
      expect(await fresh.app.db.selectFrom('review').select('slug').execute()).toEqual([]);
      expect(await fresh.app.db.selectFrom('account').select('email').execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 150_000);

  async function accountMap(): Promise<Map<number, number>> {
    const emails = (db: TestApp['app']['db']) => db.selectFrom('account').select(['id', 'email']).execute();
    const there = new Map((await emails(target.app.db)).map((a) => [a.email, a.id]));
    return new Map((await emails(source.app.db)).filter((a) => there.has(a.email)).map((a) => [a.id, there.get(a.email)!]));
  }
});

/** A source row as the target must hold it: the catalogue's ids mapped, every other field as it was. */
function expected(spec: TableSpec, row: Row, maps: IdMaps): Row {
  const out: Row = { ...row };
  const map = (target: string, id: unknown) => (id === null ? null : target === 'account' ? maps.accounts.get(Number(id)) ?? null : target === 'review' ? maps.review : Number(id) + maps.offsets.get(target)!);
  if ('review_id' in out) out.review_id = maps.review;
  if (spec.ownId) out.id = map(spec.name, row.id);
  for (const [column, target] of Object.entries({ ...spec.refs, ...spec.thresholds })) out[column] = map(target, row[column]);
  for (const [column, rule] of Object.entries(spec.json ?? {})) if (row[column] !== null) out[column] = JSON.stringify(remapJson(JSON.parse(String(row[column])), rule, maps));
  if (spec.entityIds) {
    const target = spec.entityIds.kinds[String(row.entity)];
    if (target && row.entity_id !== null) out.entity_id = String(row.entity_id).split(',').map((id) => map(target, id)).join(',');
  }
  return out;
}

/** Rewrites one entry and gives the manifest its new size and SHA-256, as a careful forger would. */
async function rewriteWithManifest(from: string, to: string, path: string, change: (text: string) => string): Promise<void> {
  const changed = Buffer.from(change((await readZip(from)).get(path)!.toString('utf8')));
  await rewriteZip(from, to, (name, bytes) => {
    if (name === path) return changed;
    if (name !== 'manifest.json') return bytes;
    const manifest = JSON.parse(bytes.toString('utf8'));
    for (const file of manifest.files) if (file.path === path) Object.assign(file, { size: changed.length, sha256: createHash('sha256').update(changed).digest('hex') });
    return Buffer.from(JSON.stringify(manifest));
  });
}
