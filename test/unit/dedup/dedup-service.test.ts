import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dedupRecordOf } from '../../../src/dedup/dedup-record.js';
import { confirmPairsAtLeast } from '../../../src/dedup/bulk-confirm.js';
import { changePrimary, decidePair, undoMerge } from '../../../src/dedup/dedup-service.js';
import { separateReport } from '../../../src/studies/report-grouping.js';
import { detectDuplicates } from '../../../src/dedup/detection.js';
import { countStudies, multiReportStudies, studyOfReports } from '../../../src/dedup/study-reports.js';
import { migrate } from '../../../src/db/migrate.js';
import type { SqliteDb as Db } from '../../../src/db/database.js';
import { openDb } from '../../../src/db/open.js';
import { ValidationError } from '../../../src/domain-errors.js';
import { recordValues } from '../../../src/imports/batch-store.js';
import { storeBatches } from '../../support/store-batch.js';
import { parseFile } from '../../../src/imports/parse-file.js';
import { recordToDedup, selectDedupRows } from '../../../src/dedup/record-to-dedup.js';
import { removeBatch } from '../../../src/imports/batch-repository.js';
import { readCounters } from '../../../src/reviews/stage-counters.js';
import { fixtureFile } from '../../support/fixture-exports.js';
import { insertSearch, type RecordFixture } from '../../support/record-fixtures.js';

