/**
 * Exports, registered inside the /reviews/:slug scope (a non-member already got a 404):
 *
 * - GET /exports                 the page: choose records and format; the included studies as a bibliography
 * - GET /exports/download        ?set=all|included|excluded|label:TEXT|code:ID (or set=label&label=…,
 *                                set=code&code=…) &format=ris|bibtex|csl-json|csv — streamed, a page
 *                                of 1,000 records at a time, as an attachment
 * - GET /exports/bibliography    ?style=apa|harvard&format=txt|html[&set=…, default included]
 *
 * Everything is what this member may see (blind screening, export-set.ts and export-records.ts).
 * A malformed value is a 400 with a message, a code of another review a 404.
 */
import { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { ExportsPage, type ExportsPageModel } from '../../views/exports/exports-page.js';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { firstValue } from '../http/query-values.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { textList } from '../records/record-queries.js';
import { loadScreeningViewer, type ScreeningViewer } from '../screening/screening-filters.js';
import { stageRecordsVisible, stageResultsVisible } from '../screening/visibility.js';
import { stageLabel, STAGES } from '../screening/stages.js';
import { bibliographyHtml, bibliographyText, formatBibliography, MAX_BIBLIOGRAPHY, piecesOf } from './bibliography.js';
import { BIBLIOGRAPHY_STYLES, isBibliographyStyle, type BibliographyStyleId } from './bibliography-styles.js';
import type { ExportRecord } from './export-record.js';
import { exportRecordPages } from './export-records.js';
import {
  codePaths, countExportSet, exportSetDescription, exportSetSlug, loadCodebook, parseExportSet, resolveExportSet,
  type ExportSet, type ResolvedSet,
} from './export-set.js';
import { exportText } from './export-text.js';
import { isExportFormatId, type ExportFormatId } from './formats/export-format.js';
import { EXPORT_FORMATS } from './formats/registry.js';

type Query = Record<string, unknown>;

const FORMAT_HINTS: Record<ExportFormatId, string> = {
  ris: 'EndNote, Zotero, Mendeley, RefWorks, Covidence, Rayyan',
  bibtex: 'LaTeX, JabRef, Zotero',
  'csl-json': 'Zotero, Pandoc, citation processors',
  csv: 'Excel, LibreOffice, R; a row per record, decisions as columns',
};

const PREVIEW_SIZE = 20;

/** The set from `set` (compact "label:TEXT", "code:ID", or the form's "label"/"code" with its own field). */
function readSet(query: Query, fallback: string): ExportSet {
  const raw = firstValue(query.set).trim() || fallback;
  if (raw === 'label') return parseExportSet(`label:${firstValue(query.label)}`);
  if (raw === 'code') return parseExportSet(`code:${firstValue(query.code).trim()}`);
  return parseExportSet(raw);
}

function readFormat(query: Query): ExportFormatId {
  const format = firstValue(query.format).trim();
  if (!isExportFormatId(format)) throw new ValidationError({ format: 'Choose a format: ris, bibtex, csl-json or csv.' });
  return format;
}

/** Every record of a set, for a bibliography (bounded by MAX_BIBLIOGRAPHY before this is called). */
async function allRecords(db: Kysely<Database>, reviewId: number, set: ResolvedSet, viewer: ScreeningViewer): Promise<ExportRecord[]> {
  const records: ExportRecord[] = [];
  for await (const page of exportRecordPages(db, reviewId, set, viewer)) records.push(...page);
  return records;
}

/**
 * Labels to offer: the viewer's own, everyone's in a stage that is not blind, and in a blind stage,
 * for those who resolve its conflicts, the labels on records that have every decision they need.
 */
async function visibleLabels(db: Kysely<Database>, reviewId: number, viewer: ScreeningViewer): Promise<string[]> {
  const seen = STAGES.filter((stage) => stageRecordsVisible(viewer.stages, stage));
  const open = seen.filter((stage) => !viewer.stages[stage].blind);
  const resolving = seen.filter((stage) => viewer.stages[stage].blind && viewer.stages[stage].mayResolve);
  const rows = await db
    .selectFrom('screeningDecision as d')
    .select('d.labelsJson')
    .distinct()
    .where('d.reviewId', '=', reviewId)
    .where('d.labelsJson', '!=', '[]')
    .where((eb) => {
      const visible = [eb('d.reviewerId', '=', viewer.id)];
      if (open.length > 0) visible.push(eb('d.stage', 'in', open));
      if (resolving.length > 0) {
        visible.push(eb.and([
          eb('d.stage', 'in', resolving),
          eb.exists(eb.selectFrom('screeningItem as i').select('i.recordId').whereRef('i.recordId', '=', 'd.recordId').whereRef('i.stage', '=', 'd.stage').where('i.status', 'in', ['conflict', 'decided'])),
        ]));
      }
      return eb.or(visible);
    })
    .limit(500)
    .execute();
  return [...new Set(rows.flatMap((row) => textList(row.labelsJson)))].sort((a, b) => a.localeCompare(b));
}

function blindNotes(viewer: ScreeningViewer): string[] {
  return STAGES.filter((stage) => viewer.stages[stage].blind && !stageResultsVisible(viewer.stages, stage)).map(
    (stage) =>
      `${stageLabel(stage)} screening is blind: your exports carry your own decisions there, not the other reviewers’, and not that stage’s outcomes` +
      `${stage === 'title_abstract' ? ' (nor anything of full text, which receives them)' : ' (nor which studies are included)'}. ` +
      'They show once an owner turns blind screening off; owners and the arbiter see them once a record has every decision it needs.',
  );
}

export async function exportRoutes(app: FastifyInstance) {
  async function viewerOf(request: FastifyRequest): Promise<ScreeningViewer> {
    return loadScreeningViewer(app.db, currentReview(request).id, request.account!.id);
  }

  app.get('/exports', async (request, reply) => {
    const review = currentReview(request);
    const base = `/reviews/${review.slug}/exports`;
    const query = request.query as Query;
    const styleText = firstValue(query.style);
    const style: BibliographyStyleId = isBibliographyStyle(styleText) ? styleText : 'apa';
    const viewer = await viewerOf(request);
    const included = await countExportSet(app.db, review.id, { kind: 'included' }, viewer, MAX_BIBLIOGRAPHY + 1);
    const preview: ExportRecord[] = [];
    for await (const page of exportRecordPages(app.db, review.id, { kind: 'included' }, viewer, PREVIEW_SIZE)) {
      preview.push(...page);
      break;
    }
    const codes = codePaths(await loadCodebook(app.db, review.id));
    const model: ExportsPageModel = {
      review: { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'records' },
      downloadUrl: `${base}/download`,
      sets: [
        { value: 'all', label: 'All records', hint: 'every work once (duplicates left out)' },
        { value: 'included', label: 'Included studies', hint: 'full-text outcome “include”' },
        { value: 'excluded', label: 'Excluded records', hint: 'final outcome “exclude” at title/abstract or full text' },
      ],
      labels: await visibleLabels(app.db, review.id, viewer),
      codes: [...codes].map(([id, path]) => ({ value: String(id), label: path })),
      formats: Object.values(EXPORT_FORMATS).map((f) => ({ value: f.id, label: `${f.label} (.${f.extension})`, hint: FORMAT_HINTS[f.id] })),
      blindNotes: blindNotes(viewer),
      bibliography: {
        styles: Object.entries(BIBLIOGRAPHY_STYLES).map(([id, s]) => ({ label: s.label, url: `${base}?style=${id}#bibliography-heading`, current: id === style })),
        styleLabel: BIBLIOGRAPHY_STYLES[style].label,
        included,
        preview: (await formatBibliography(preview, style)).map(({ id, runs }) => ({ id, pieces: piecesOf(runs) })),
        downloads: [
          { label: 'Download as text', url: `${base}/bibliography?style=${style}&format=txt` },
          { label: 'Download as HTML', url: `${base}/bibliography?style=${style}&format=html` },
        ],
        tooMany: included > MAX_BIBLIOGRAPHY ? `A formatted bibliography holds at most ${MAX_BIBLIOGRAPHY.toLocaleString('en-GB')} references; export the studies as RIS or BibTeX instead.` : null,
      },
    };
    return sendPage(reply, <ExportsPage ctx={pageContext(request, reply)} model={model} />);
  });

  app.get('/exports/download', async (request, reply) => {
    const review = currentReview(request);
    const query = request.query as Query;
    const format = readFormat(query);
    const set = await resolveExportSet(app.db, review.id, readSet(query, 'all'));
    const viewer = await viewerOf(request);
    const { contentType, extension } = EXPORT_FORMATS[format];
    const body = Readable.from(exportText(app.db, { reviewId: review.id, set, format, viewer }));
    return reply
      .type(contentType)
      .header('Content-Disposition', contentDisposition(`${review.slug}-${exportSetSlug(set)}.${extension}`))
      .header('Cache-Control', 'private, no-store')
      .send(body);
  });

  app.get('/exports/bibliography', async (request, reply) => {
    const review = currentReview(request);
    const query = request.query as Query;
    const style = firstValue(query.style).trim();
    if (!isBibliographyStyle(style)) throw new ValidationError({ style: 'Choose a citation style: apa or harvard.' });
    const format = firstValue(query.format).trim() || 'txt';
    if (format !== 'txt' && format !== 'html') throw new ValidationError({ format: 'Choose txt or html.' });
    const set = await resolveExportSet(app.db, review.id, readSet(query, 'included'));
    const viewer = await viewerOf(request);
    const count = await countExportSet(app.db, review.id, set, viewer, MAX_BIBLIOGRAPHY + 1);
    if (count > MAX_BIBLIOGRAPHY) {
      throw new ValidationError({ set: `A formatted bibliography holds at most ${MAX_BIBLIOGRAPHY.toLocaleString('en-GB')} references; choose a smaller set, or export RIS or BibTeX.` });
    }
    const entries = await formatBibliography(await allRecords(app.db, review.id, set, viewer), style);
    const name = `${review.slug}-${exportSetSlug(set)}-${style}.${format}`;
    reply.header('Content-Disposition', contentDisposition(name)).header('Cache-Control', 'private, no-store');
    if (format === 'txt') return reply.type('text/plain; charset=utf-8').send(bibliographyText(entries));
    const subtitle = `${exportSetDescription(set)} of “${review.title}”, ${entries.length.toLocaleString('en-GB')} references, ${BIBLIOGRAPHY_STYLES[style].label}.`;
    return reply.type('text/html; charset=utf-8').send(bibliographyHtml(entries, { title: 'References', subtitle }));
  });
}
