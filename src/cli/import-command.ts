import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { findInstanceOwner } from '../accounts/account-repository.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Database, SourceType } from '../db/schema.js';
import { WriteTurns } from '../db/write-turns.js';
import { dedupJobKind, DUPLICATE_CHECK_FAILED } from '../dedup/dedup-job-kind.js';
import { isDiskFull } from '../disk-full.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { newTempPath, writeTempFile, type UploadedFile } from '../http/uploads.js';
import { findBatchesByHash } from '../imports/batch-repository.js';
import type { FileSummary } from '../imports/batch-store.js';
import { importJobKinds } from '../imports/import-job-kinds.js';
import { commitUpload, findUpload, startUpload, type ImportUpload } from '../imports/import-uploads.js';
import type { RecordFailure } from '../imports/parse-file.js';
import { isIsoDate, SOURCE_TYPES, type SearchDetails } from '../imports/search-details.js';
import type { JobKindDefinition } from '../jobs/job-kind.js';
import { runJobHere } from '../jobs/run-here.js';
import { findReviewBySlug, type Review } from '../reviews/review-repository.js';
import { createReview } from '../reviews/review-service.js';
import { CliUsageError, requireString, type CliCommand, type CliIo } from './command.js';
import { openMigrated } from './open-migrated.js';

async function reviewFor(db: Kysely<Database>, slug: string, create: boolean, io: CliIo): Promise<Review> {
  const existing = await findReviewBySlug(db, slug);
  if (existing) return existing;
  if (!create) throw new NotFoundError(`No review has the short name "${slug}". Add --create to create it.`);
  const owner = await findInstanceOwner(db);
  if (!owner) throw new NotFoundError('Create the owner account first (open the web page, or run `coreview user add`).');
  await createReview(db, owner, { slug, title: slug, question: '', description: '' });
  io.err(`Created review "${slug}", owned by ${owner.email}.`);
  return (await findReviewBySlug(db, slug))!;
}

function searchDetails(values: Record<string, string | boolean | undefined>, fileName: string): SearchDetails {
  const sourceType = (values['source-type'] as string | undefined) ?? 'database';
  if (!SOURCE_TYPES.some((t) => t.id === sourceType)) {
    throw new CliUsageError(`--source-type must be one of ${SOURCE_TYPES.map((t) => t.id).join(', ')}`);
  }
  const date = values.date as string | undefined;
  if (date !== undefined && !isIsoDate(date)) throw new CliUsageError(`--date must be a real date as YYYY-MM-DD, not "${date}"`);
  return {
    sourceType: sourceType as SourceType,
    sourceName: (values.source as string | undefined)?.trim() || fileName,
    searchedOn: date ?? null,
    query: (values.query as string | undefined) ?? '',
    notes: '',
  };
}

/**
 * Why the file system refused a file, in words; null for anything that is not a file-system error,
 * and for a full disk, which stops the whole command (the next file would not fit either).
 */
function readError(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || isDiskFull(error)) return null;
  const reasons: Record<string, string> = { ENOENT: 'there is no such file', EACCES: 'permission to read it was denied', EISDIR: 'it is a folder, not a file' };
  return `cannot read the file: ${reasons[code] ?? code}`;
}

/**
 * Copies a file into the data folder's tmp/ while hashing it, as an upload through the web form
 * arrives, and refuses what the form would: more than COREVIEW_UPLOAD_LIMIT_MB, checked before a
 * byte is read. Devices and pipes (/dev/zero) report size 0 and never end, so only regular files
 * are read, and never more than the limit even if the file grows meanwhile.
 */
