import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArchiveError, archiveFailure } from '../archive/archive-error.js';
import { auditInsert } from '../audit/audit-log.js';
import { ArchiveReader } from '../archive/archive-reader.js';
import { newestKnownSchema } from '../archive/schema-version.js';
import { dataPathOf, storedFileAt, type StoredFile } from '../archive/stored-files.js';
import type { Kysely } from 'kysely';
import type { DatabaseLocation } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { numberedSlugs, slugProblem } from '../reviews/slug.js';
import { rowsOf, runAll, type Steps } from './archive-query.js';
import { withTarget, type ArchiveStage, type ArchiveTarget } from './archive-store.js';
import type { ArchivedReview } from './export-review.js';
import { remapRow, type IdMaps, type Row } from './id-remap.js';
import { recountSteps } from './recount-counters.js';
import { addDisabledPeople, checkedPerson, matchPeople, unusablePasswordHash, type ArchivedPerson } from './review-people.js';
import { EXPORTED_TABLES, PEOPLE_PATH, REVIEW_PATH, tablePath } from './review-tables.js';
import { maxIdQuery } from './table-sql.js';

/**
 * New ids start this far above a table's highest id when the rows are prepared, so rows others
 * add meanwhile do not take them; the transaction checks they did not.
 */
const ID_HEADROOM = 1_000_000;

