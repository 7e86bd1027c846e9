import { resolve } from 'node:path';
import { removePartialsOnSignal } from '../archive/partial-files.js';
import { NotFoundError } from '../domain-errors.js';
import { exportReview } from '../review-archive/export-review.js';
import { importReview } from '../review-archive/import-review.js';
import { findReviewBySlug } from '../reviews/review-repository.js';
import { requireString, type CliCommand } from './command.js';
import { openMigrated } from './open-migrated.js';

const MB = 1024 * 1024;

const reviewExportCommand: CliCommand = {
  name: 'review export',
  usage: 'review export --review SLUG --out FILE',
  summary: 'Write one review — searches, records, decisions, coding, files and history — to one archive.',
  help: [
    '',
    'FILE is a zip with a manifest (SHA-256 of every file): the review, its people (e-mail and name), ' +
      'one JSON-lines file per table and the original exports and PDFs. It is read by `coreview review ' +
      'import` on any Coreview. An existing FILE is never overwritten.',
  ].join('\n'),
  options: { review: { type: 'string' }, out: { type: 'string' } },
  async run(values, io, config) {
    const slug = requireString(values, 'review');
    const out = resolve(requireString(values, 'out'));
    const cfg = config();
    const db = await openMigrated(cfg);
    let reviewId: number;
    try {
      const review = await findReviewBySlug(db.kysely, slug);
      if (!review) throw new NotFoundError(`There is no review "${slug}".`);
      reviewId = review.id;
    } finally {
      await db.close();
    }
    removePartialsOnSignal();
    const summary = await exportReview(cfg, reviewId, out);
    if (summary.missing.length > 0) io.err(`coreview review export: warning: ${summary.missing.length} file(s) the review refers to are missing from ${cfg.dataDir} and are not in the archive: ${summary.missing.slice(0, 5).join(', ')}`);
    io.out(`Review "${slug}" written to ${out} (${(summary.bytes / MB).toFixed(1)} MB): ${summary.rows.record ?? 0} records, ${summary.rows.screening_event ?? 0} screening events, ${summary.rows.audit_event ?? 0} history events, ${summary.people} people, ${summary.files} file(s).`);
  },
};

const reviewImportCommand: CliCommand = {
  name: 'review import',
  usage: 'review import --from FILE [--slug NEW]',
  summary: 'Import a review archive as a new review (all or nothing; people matched by e-mail).',
  help: [
    '',
    'Every file is checked against the archive’s checksums before anything is written. People are matched ' +
      'by e-mail; those this Coreview lacks are added disabled, without a usable password. The new review ' +
      'takes the archived short name, or --slug, or the first free "<name>-2", "-3"…',
  ].join('\n'),
  options: { from: { type: 'string' }, slug: { type: 'string' } },
  async run(values, io, config) {
    const from = resolve(requireString(values, 'from'));
    const slug = typeof values.slug === 'string' ? values.slug.trim().toLowerCase() : undefined;
    const cfg = config();
    await (await openMigrated(cfg)).close();
    // Beside a running server: wait for the write lock as long as its jobs do, rather than give up.
    const summary = await importReview(cfg, from, { actorId: null, slug, lockWaitMs: 60_000 });
    const added = summary.peopleAdded.length > 0 ? `; added disabled: ${summary.peopleAdded.join(', ')}` : '';
    io.out(`Imported "${summary.title}" as review "${summary.slug}": ${summary.rows.record ?? 0} records, ${summary.rows.screening_event ?? 0} screening events, ${summary.files} file(s); ${summary.peopleMatched} people matched by e-mail${added}.`);
  },
};

export const reviewArchiveCommands: CliCommand[] = [reviewExportCommand, reviewImportCommand];
