import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Kysely } from 'kysely';
import { findInstanceOwner } from '../accounts/account-repository.js';
import { detectImported, DUPLICATE_CHECK_FAILED, type ImportDuplicates } from '../dedup/detect-imported.js';
import type { Database, SourceType } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { recordValues, storeBatches } from '../imports/batch-store.js';
import { keepOriginal } from '../imports/originals.js';
import { parseFile, UnreadableFileError } from '../imports/parse-file.js';
import { isIsoDate, SOURCE_TYPES, type SearchDetails } from '../imports/search-details.js';
import { summarise } from '../imports/staging.js';
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

/** Why the file system refused a file, in words; null for anything that is not a file-system error. */
function readError(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return null;
  const reasons: Record<string, string> = { ENOENT: 'there is no such file', EACCES: 'permission to read it was denied', EISDIR: 'it is a folder, not a file' };
  return `cannot read the file: ${reasons[code] ?? code}`;
}

/** The file is imported whatever happens here: a failed check is said (null), not thrown. */
async function checkDuplicates(db: Kysely<Database>, reviewId: number, batchId: number, io: CliIo): Promise<ImportDuplicates | null> {
  try {
    return await detectImported(db, { reviewId, actorId: null }, [batchId]);
  } catch (error) {
    io.err(`${DUPLICATE_CHECK_FAILED} (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
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
    const db = openMigrated(config);
    let unreadable = 0;
    try {
      const review = await reviewFor(db.kysely, slug, values.create === true, io);
      for (const file of files) {
        const fileName = basename(file);
        try {
          const bytes = await readFile(file);
          const parsed = parseFile(bytes, fileName);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          const summary = summarise(parsed);
          await keepOriginal(join(config.dataDir, 'originals'), sha256, file);
          const [stored] = await storeBatches(db.kysely, { reviewId: review.id, actorId: null }, [
            { search: searchDetails(values, fileName), file: { fileName, size: bytes.length, sha256 }, summary, records: parsed.records.map(recordValues) },
          ]);
          const duplicates = await checkDuplicates(db.kysely, review.id, stored!.batchId, io);
          const errors = parsed.failures.map(({ record, lineStart, lineEnd, message }) => ({ record, lineStart, lineEnd, message }));
          if (values.json) {
            io.out(JSON.stringify({
              file, format: parsed.format, encoding: parsed.encoding, found: parsed.found, imported: summary.imported, failed: summary.failed, warnings: parsed.warnings, errors, batchId: stored!.batchId, sha256,
              duplicatesLinked: duplicates?.linked ?? null, pairsQueued: duplicates?.queued ?? null,
            }));
          } else {
            const found = duplicates ? `; ${duplicates.linked} linked as duplicates, ${duplicates.queued} pair${duplicates.queued === 1 ? '' : 's'} to review` : '';
            io.out(`${file}: ${parsed.formatLabel}, ${parsed.encoding}; found ${parsed.found}, imported ${summary.imported}, failed ${summary.failed}, ${parsed.warnings.length} warning${parsed.warnings.length === 1 ? '' : 's'}${found}`);
            for (const e of errors) io.out(`  record ${e.record} (lines ${e.lineStart}-${e.lineEnd}): ${e.message}`);
          }
        } catch (error) {
          const message = error instanceof UnreadableFileError ? error.message : readError(error);
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
