import { open, unlink, type FileHandle } from 'node:fs/promises';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { ownerViewer } from '../exports/export-records.js';
import { parseExportSet, resolveExportSet, SET_USAGE, type ExportSet } from '../exports/export-set.js';
import { exportText } from '../exports/export-text.js';
import { EXPORT_FORMAT_IDS, isExportFormatId } from '../exports/formats/export-format.js';
import { findReviewBySlug } from '../reviews/review-repository.js';
import { CliUsageError, requireString, type CliCommand, type CliIo } from './command.js';
import { openMigrated } from './open-migrated.js';

function readSet(values: Record<string, string | boolean | undefined>): ExportSet {
  const text = typeof values.set === 'string' ? values.set : 'all';
  try {
    return parseExportSet(text);
  } catch (error) {
    if (error instanceof ValidationError) throw new CliUsageError(`--set: ${error.message === SET_USAGE ? `use all, included, excluded, label:TEXT or code:ID, not "${text}"` : error.message}`);
    throw error;
  }
}

/** Standard output through CliIo, which writes whole lines: the text is cut at its last line break, the rest kept for later. */
function lineWriter(io: CliIo) {
  let pending = '';
  return {
    write(text: string) {
      pending += text;
      const cut = pending.lastIndexOf('\n');
      if (cut === -1) return;
      io.out(pending.slice(0, cut));
      pending = pending.slice(cut + 1);
    },
    end() {
      if (pending !== '') io.out(pending);
      pending = '';
    },
  };
}

/** Opens --out for writing only if it does not exist yet (O_EXCL): an export never overwrites a file. */
async function createOutFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ValidationError({ out: `${path} already exists; choose another file name (an export never overwrites a file).` });
    if (code === 'ENOENT') throw new ValidationError({ out: `cannot write ${path}: its folder does not exist.` });
    if (code === 'EACCES' || code === 'EPERM') throw new ValidationError({ out: `cannot write ${path}: permission denied.` });
    if (code === 'EISDIR') throw new ValidationError({ out: `${path} is a folder; name a file.` });
    throw error;
  }
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage: `export --review NAME --format ${EXPORT_FORMAT_IDS.join('|')} [--set all|included|excluded|label:TEXT|code:ID] [--out FILE]`,
  summary: "Export a review's references, with decisions, labels and codes, to standard output or a new file.",
  help: [
    '',
    'Sets: all (every record but duplicates; the default), included (full-text outcome "include"), excluded ' +
      '(final outcome "exclude" at title/abstract or full text), label:TEXT (records with that label on a decision), ' +
      'code:ID (studies coded with that code or one of its sub-codes).',
    'Decisions, labels and codes travel as RIS N1 notes, BibTeX annote, CSL-JSON note + custom, CSV columns.',
    "The command line has the whole database, so it exports what the review's owner sees (blind screening " +
      "still hides the other reviewers' decisions on records that lack some of the decisions they need).",
    '--out never overwrites an existing file. Exit 0 done, 1 failed (with the reason), 2 misused.',
  ].join('\n'),
  options: {
    review: { type: 'string' },
    format: { type: 'string' },
    set: { type: 'string' },
    out: { type: 'string' },
  },
  async run(values, io, loadConfig) {
    const slug = requireString(values, 'review');
    const format = requireString(values, 'format');
    if (!isExportFormatId(format)) throw new CliUsageError(`--format must be one of ${EXPORT_FORMAT_IDS.join(', ')}, not "${format}"`);
    const set = readSet(values);
    const out = typeof values.out === 'string' ? values.out : null;
    if (out !== null && out.trim() === '') throw new CliUsageError('--out needs a file name');

    const db = await openMigrated(loadConfig());
    try {
      const review = await findReviewBySlug(db.kysely, slug);
      if (!review) throw new CliUsageError(`no review has the short name "${slug}"`);
      let resolved;
      try {
        resolved = await resolveExportSet(db.kysely, review.id, set);
      } catch (error) {
        if (error instanceof NotFoundError) throw new CliUsageError(`--set: ${error.message}`);
        throw error;
      }
      const chunks = exportText(db.kysely, { reviewId: review.id, set: resolved, format, viewer: await ownerViewer(db.kysely, review.id) });
      if (out === null) {
        // A reader that stops early (`| head`) closes the pipe: stop quietly instead of crashing on EPIPE.
        // The listener stays: writes already queued may fail after the command has returned.
        let closed = false;
        process.stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
          closed = true;
        });
        const stdout = lineWriter(io);
        for await (const chunk of chunks) {
          if (closed) break;
          stdout.write(chunk);
        }
        if (!closed) stdout.end();
        return 0;
      }
      const file = await createOutFile(out);
      let done = false;
      try {
        for await (const chunk of chunks) await file.write(chunk);
        done = true;
      } finally {
        await file.close();
        // A half-written export is worse than none.
        if (!done) await unlink(out).catch(() => undefined);
      }
      io.err(`Wrote ${out}.`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
