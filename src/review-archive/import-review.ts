import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { recordAudit } from '../audit/audit-log.js';
import { ArchiveError, archiveFailure } from '../archive/archive-error.js';
import { ArchiveReader } from '../archive/archive-reader.js';
import { newestKnownSchema } from '../archive/schema-version.js';
import { dataPathOf, storedFileAt, type StoredFile } from '../archive/stored-files.js';
import { openDb, type Db } from '../db/open.js';
import { slugProblem } from '../reviews/slug.js';
import type { ArchivedReview } from './export-review.js';
import { remapRow, type IdMaps, type Row } from './id-remap.js';
import { recountCounters } from './recount-counters.js';
import { addDisabledPeople, checkedPerson, matchPeople, unusablePasswordHash, type ArchivedPerson } from './review-people.js';
import { EXPORTED_TABLES, PEOPLE_PATH, REVIEW_PATH, tablePath } from './review-tables.js';
import { columnsOf, maxId, RowInserter } from './table-sql.js';

const IMPORT_BUSY_TIMEOUT_MS = 60_000;

export interface ReviewImportOptions {
  /** Who imports: made an owner of the new review. Null from the command line. */
  actorId: number | null;
  /** The new review's short name; by default the archived one, or the first free `<slug>-2`, `-3`… */
  slug?: string;
  /** How messages name the archive (an upload's own file name). */
  name?: string;
}

export interface ReviewImportSummary {
  reviewId: number;
  slug: string;
  title: string;
  rows: Record<string, number>;
  peopleMatched: number;
  /** E-mail addresses of the people added, disabled, because this instance did not have them. */
  peopleAdded: string[];
  files: number;
}

/**
 * Imports a review archive as a new review: all or nothing. Every file of the archive is checked
 * against its manifest before anything is written; the rows go in one transaction with every id
 * mapped (id-remap.ts), people matched by e-mail and unknown ones added disabled; stored files are
 * placed before the commit and removed again if it fails. Nothing of another review is read or
 * changed: rows are only inserted, all under the new review's id.
 */