let dir: string;
let db: Db;
let ctx: { reviewId: number; actorId: number };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coreview-dedup-'));
  db = openDb(join(dir, 'coreview.sqlite'));
  migrate(db.sqlite);
  const now = new Date().toISOString();
  const { id: actorId } = await db.kysely
    .insertInto('account')
    .values({ email: 'olive@example.org', name: 'Olive', passwordHash: 'x', isOwner: 1, passwordTemporary: 0, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: reviewId } = await db.kysely
    .insertInto('review')
    .values({ slug: 'desistance', title: 'Desistance', question: '', description: '', createdBy: actorId, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx = { reviewId, actorId };
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Imports synthetic exports (test/fixtures/exports) through the real parser and batch store, one batch each. */
async function importFixtures(...files: string[]): Promise<void> {
  await storeBatches(
    db.kysely,
    ctx,
    files.map((fileName) => {
      const bytes = fixtureFile(fileName);
      const parsed = parseFile(bytes, fileName);
      return {
        search: { sourceType: 'database', sourceName: fileName, searchedOn: null, query: '', notes: '' },
        file: { fileName, size: bytes.length, sha256: fileName },
        summary: { ...parsed, imported: parsed.records.length, failed: parsed.failures.length },
        records: parsed.records.map(recordValues),
      };
    }),
  );
}

const count = (sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).pluck().get(...params) as number;
const visible = () => count('SELECT count(*) FROM record WHERE duplicate_of IS NULL');
const allRecords = () => db.sqlite.prepare('SELECT * FROM record ORDER BY id').all();
const links = () => Object.fromEntries((db.sqlite.prepare('SELECT id, duplicate_of FROM record WHERE duplicate_of IS NOT NULL').all() as Array<{ id: number; duplicate_of: number }>).map((r) => [r.id, r.duplicate_of]));
const pairs = () => db.sqlite.prepare('SELECT * FROM duplicate_pair ORDER BY id').all() as Array<{ id: number; record_a: number; record_b: number; status: string; merge_id: number | null }>;

/** The dashboard counters agree with the rows they count, and no link points at a duplicate. */
async function expectConsistent(): Promise<void> {
  const counters = await readCounters(db.kysely, ctx.reviewId);
  expect(counters.duplicates_marked).toBe(count('SELECT count(*) FROM record WHERE duplicate_of IS NOT NULL'));
  expect(counters.duplicates_pending).toBe(count("SELECT count(*) FROM duplicate_pair WHERE status = 'pending'"));
  expect(count('SELECT count(*) FROM record r JOIN record p ON p.id = r.duplicate_of WHERE p.duplicate_of IS NOT NULL')).toBe(0);
}

const article = (fields: Partial<RecordFixture> = {}): RecordFixture => ({
  title: 'Social co-operatives and desistance from crime in Italy',
  authors: ['Rossi, Maria', 'Bianchi, Luca'],
  year: 2019,
  journal: 'British Journal of Criminology',
  doi: '10.1093/bjc/azy001',
  ...fields,
});

describe('stored records as detection reads them', () => {
  it('reads exactly what a freshly parsed reference gives', async () => {
    const files = ['colrev-records.bib', 'lens.ris', 'biblatex.bib', 'pubmed.txt', 'asreview.csv'];
    await importFixtures(...files);
    const parsed = files.flatMap((file) => parseFile(fixtureFile(file), file).records);
    const stored = (await selectDedupRows(db.kysely, ctx.reviewId)).map(recordToDedup);
    expect(stored).toEqual(parsed.map((record, i) => dedupRecordOf(stored[i]!.id, record.reference)));
  });
});

describe('a CoLRev records.bib through the real import', () => {
  it('links the 10 records into 8 works with two automatic merges, keeping every record and its source', async () => {
    await importFixtures('colrev-records.bib');
    const batches = allRecords().map((r) => (r as { batch_id: number }).batch_id);
    expect(batches).toHaveLength(10);

    const result = await detectDuplicates(db.kysely, ctx);
    expect(result).toMatchObject({ newPairs: 2, queued: 0 });
    expect(result.merges).toHaveLength(2);
    expect(visible()).toBe(8);
    expect(allRecords().map((r) => (r as { batch_id: number }).batch_id)).toEqual(batches);
    expect(pairs().map((p) => [p.status, p.merge_id])).toEqual([['same', result.merges[0]], ['same', result.merges[1]]]);
    await expectConsistent();
    expect(count("SELECT count(*) FROM audit_event WHERE action = 'duplicates.merge'")).toBe(2);
    expect(count("SELECT count(*) FROM audit_event WHERE action = 'duplicates.detect'")).toBe(1);
  });

  it('undoes both merges byte for byte, remembers them, and a new run does not merge them again', async () => {
    await importFixtures('colrev-records.bib');
    const before = allRecords();
    const { merges } = await detectDuplicates(db.kysely, ctx);
    for (const mergeId of merges) await undoMerge(db.kysely, ctx, mergeId);
    expect(allRecords()).toEqual(before);
    expect(pairs().map((p) => p.status)).toEqual(['different', 'different']);
    await expectConsistent();
    await expect(undoMerge(db.kysely, ctx, merges[0]!)).rejects.toThrow(/already undone/);

    expect(await detectDuplicates(db.kysely, ctx)).toEqual({ newPairs: 0, merges: [], queued: 0, linked: 0 });
    expect(visible()).toBe(10);
    expect(count("SELECT count(*) FROM audit_event WHERE action = 'duplicates.undo'")).toBe(2);
  });

  it('finds nothing new on a second run', async () => {
    await importFixtures('colrev-records.bib');
    await detectDuplicates(db.kysely, ctx);
    const stored = pairs();
    const records = allRecords();
    expect(await detectDuplicates(db.kysely, ctx)).toEqual({ newPairs: 0, merges: [], queued: 0, linked: 0 });
    expect(pairs()).toEqual(stored);
    expect(allRecords()).toEqual(records);
    await expectConsistent();
  });
});

describe('exports of one search from three databases', () => {
  it('merges the certain pairs, queues the rest once, and keeps counts exact through decisions', async () => {
    await importFixtures('ebsco-criminal-justice.ris', 'lens.ris', 'ebsco-psycinfo.ris');
    const first = await detectDuplicates(db.kysely, ctx);
    // 12 certain pairs in 8 groups; two probable pairs and a preprint with its article for a person.
    expect(first.merges).toHaveLength(8);
    expect(first.queued).toBe(3);
    await expectConsistent();

    const [sameId, differentId] = pairs().filter((p) => p.status === 'pending').map((p) => p.id);
    const marked = count('SELECT count(*) FROM record WHERE duplicate_of IS NOT NULL');
    expect(await decidePair(db.kysely, ctx, sameId!, 'same')).not.toBeNull();
    expect(await decidePair(db.kysely, ctx, differentId!, 'different')).toBeNull();
    expect(count('SELECT count(*) FROM record WHERE duplicate_of IS NOT NULL')).toBeGreaterThan(marked);
    await expectConsistent();
    await expect(decidePair(db.kysely, ctx, sameId!, 'different')).rejects.toThrow(/undo the merge/);

    expect(await detectDuplicates(db.kysely, ctx)).toEqual({ newPairs: 0, merges: [], queued: 0, linked: 0 });
    await expectConsistent();
  });
});

describe('groups, primaries and flat links', () => {
  it('merges three records of one work as one group, filling the primary from the others', async () => {
    const { ids } = await insertSearch(db.kysely, ctx.reviewId, [
      article(),
      article({ abstract: 'Members of social co-operatives desisted more often.' }),
      article({ doi: 'https://doi.org/10.1093/BJC/AZY001', pages: '811-830' }),
    ]);
    const before = allRecords();
    const { merges } = await detectDuplicates(db.kysely, ctx);
    expect(merges).toHaveLength(1);
    // Richest first: the abstract and the pages weigh the same, then the longer abstract wins.
    expect(links()).toEqual({ [ids[0]!]: ids[1], [ids[2]!]: ids[1] });
    const primary = db.sqlite.prepare('SELECT abstract, pages, doi FROM record WHERE id = ?').get(ids[1]);
    expect(primary).toEqual({ abstract: 'Members of social co-operatives desisted more often.', pages: '811-830', doi: '10.1093/bjc/azy001' });
    expect(pairs().every((p) => p.status === 'same' && p.merge_id === merges[0])).toBe(true);
    await expectConsistent();

    await undoMerge(db.kysely, ctx, merges[0]!);
    expect(allRecords()).toEqual(before);
    await expectConsistent();
  });

  it('re-points a group when its primary becomes a duplicate, so links never chain', async () => {
    const { ids: [a, b] } = await insertSearch(db.kysely, ctx.reviewId, [article(), article({ abstract: 'An abstract.' })]);
    const { merges: [firstMerge] } = await detectDuplicates(db.kysely, ctx);
    expect(links()).toEqual({ [a!]: b });

    const { ids: [c] } = await insertSearch(db.kysely, ctx.reviewId, [article({ abstract: 'A longer abstract, with pages.', pages: '811-830' })]);
    const { merges: [secondMerge] } = await detectDuplicates(db.kysely, ctx, { newIds: [c!] });
    expect(links()).toEqual({ [a!]: c, [b!]: c });
    await expectConsistent();

    await expect(undoMerge(db.kysely, ctx, firstMerge!)).rejects.toThrow(ValidationError);
    await undoMerge(db.kysely, ctx, secondMerge!);
    expect(links()).toEqual({ [a!]: b });
    await expectConsistent();
  });

  it('lets a person choose another primary, and undo that choice', async () => {
    const { ids: [a, b, c] } = await insertSearch(db.kysely, ctx.reviewId, [article(), article({ abstract: 'An abstract.' }), article()]);
    await detectDuplicates(db.kysely, ctx);
    expect(links()).toEqual({ [a!]: b, [c!]: b });

    const change = await changePrimary(db.kysely, ctx, a!);
    expect(links()).toEqual({ [b!]: a, [c!]: a });
    // The new primary is filled from the others like any primary.
    expect(db.sqlite.prepare('SELECT abstract FROM record WHERE id = ?').pluck().get(a)).toBe('An abstract.');
    await expectConsistent();
    await expect(changePrimary(db.kysely, ctx, a!)).rejects.toThrow(/already the primary/);

    await undoMerge(db.kysely, ctx, change);
    expect(links()).toEqual({ [a!]: b, [c!]: b });
    expect(db.sqlite.prepare('SELECT abstract FROM record WHERE id = ?').pluck().get(a)).toBe('');
    await expectConsistent();
  });

  it('queues a probable pair, merges it on "same", and remembers an undone decision', async () => {
    const { ids: [a, b] } = await insertSearch(db.kysely, ctx.reviewId, [article({ doi: null }), article({ doi: null, year: 2020 })]);
    const { queued } = await detectDuplicates(db.kysely, ctx);
    expect(queued).toBe(1);
    const [pair] = pairs();
    expect(pair).toMatchObject({ record_a: a, record_b: b, status: 'pending' });
    await expectConsistent();

    const mergeId = await decidePair(db.kysely, ctx, pair!.id, 'same');
    expect(links()).toEqual({ [b!]: a });
    await expectConsistent();
    await undoMerge(db.kysely, ctx, mergeId!);
    expect(pairs()[0]!.status).toBe('different');
    expect(await detectDuplicates(db.kysely, ctx)).toEqual({ newPairs: 0, merges: [], queued: 0, linked: 0 });
    await expectConsistent();
    expect(count("SELECT count(*) FROM audit_event WHERE action = 'duplicates.decide'")).toBe(1);
  });

  it('does not merge certain pairs into a group a person kept apart', async () => {
    const { ids: [a, b] } = await insertSearch(db.kysely, ctx.reviewId, [article(), article()]);
    const { merges } = await detectDuplicates(db.kysely, ctx);
    await undoMerge(db.kysely, ctx, merges[0]!);
    // A third copy is certain with both, but would join the two records the undo separated.
    await insertSearch(db.kysely, ctx.reviewId, [article()]);
    const again = await detectDuplicates(db.kysely, ctx);
    expect(again).toMatchObject({ newPairs: 2, merges: [], queued: 2 });
    expect(links()).toEqual({});
    expect(pairs().find((p) => p.record_a === a && p.record_b === b)?.status).toBe('different');
    await expectConsistent();
  });

  it('refuses a chain or a link across reviews even when written by hand', async () => {
    const { ids: [a, b, c] } = await insertSearch(db.kysely, ctx.reviewId, [article(), article({ title: 'Another work' }), article({ title: 'A third work' })]);
    const other = db.sqlite.prepare("INSERT INTO review (slug, title, created_by, created_at, updated_at) VALUES ('other', 'Other', ?, 'now', 'now')").run(ctx.actorId);
    const { ids: [elsewhere] } = await insertSearch(db.kysely, Number(other.lastInsertRowid), [article()]);
    const link = db.sqlite.prepare('UPDATE record SET duplicate_of = ? WHERE id = ?');
    expect(() => link.run(elsewhere, a)).toThrow(/primary record of the same review/);
    link.run(b, a);
    expect(() => link.run(a, c)).toThrow(/primary record/); // c -> a, a duplicate
    expect(() => link.run(c, b)).toThrow(/primary record/); // b has duplicates itself
    expect(() => link.run(c, c)).toThrow(/primary record/);
  });
});

describe('versions of one work: reports of one study', () => {
  const preprint = (fields: Partial<RecordFixture> = {}) => article({ type: 'preprint', doi: '10.31234/osf.io/abc12', journal: 'PsyArXiv', year: 2018, ...fields });

  it('keeps confirmed versions as separate records counted as one study, through later merges and their undo', async () => {
    const { ids: [published, early] } = await insertSearch(db.kysely, ctx.reviewId, [article(), preprint()]);
    const { queued } = await detectDuplicates(db.kysely, ctx);
    expect(queued).toBe(1);
    const [pair] = pairs();
    expect(await decidePair(db.kysely, ctx, pair!.id, 'versions')).toBeNull();
    expect(links()).toEqual({});
    expect(visible()).toBe(2);
    expect(await multiReportStudies(db.kysely, ctx.reviewId)).toEqual([[published, early]]);
    expect(countStudies([published!, early!], await studyOfReports(db.kysely, ctx.reviewId))).toBe(1);
    await expectConsistent();

    // A richer copy of the article arrives and becomes the primary: the study follows it.
    const { ids: [copy] } = await insertSearch(db.kysely, ctx.reviewId, [article({ abstract: 'Richer.', pages: '1-20' })]);
    const { merges: [merge] } = await detectDuplicates(db.kysely, ctx, { newIds: [copy!] });
    expect(links()).toEqual({ [published!]: copy });
    expect(await multiReportStudies(db.kysely, ctx.reviewId)).toEqual([[early, copy]]);
    await undoMerge(db.kysely, ctx, merge!);
    expect(await multiReportStudies(db.kysely, ctx.reviewId)).toEqual([[published, early]]);
  });

  it('joins three reports into one study and lets a person take one out again, audited', async () => {
    const { ids: [published, early, poster] } = await insertSearch(db.kysely, ctx.reviewId, [
      article(),
      preprint(),
      preprint({ doi: '10.31235/osf.io/zz999', journal: 'SocArXiv', year: 2017 }),
    ]);
    await detectDuplicates(db.kysely, ctx);
    for (const pair of pairs().filter((p) => p.status === 'pending')) await decidePair(db.kysely, ctx, pair.id, 'versions');
    expect(await multiReportStudies(db.kysely, ctx.reviewId)).toEqual([[published, early, poster]]);
    expect(countStudies([published!, early!, poster!], await studyOfReports(db.kysely, ctx.reviewId))).toBe(1);

    expect(await separateReport(db.kysely, ctx, poster!)).toBeGreaterThan(0);
    expect(await multiReportStudies(db.kysely, ctx.reviewId)).toEqual([[published, early]]);
    expect(countStudies([published!, early!, poster!], await studyOfReports(db.kysely, ctx.reviewId))).toBe(2);
    expect(count("SELECT count(*) FROM audit_event WHERE action = 'duplicates.separate-report'")).toBe(1);
    await expect(separateReport(db.kysely, ctx, poster!)).rejects.toThrow(/not grouped/);
    await expect(separateReport(db.kysely, ctx, 999_999)).rejects.toThrow(/no such record/);
  });
});

describe('removing a search whose records are in duplicate groups', () => {
  it('promotes a staying record when the primary leaves, re-points its merge so undo still works', async () => {
    const { batchId: first, ids: [a] } = await insertSearch(db.kysely, ctx.reviewId, [article({ abstract: 'The richest copy.', pages: '1-20', volume: '59' })]);
    const { ids: [b, c] } = await insertSearch(db.kysely, ctx.reviewId, [article(), article({ abstract: 'A shorter one.' })]);
    const { merges: [merge] } = await detectDuplicates(db.kysely, ctx);
    expect(links()).toEqual({ [b!]: a, [c!]: a });

    await removeBatch(db.kysely, ctx, first);
    expect(links()).toEqual({ [b!]: c });
    expect(pairs().map((p) => [p.record_a, p.record_b])).toEqual([[b, c]]);
    await expectConsistent();
    expect(count("SELECT count(*) FROM audit_event WHERE action = 'duplicates.detach'")).toBe(1);

    await undoMerge(db.kysely, ctx, merge!);
    expect(links()).toEqual({});
    await expectConsistent();
  });

  it('drops a leaving duplicate, its pending pairs and a merge left without a primary', async () => {
    const { ids: [a] } = await insertSearch(db.kysely, ctx.reviewId, [article({ abstract: 'Kept.' })]);
    const { batchId: second, ids: [b] } = await insertSearch(db.kysely, ctx.reviewId, [article()]);
    const { batchId: third } = await insertSearch(db.kysely, ctx.reviewId, [article({ doi: null, title: 'Social co-operatives and desistance from crime in Italy and Spain' })]);
    await detectDuplicates(db.kysely, ctx);
    expect(links()).toEqual({ [b!]: a });

    await removeBatch(db.kysely, ctx, second);
    await removeBatch(db.kysely, ctx, third);
    expect(links()).toEqual({});
    expect(pairs()).toEqual([]);
    await expectConsistent();
  });
});

describe('related reports and versions in the queue', () => {
  it('are stored as their own kinds, one pair each, and never confirmed as one work in bulk', async () => {
    const title = 'Desistance from crime among members of social co-operatives in Italy';
    const { ids } = await db.kysely.transaction().execute((trx) =>
      insertSearch(trx, ctx.reviewId, [
        { title, authors: ['Rossi, Maria'], year: 2019, journal: 'British Journal of Criminology', doi: '10.1093/bjc/azy001', type: 'journal-article' },
        { title, authors: ['Rossi, M.'], year: 2018, journal: 'European Society of Criminology Conference Abstracts', type: 'conference-paper' },
        { title, authors: ['Rossi, M.'], year: 2019, journal: 'British Journal of Criminology', doi: '10.2307/26410123', type: 'journal-article' },
      ]),
    );
    await detectDuplicates(db.kysely, ctx);
    const stored = await db.kysely.selectFrom('duplicatePair').select(['recordA', 'recordB', 'kind', 'status']).orderBy('recordA').orderBy('recordB').execute();
    expect(stored).toEqual([
      { recordA: ids[0], recordB: ids[1], kind: 'related', status: 'pending' },
      { recordA: ids[0], recordB: ids[2], kind: 'version', status: 'pending' },
      { recordA: ids[1], recordB: ids[2], kind: 'related', status: 'pending' },
    ]);
    expect(await confirmPairsAtLeast(db.kysely, ctx, 0.5)).toEqual({ confirmed: 0, refused: 0 });
    expect(links()).toEqual({});
  });
});
