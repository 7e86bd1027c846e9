import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EvidencePage } from '../../views/synthesis/evidence-page.js';
import { SynthesisPage, type SynthesisPageModel } from '../../views/synthesis/synthesis-page.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { formatBibliography } from '../exports/bibliography.js';
import { exportRecordPages, ownerViewer } from '../exports/export-records.js';
import type { ExportRecord } from '../exports/export-record.js';
import type { FormattedReference } from '../exports/reference-runs.js';
import { download, DOCUMENT_TYPES } from '../http/download.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { chapterDocx } from './chapter-docx.js';
import { chapterMarkdown } from './chapter-markdown.js';
import { evidenceSummary } from './evidence.js';
import { chapterSections } from './chapter-sections.js';
import { frameworkAxes } from './framework-axes.js';
import { CONFIDENCE_LABEL } from '../findings/cerqual.js';
import { reviewFindings, type ReviewFinding } from '../findings/findings-queries.js';
import { matrixCsv } from './export-csv.js';
import { matrixDocx } from './export-docx.js';
import { matrixMarkdown } from './export-markdown.js';
import { matrixXlsx } from './export-xlsx.js';
import { appraisalChoices, buildMatrix } from './matrix.js';
import { buildPivot } from './pivot.js';
import type { SynthesisData, SynthesisStudy } from './synthesis-data.js';
import type { ChapterFinding } from './chapter-sections.js';
import { ReferenceCache } from './reference-cache.js';
import { SynthesisCache } from './synthesis-cache.js';
import { columnKey, pivotOptions, readSynthesisQuery, synthesisQueryString, withDefaults, type SynthesisQuery } from './synthesis-query.js';
import { pathId } from '../http/path-params.js';
import { chartRoutes } from '../charting/chart-routes.js';
import { chartSummaries, frameworkCellKey } from '../charting/chart-summaries.js';
import { ALL_JURISDICTIONS } from '../charting/framework-chart.js';
import { studyIdsByReport } from '../studies/included-studies.js';

/** Rows of the matrix on one page: the exports carry them all. */
export const MATRIX_PAGE_ROWS = 100;

/**
 * APA 7 references of the included studies as runs (italics kept), in the order a reference list
 * prints them (citation-js): one per study, its citing report (a preprint's published article).
 */
async function references(app: FastifyInstance, reviewId: number, studies: readonly SynthesisStudy[]): Promise<FormattedReference[]> {
  const citing = new Set(studies.map((s) => s.reports[0]!.id));
  // Only bibliographic fields are formatted, so whose view of the decisions is read does not matter.
  const records: ExportRecord[] = [];
  for await (const page of exportRecordPages(app.db, reviewId, { kind: 'included' }, await ownerViewer(app.db, reviewId))) records.push(...page.filter((r) => citing.has(r.id)));
  return (await formatBibliography(records, 'apa')).map((entry) => entry.runs);
}

/** A review finding as the chapter states it (src/findings: GRADE-CERQual). */
function chapterFinding(finding: ReviewFinding): ChapterFinding {
  const { confidence, explanation } = finding.assessment;
  return { number: finding.number, statement: finding.statement, themeId: finding.theme?.id ?? null, confidence: confidence === null ? null : CONFIDENCE_LABEL[confidence], explanation, studyIds: finding.studyIds };
}

const MATRIX_TYPES = DOCUMENT_TYPES;