export async function importReview(paths: { databaseFile: string; dataDir: string }, archiveFile: string, options: ReviewImportOptions): Promise<ReviewImportSummary> {
  const reader = await ArchiveReader.open(archiveFile, 'coreview-review', { name: options.name ?? basename(archiveFile), maxSchemaVersion: newestKnownSchema() });
  const staging = join(paths.dataDir, 'tmp', `review-import-${randomUUID()}`);
  const placed: string[] = [];
  let db: Db | undefined;
  try {
    const stored = plannedFiles(reader);
    // Every checksum before anything is written: the rows here, the files as they are staged below.
    const staged = new Set(stored.map((file) => file.path));
    await reader.verifyAll(reader.manifest.files.map((f) => f.path).filter((path) => !staged.has(path)));
    const review = checkedReview(await reader.json(REVIEW_PATH));
    const people: ArchivedPerson[] = [];
    for await (const value of reader.jsonLines(PEOPLE_PATH)) people.push(checkedPerson(value, people.length + 1));

    await mkdir(staging, { recursive: true });
    for (const file of stored) await reader.extract(file.path, join(staging, file.path.replace('/', '-')));

    // The import waits for other writers as long as a job does, rather than fail while the team works.
    db = openDb(paths.databaseFile, { busyTimeoutMs: IMPORT_BUSY_TIMEOUT_MS });
    const { unknown } = await matchPeople(db.kysely, people);
    // Hashing is slow on purpose: done before the write lock is taken.
    const newPeople = [];
    for (const person of unknown) newPeople.push({ person, passwordHash: await unusablePasswordHash() });

    db.sqlite.exec('BEGIN IMMEDIATE');
    // Rows point at each other in every direction (merges, undos, sub-codes): checked at COMMIT.
    db.sqlite.pragma('defer_foreign_keys = ON');
    const slug = await chooseSlug(db, options.slug, review.slug);
    // Matched again inside the transaction: someone may have added one of them meanwhile.
    const { known } = await matchPeople(db.kysely, people);
    const added = await addDisabledPeople(db.kysely, newPeople.filter(({ person }) => !known.has(person.id)), options.actorId, slug);
    const accounts = new Map([...known, ...added]);
    const reviewId = await insertReview(db, review, slug, accounts.get(review.created_by) ?? options.actorId);
    const maps: IdMaps = {
      review: reviewId,
      accounts,
      offsets: new Map(EXPORTED_TABLES.filter((t) => t.ownId).map((t) => [t.name, maxId(db!.sqlite, t.name)])),
    };
    const rows = await insertRows(db, reader, maps);
    if (options.actorId !== null) await makeOwner(db, reviewId, options.actorId);
    await recountCounters(db.kysely, reviewId);
    await recordAudit(db.kysely, {
      actorId: options.actorId,
      reviewId,
      action: 'review.import',
      entity: 'review',
      entityId: reviewId,
      after: { archive: reader.name, exportedAt: reader.manifest.createdAt, from: review.slug, rows, peopleAdded: added.size },
    });
    for (const file of stored) {
      const target = dataPathOf(paths.dataDir, file);
      if (existsSync(target)) continue;
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, file.path.replace('/', '-')), target);
      placed.push(target);
    }
    commit(db);
    return { reviewId, slug, title: review.title, rows, peopleMatched: known.size, peopleAdded: people.filter((p) => added.has(p.id)).map((p) => p.email), files: stored.length };
  } catch (error) {
    if (db?.sqlite.inTransaction) db.sqlite.exec('ROLLBACK');
    for (const path of placed) await rm(path, { force: true });
    throw new ArchiveError(`${reader.name} was not imported, nothing was changed: ${archiveFailure('', error).message.replace(/^: /, '')}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
    reader.close();
    await db?.close();
  }
}

/** The archive's entries, each one this code knows how to read; its stored files (with their names). */
function plannedFiles(reader: ArchiveReader): Array<StoredFile & { path: string }> {
  const tables = new Set(EXPORTED_TABLES.map((t) => tablePath(t.name)));
  const files: Array<StoredFile & { path: string }> = [];
  for (const { path } of reader.manifest.files) {
    if (path === REVIEW_PATH || path === PEOPLE_PATH || tables.has(path)) continue;
    const stored = storedFileAt(path);
    if (!stored) throw new ArchiveError(`${reader.name} holds ${path}, which no review archive holds; it was refused`);
    files.push({ ...stored, path });
  }
  for (const required of [REVIEW_PATH, PEOPLE_PATH]) if (!reader.file(required)) throw new ArchiveError(`${reader.name} is not a whole review archive: ${required} is missing`);
  return files;
}

function checkedReview(value: unknown): ArchivedReview {
  const r = value as Partial<ArchivedReview> | null;
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
  const ok = typeof r === 'object' && r !== null && text(r.slug, 40) && text(r.title, 300) && r.title!.trim() !== '' && text(r.question, 2000)
    && text(r.description, 10_000) && Number.isSafeInteger(r.created_by) && text(r.created_at, 40) && text(r.updated_at, 40);
  if (!ok) throw new ArchiveError('The archive is damaged: review.json is not a review');
  return r as ArchivedReview;
}

async function chooseSlug(db: Db, wanted: string | undefined, archived: string): Promise<string> {
  const taken = async (slug: string) => (await db.kysely.selectFrom('review').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  if (wanted !== undefined) {
    const problem = slugProblem(wanted);
    if (problem) throw new ArchiveError(`The short name "${wanted}" cannot be used: ${problem}`);
    if (await taken(wanted)) throw new ArchiveError(`Another review already uses the short name "${wanted}"; choose another`);
    return wanted;
  }
  const base = slugProblem(archived) === null ? archived : 'imported-review';
  if (!(await taken(base))) return base;
  for (let n = 2; n < 1000; n++) {
    const slug = `${base.slice(0, 40 - String(n).length - 1).replace(/-+$/, '')}-${n}`;
    if (!(await taken(slug))) return slug;
  }
  throw new ArchiveError(`Every short name like "${base}" is taken; choose one`);
}

async function insertReview(db: Db, review: ArchivedReview, slug: string, createdBy: number | null | undefined): Promise<number> {
  if (createdBy == null) throw new ArchiveError('The archive is damaged: the review’s creator is not among its people');
  const { id } = await db.kysely
    .insertInto('review')
    .values({ slug, title: review.title, question: review.question, description: review.description, createdBy, createdAt: review.created_at, updatedAt: review.updated_at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Every table's rows, mapped and inserted; returns how many per table. */
async function insertRows(db: Db, reader: ArchiveReader, maps: IdMaps): Promise<Record<string, number>> {
  const inserter = new RowInserter(db.sqlite);
  const counts: Record<string, number> = {};
  for (const spec of EXPORTED_TABLES) {
    const path = tablePath(spec.name);
    let line = 0;
    if (reader.file(path)) {
      const columns = new Set(columnsOf(db.sqlite, spec.name));
      for await (const value of reader.jsonLines(path)) {
        const where = `${path}, line ${++line}`;
        inserter.insert(spec.name, remapRow(spec, checkedRow(value, columns, where), maps, where));
      }
    }
    counts[spec.name] = line;
  }
  return counts;
}

/** A row of plain values whose columns this instance's table has (names from an archive are never trusted). */
function checkedRow(value: unknown, columns: ReadonlySet<string>, where: string): Row {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ArchiveError(`The archive is damaged: ${where} is not a row`);
  for (const [column, v] of Object.entries(value)) {
    if (!columns.has(column)) throw new ArchiveError(`The archive is damaged: ${where} has a column "${column.slice(0, 40)}" this Coreview does not have`);
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new ArchiveError(`The archive is damaged: ${where}, ${column} is not a plain value`);
  }
  return value as Row;
}

/** The person who imports owns the new review, whatever role the archive gave them. */
async function makeOwner(db: Db, reviewId: number, accountId: number): Promise<void> {
  await db.kysely
    .insertInto('reviewMember')
    .values({ reviewId, accountId, role: 'owner', addedAt: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['reviewId', 'accountId']).doUpdateSet({ role: 'owner' }))
    .execute();
}

function commit(db: Db): void {
  try {
    db.sqlite.exec('COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new ArchiveError('The archive is damaged: its rows point at rows it does not hold');
    throw error;
  }
}