export interface ReviewImportOptions {
  /** Who imports: made an owner of the new review. Null from the command line. */
  actorId: number | null;
  /** The new review's short name; by default the archived one, or the first free `<slug>-2`, `-3`… */
  slug?: string;
  /** How messages name the archive (an upload's own file name). */
  name?: string;
  /**
   * How long the transaction may wait for another writer. The command line waits long, as jobs do;
   * the server keeps the default, because the wait blocks the thread that serves every request.
   */
  lockWaitMs?: number;
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
 * Imports a review archive as a new review: all or nothing, and nothing of another review read or
 * changed. First, with no lock held: every file is checked against the manifest (the stored files
 * as they are staged), every row is checked and its ids mapped (id-remap.ts: the review and people
 * given new ids, one offset per table) into a stage beside the main tables (archive-store.ts: an
 * attached file on SQLite, temporary tables on PostgreSQL). Then one short transaction (synchronous
 * on SQLite) adds the review, the people this instance lacks (disabled), copies the
 * staged rows in, recounts the counters, places the files, and commits, or undoes all of it.
 */
export async function importReview(paths: { database: DatabaseLocation; dataDir: string }, archiveFile: string, options: ReviewImportOptions): Promise<ReviewImportSummary> {
  const reader = await ArchiveReader.open(archiveFile, 'coreview-review', { name: options.name ?? basename(archiveFile), maxSchemaVersion: newestKnownSchema() });
  const staging = join(paths.dataDir, 'tmp', `review-import-${randomUUID()}`);
  try {
    const stored = plannedFiles(reader);
    const staged = new Set(stored.map((file) => file.path));
    await reader.verifyAll(reader.manifest.files.map((f) => f.path).filter((path) => !staged.has(path)));
    const review = checkedReview(await reader.json(REVIEW_PATH));
    const people: ArchivedPerson[] = [];
    for await (const value of reader.jsonLines(PEOPLE_PATH)) people.push(checkedPerson(value, people.length + 1));
    await mkdir(staging, { recursive: true });
    for (const file of stored) await reader.extract(file.path, stagedFile(staging, file.path));

    return await withTarget(paths.database, { stagingDir: staging, lockWaitMs: options.lockWaitMs }, async (target) => {
      const { known, unknown } = await target.run(matchPeople(target.kysely, people));
      const highest = await target.run(maxIds(['account', 'review', ...EXPORTED_TABLES.filter((t) => t.ownId).map((t) => t.name)]));
      // Hashing is slow on purpose, so it is done here, not in the transaction.
      const firstAccount = highest.get('account')! + ID_HEADROOM;
      const newPeople: NewPerson[] = [];
      for (const [i, person] of unknown.entries()) newPeople.push({ person, id: firstAccount + i, passwordHash: await unusablePasswordHash() });
      const maps: IdMaps = {
        review: highest.get('review')! + ID_HEADROOM,
        accounts: new Map([...known, ...newPeople.map((p) => [p.person.id, p.id] as const)]),
        offsets: new Map(EXPORTED_TABLES.filter((t) => t.ownId).map((t) => [t.name, highest.get(t.name)! + ID_HEADROOM])),
      };
      const rows: Record<string, number> = {};
      const columns = await target.run(tableColumns(target));
      const stage = await target.stage(EXPORTED_TABLES.map((t) => t.name), (stage) => stageRows(stage, reader, maps, columns, rows));

      let placed: string[] = [];
      try {
        const slug = await target.transact(finishSteps(target, { review, people, known, newPeople, maps, rows, stage, options, reader }, () => {
          placed = placeFiles(paths.dataDir, staging, stored);
        }));
        return { reviewId: maps.review, slug, title: review.title, rows, peopleMatched: known.size, peopleAdded: newPeople.map((p) => p.person.email), files: stored.length };
      } catch (error) {
        // COMMIT itself can fail (a row pointing at nothing): the files placed for it go too.
        for (const path of placed) rmSync(path, { force: true });
        if (target.isForeignKeyError(error)) throw new ArchiveError('The archive is damaged: its rows point at rows it does not hold');
        throw error;
      }
    });
  } catch (error) {
    throw new ArchiveError(`${reader.name} was not imported, nothing was changed: ${archiveFailure('', error).message.replace(/^: /, '')}`);
  } finally {
    reader.close();
    await rm(staging, { recursive: true, force: true });
  }
}

type NewPerson = { person: ArchivedPerson; id: number; passwordHash: string };

interface Prepared {
  review: ArchivedReview;
  people: readonly ArchivedPerson[];
  known: ReadonlyMap<number, number>;
  newPeople: readonly NewPerson[];
  maps: IdMaps;
  rows: Record<string, number>;
  stage: ArchiveStage;
  options: ReviewImportOptions;
  reader: ArchiveReader;
}

/**
 * The one transaction: adds the review and the people this instance lacks (disabled), copies the
 * staged rows in, upgrades them, recounts the counters, places the files (`placeFiles`, last, so
 * that only a failing COMMIT leaves them to take back), and returns the slug.
 */
function* finishSteps(target: ArchiveTarget, p: Prepared, placeFiles: () => void): Steps<string> {
  const k = target.kysely;
  const { maps, options, review } = p;
  yield* checkIdsStillFree(k, maps, p.newPeople.map((n) => n.id), p.people, p.known);
  const slug = yield* chooseSlug(k, options.slug, review.slug);
  yield* addDisabledPeople(k, p.newPeople, options.actorId, slug);
  const createdBy = maps.accounts.get(review.created_by) ?? options.actorId;
  if (createdBy == null) throw new ArchiveError('The archive is damaged: the review’s creator is not among its people');
  yield k.insertInto('review').values({ id: maps.review, slug, title: review.title, question: review.question, description: review.description, createdBy, createdAt: review.created_at, updatedAt: review.updated_at });
  for (const spec of EXPORTED_TABLES) {
    const columns = [...(p.stage.columns.get(spec.name) ?? [])];
    if (columns.length > 0) yield target.copyStaged(spec.name, columns);
  }
  // Rows added from here on (the upgrade's, the import's own event) come after the copied ones, as on SQLite.
  yield* runAll(target.afterRows(['account', 'review', ...EXPORTED_TABLES.filter((t) => t.ownId).map((t) => t.name)]));
  yield* runAll(target.upgrade(p.reader.manifest.schemaVersion));
  if (options.actorId !== null) yield* makeOwner(k, maps.review, options.actorId);
  yield* recountSteps(k, maps.review);
  yield auditInsert(k, {
    actorId: options.actorId,
    reviewId: maps.review,
    action: 'review.import',
    entity: 'review',
    entityId: maps.review,
    after: { archive: p.reader.name, exportedAt: p.reader.manifest.createdAt, from: review.slug, rows: p.rows, peopleAdded: p.newPeople.length },
  });
  placeFiles();
  return slug;
}

/** Each table's highest id. */
function* maxIds(tables: readonly string[]): Steps<Map<string, number>> {
  const highest = new Map<string, number>();
  for (const table of tables) highest.set(table, Number((yield* rowsOf<{ id: number }>(maxIdQuery(table)))[0]!.id));
  return highest;
}

/** The columns of every exported table, as this database has them. */
function* tableColumns(target: ArchiveTarget): Steps<Map<string, Set<string>>> {
  const columns = new Map<string, Set<string>>();
  for (const spec of EXPORTED_TABLES) columns.set(spec.name, new Set((yield* rowsOf<{ name: string }>(target.columns(spec.name))).map((c) => c.name)));
  return columns;
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

/** Where a stored file waits in the staging folder (its archive name, already checked, flattened). */
const stagedFile = (staging: string, path: string) => join(staging, path.replace('/', '-'));

function checkedReview(value: unknown): ArchivedReview {
  const r = value as Partial<ArchivedReview> | null;
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
  const ok = typeof r === 'object' && r !== null && text(r.slug, 40) && text(r.title, 300) && r.title!.trim() !== '' && text(r.question, 2000)
    && text(r.description, 10_000) && Number.isSafeInteger(r.created_by) && text(r.created_at, 40) && text(r.updated_at, 40);
  if (!ok) throw new ArchiveError('The archive is damaged: review.json is not a review');
  return r as ArchivedReview;
}

/** Every table's rows, checked and mapped, into the stage; counts them per table in `rows`. */
async function stageRows(stage: ArchiveStage, reader: ArchiveReader, maps: IdMaps, columns: ReadonlyMap<string, ReadonlySet<string>>, rows: Record<string, number>): Promise<void> {
  for (const spec of EXPORTED_TABLES) {
    const path = tablePath(spec.name);
    let line = 0;
    if (reader.file(path)) {
      for await (const value of reader.jsonLines(path)) {
        const where = `${path}, line ${++line}`;
        const written = stage.insert(spec.name, remapRow(spec, checkedRow(value, columns.get(spec.name)!, where), maps, where));
        if (written) await written;
      }
    }
    rows[spec.name] = line;
  }
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

/** The ids given while the rows were prepared are still above everything, and no one new has a person's e-mail. */
function* checkIdsStillFree(k: Kysely<Database>, maps: IdMaps, accountIds: readonly number[], people: readonly ArchivedPerson[], known: ReadonlyMap<number, number>): Steps<void> {
  const firsts: Array<[string, number]> = [['review', maps.review], ['account', accountIds[0] ?? Infinity], ...[...maps.offsets].map(([table, offset]) => [table, offset + 1] as [string, number])];
  const highest = yield* maxIds(firsts.map(([table]) => table));
  const taken = firsts.some(([table, first]) => highest.get(table)! >= first);
  const rematched = (yield* matchPeople(k, people)).known;
  if (taken || rematched.size !== known.size) throw new ArchiveError('Coreview changed a great deal while the review was being prepared; import it again');
}

function* chooseSlug(k: Kysely<Database>, wanted: string | undefined, archived: string): Steps<string> {
  const taken = function* (slug: string): Steps<boolean> {
    return (yield* rowsOf(k.selectFrom('review').select('id').where('slug', '=', slug))).length > 0;
  };
  if (wanted !== undefined) {
    const problem = slugProblem(wanted);
    if (problem) throw new ArchiveError(`The short name "${wanted}" cannot be used: ${problem}`);
    if (yield* taken(wanted)) throw new ArchiveError(`The short name "${wanted}" is not available; choose another`);
    return wanted;
  }
  const base = slugProblem(archived) === null ? archived : 'imported-review';
  if (!(yield* taken(base))) return base;
  for (const slug of numberedSlugs(base)) if (!(yield* taken(slug))) return slug;
  throw new ArchiveError(`Every short name like "${base}" is taken; choose one`);
}

/** The person who imports owns the new review, whatever role the archive gave them. */
function* makeOwner(k: Kysely<Database>, reviewId: number, accountId: number): Steps<void> {
  yield k
    .insertInto('reviewMember')
    .values({ reviewId, accountId, role: 'owner', addedAt: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['reviewId', 'accountId']).doUpdateSet({ role: 'owner' }));
}

/**
 * Moves the staged files to their places (one file per content: one already there stays); returns
 * those it placed, for the caller to take back if the commit fails. A failure here takes them back.
 */
function placeFiles(dataDir: string, staging: string, files: ReadonlyArray<StoredFile & { path: string }>): string[] {
  const placed: string[] = [];
  try {
    for (const file of files) {
      const target = dataPathOf(dataDir, file);
      if (existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      renameSync(stagedFile(staging, file.path), target);
      placed.push(target);
    }
  } catch (error) {
    for (const path of placed) rmSync(path, { force: true });
    throw error;
  }
  return placed;
}