/** Registered inside /reviews/:slug: any member reads the synthesis. */
export async function synthesisRoutes(app: FastifyInstance) {
  const cache = new SynthesisCache();
  const referenceCache = new ReferenceCache();
  const citing = (studies: readonly SynthesisStudy[]) => studies.map((s) => s.reports[0]!.id);
  const studyReferences = (reviewId: number, studies: readonly SynthesisStudy[]) => referenceCache.get(app.db, reviewId, citing(studies), () => references(app, reviewId, studies));
  // The framework chart reads the same cached data.
  chartRoutes(app, cache);
  const reviewData = (request: FastifyRequest) => cache.get(app.db, currentReview(request));
  /** The review's data and the query as asked, with defaults where nothing was chosen. */
  const synthesisRequest = async (request: FastifyRequest): Promise<{ data: SynthesisData; query: SynthesisQuery }> => {
    const data = await reviewData(request);
    return { data, query: withDefaults(readSynthesisQuery(request.query as Record<string, unknown>), data) };
  };

  app.get('/synthesis/matrix.:format', async (request, reply) => {
    const format = (request.params as { format: string }).format;
    if (!(format in MATRIX_TYPES)) throw new NotFoundError('The matrix downloads as xlsx, docx, csv or md.');
    const review = currentReview(request);
    const { data, query } = await synthesisRequest(request);
    const matrix = buildMatrix(data, query.columns, query.filters);
    const pivot = query.rowsBy !== null && query.pivotGroupId !== null ? buildPivot(data, query.rowsBy, query.pivotGroupId, pivotOptions(query)) : null;
    const title = `Synthesis matrix: ${review.title}`;
    const name = `${review.slug}-matrix.${format}`;
    const type = MATRIX_TYPES[format as keyof typeof MATRIX_TYPES];
    if (format === 'csv') return download(reply, name, type, `\ufeff${matrixCsv(matrix)}`);
    if (format === 'md') return download(reply, name, type, matrixMarkdown(matrix, { title, pivot }));
    if (format === 'xlsx') return download(reply, name, type, await matrixXlsx(data, matrix, { pivot }));
    return download(reply, name, type, await matrixDocx(matrix, { title, pivot, references: await studyReferences(review.id, data.studies) }));
  });

  app.get('/synthesis/chapter.:format', async (request, reply) => {
    const format = (request.params as { format: string }).format;
    if (format !== 'docx' && format !== 'md') throw new NotFoundError('The chapter skeleton downloads as docx or md.');
    const review = currentReview(request);
    const data = await reviewData(request);
    const axes = frameworkAxes(data);
    if (!axes) throw new ValidationError({ chapter: 'The chapter skeleton needs a code group named “Themes” and one named “Level” in the codebook.' });
    const studyOf = studyIdsByReport(data.studies);
    const [findings, summaries] = await Promise.all([
      cache.derived(app.db, review, 'findings', () => reviewFindings(app.db, review.id, data.studies)),
      cache.derived(app.db, review, 'chart-summaries', () => chartSummaries(app.db, review.id, studyOf)),
    ]);
    const sections = chapterSections(data, axes, {
      summaryOf: (themeId, levelId, directionId) => summaries.framework.get(frameworkCellKey({ themeId, levelId, directionId, jurisdiction: ALL_JURISDICTIONS }))?.text ?? null,
      appraisals: new Map(data.studies.filter((s) => s.appraisal.overall !== null).map((s) => [s.id, s.appraisal.text])),
      findings: findings.map(chapterFinding),
    });
    const options = { title: `${review.title}: framework chapter (draft)`, references: await studyReferences(review.id, data.studies) };
    if (format === 'md') return download(reply, `${review.slug}-chapter.md`, MATRIX_TYPES.md, chapterMarkdown(sections, options));
    return download(reply, `${review.slug}-chapter.docx`, MATRIX_TYPES.docx, await chapterDocx(sections, options));
  });

  app.get('/synthesis/codes/:id', async (request, reply) => {
    const review = currentReview(request);
    const notFound = 'There is no such code in this review’s codebook.';
    const evidence = evidenceSummary(await reviewData(request), pathId(request, 'id', notFound));
    if (!evidence) throw new NotFoundError(notFound);
    const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'synthesis' as const };
    return sendPage(reply, <EvidencePage ctx={pageContext(request, reply)} review={nav} evidence={evidence} base={`/reviews/${review.slug}/synthesis`} />);
  });

  app.get('/synthesis', async (request, reply) => {
    const review = currentReview(request);
    const { data, query } = await synthesisRequest(request);
    // The downloads need the formatted references (seconds at 2,000 studies): start them once the page is sent.
    reply.raw.once('finish', () => referenceCache.warm(app.db, review.id, citing(data.studies), () => references(app, review.id, data.studies)));
    const matrix = buildMatrix(data, query.columns, query.filters);
    const pages = Math.max(1, Math.ceil(matrix.rows.length / MATRIX_PAGE_ROWS));
    const page = Math.min(query.page, pages);
    const base = `/reviews/${review.slug}/synthesis`;
    const model: SynthesisPageModel = {
      base,
      query: synthesisQueryString({ ...query, page: 1 }),
      studies: data.studies.length,
      codes: data.codes,
      fields: data.fields,
      selected: new Set(query.columns.map(columnKey)),
      filterAppraisal: new Set(query.filters.appraisal),
      appraisalChoices: appraisalChoices(data),
      filterCodes: new Set(query.filters.codes),
      filterField: query.filters.field,
      rowsBy: query.rowsBy === null ? null : query.rowsBy.kind === 'field' ? `field:${query.rowsBy.fieldId}` : `group:${query.rowsBy.codeId}`,
      pivotGroupId: query.pivotGroupId,
      matrix: { ...matrix, rows: matrix.rows.slice((page - 1) * MATRIX_PAGE_ROWS, page * MATRIX_PAGE_ROWS) },
      page,
      pages,
      pageUrl: (n) => `${base}${synthesisQueryString(query, { page: n })}`,
      pivot: query.rowsBy !== null && query.pivotGroupId !== null ? buildPivot(data, query.rowsBy, query.pivotGroupId, pivotOptions(query)) : null,
      splitGroupId: query.splitGroupId,
      grain: query.grain,
      chapter: frameworkAxes(data) !== null,
    };
    const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'synthesis' as const };
    return sendPage(reply, <SynthesisPage ctx={pageContext(request, reply)} review={nav} model={model} />);
  });
}