async function receiveFile(path: string, config: Config): Promise<UploadedFile> {
  const limit = config.uploadLimitBytes;
  const overLimit = (size: number) => new UnimportableFile(`it is ${megabytes(size)} MB, more than the upload limit of ${megabytes(limit)} MB (COREVIEW_UPLOAD_LIMIT_MB)`);
  const stats = await stat(path);
  if (stats.isDirectory()) throw new UnimportableFile('it is a folder, not a file');
  if (!stats.isFile()) throw new UnimportableFile('it is not a regular file (a device, pipe or socket has no end to read to)');
  if (stats.size > limit) throw overLimit(stats.size);
  const tempPath = await newTempPath(config.dataDir);
  const { size, sha256 } = await writeTempFile(createReadStream(path, { end: limit }), tempPath);
  if (size > limit) {
    await rm(tempPath, { force: true });
    throw overLimit(size);
  }
  return { kind: 'uploaded-file', fileName: basename(path), tempPath, size, sha256 };
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** The web preview's warning, on standard error: the same file again would count its records twice. */
async function warnIfImportedBefore(db: Kysely<Database>, reviewId: number, file: UploadedFile, path: string, io: CliIo): Promise<void> {
  for (const earlier of await findBatchesByHash(db, reviewId, [file.sha256])) {
    io.err(`${path}: this exact file was already imported on ${earlier.createdAt.slice(0, 10)} (${earlier.sourceName}). Importing it again adds its records twice; remove one of the two searches on the Import page if that was a mistake.`);
  }
}

type ImportKinds = Record<'read' | 'commit' | 'dedup', JobKindDefinition>;

/**
 * One file through the same jobs a web upload goes through (read, store, check for duplicates),
 * run here rather than by a server: a server running beside this takes over if it is killed.
 * Resolves with the upload as it ended, or throws a message when the file cannot be imported.
 */
async function importOne(db: Db, config: Config, kinds: ImportKinds, review: Review, search: SearchDetails, path: string, io: CliIo): Promise<ImportUpload> {
  const ctx = { reviewId: review.id, actorId: null };
  const received = await receiveFile(path, config);
  await warnIfImportedBefore(db.kysely, review.id, received, path, io);
  const uploadId = await startUpload(db.kysely, config.dataDir, ctx, search, [received]);
  const jobs = () => db.kysely.selectFrom('importUpload').select(['readJobId', 'commitJobId', 'dedupJobId']).where('id', '=', uploadId).executeTakeFirstOrThrow();
  const settled = async () => (await findUpload(db.kysely, review.id, uploadId))!;
  await runJobHere(db, kinds.read, (await jobs()).readJobId, config.dataDir);
  let upload = await settled();
  const unreadable = upload.error ?? upload.files[0]!.unreadable;
  if (unreadable !== undefined) throw new UnimportableFile(unreadable);
  if (upload.files[0]!.summary!.imported === 0) return upload;
  await commitUpload(db.kysely, review.id, uploadId, null);
  await runJobHere(db, kinds.commit, (await jobs()).commitJobId!, config.dataDir);
  upload = await settled();
  if (upload.state === 'interrupted') throw new UnimportableFile(upload.error ?? 'storing its records stopped');
  await runJobHere(db, kinds.dedup, (await jobs()).dedupJobId!, config.dataDir);
  return settled();
}

class UnimportableFile extends Error {}

function report(path: string, upload: ImportUpload) {
  const file = upload.files[0]!;
  const summary = file.summary as Omit<FileSummary, 'failures'> & { failures: RecordFailure[] };
  const errors = summary.failures.map(({ record, lineStart, lineEnd, message }) => ({ record, lineStart, lineEnd, message }));
  return { file: path, summary, errors, batchId: file.batchId, sha256: file.sha256, duplicates: upload.duplicates };
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import --review NAME [--create] [--source TEXT] [--source-type TYPE] [--query TEXT] [--date YYYY-MM-DD] [--json] FILE...',
  summary: 'Import reference exports into a review; each file becomes one search, committed on its own.',
  help: 'Exit 0 when every file was read (even if some records failed), 1 when a file could not be read at all.',
  positionals: true,
  options: {
    review: { type: 'string' },
    create: { type: 'boolean' },
    source: { type: 'string' },
    'source-type': { type: 'string' },
    query: { type: 'string' },
    date: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io, loadConfig, files) {
    const slug = requireString(values, 'review');
    if (files.length === 0) throw new CliUsageError('name at least one FILE to import');
    for (const file of files) searchDetails(values, basename(file));
    const config = loadConfig();
    // A server may be running beside this: pace the writes so its requests get their turns.
    const db = await openMigrated(config, { turns: WriteTurns.create('alone') });
    const [read, commit] = importJobKinds(config);
    const kinds: ImportKinds = { read: read!, commit: commit!, dedup: dedupJobKind };
    let unreadable = 0;
    try {
      const review = await reviewFor(db.kysely, slug, values.create === true, io);
      for (const file of files) {
        try {
          const { summary, errors, batchId, sha256, duplicates } = report(file, await importOne(db, config, kinds, review, searchDetails(values, basename(file)), file, io));
          if (values.json) {
            io.out(JSON.stringify({
              file, format: summary.format, encoding: summary.encoding, found: summary.found, imported: summary.imported, failed: summary.failed, warnings: summary.warnings, errors, batchId, sha256,
              duplicatesLinked: duplicates?.linked ?? null, pairsQueued: duplicates?.queued ?? null,
            }));
          } else {
            const found = duplicates ? `; ${duplicates.linked} linked as duplicates, ${duplicates.queued} pair${duplicates.queued === 1 ? '' : 's'} to review` : '';
            io.out(`${file}: ${summary.formatLabel}, ${summary.encoding}; found ${summary.found}, imported ${summary.imported}, failed ${summary.failed}, ${summary.warnings.length} warning${summary.warnings.length === 1 ? '' : 's'}${found}`);
            for (const e of errors) io.out(`  record ${e.record} (lines ${e.lineStart}-${e.lineEnd}): ${e.message}`);
          }
          if (duplicates === null) io.err(`${file}: ${DUPLICATE_CHECK_FAILED}`);
        } catch (error) {
          const message = error instanceof UnimportableFile ? error.message : readError(error);
          if (message === null) throw error;
          unreadable++;
          // The same shape as a readable file's, so scripts need no special case.
          if (values.json) io.out(JSON.stringify({ file, format: null, encoding: null, found: 0, imported: 0, failed: 0, warnings: [], errors: [], error: message }));
          io.err(`${file}: ${message.replace(/\.$/, '')}. Nothing was imported from it.`);
        }
      }
    } finally {
      await db.close();
    }
    if (unreadable > 0) throw new ValidationError({ files: `${unreadable} of ${files.length} files could not be read.` });
  },
};
