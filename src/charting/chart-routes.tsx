/**
 * The framework chart, registered by the synthesis routes (behind the included studies' gate) so
 * it reads the same cached synthesis data: any member reads the chart and writes its summaries,
 * as any member codes. A summary is edited in place (htmx swaps the cell with its form, then with
 * the saved cell); without script, the cell's page carries the form and a save returns to the chart.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChartCellPage, type CellExcerpt, type ChartCellPageModel } from '../../views/charting/chart-cell-page.js';
import { ChartCell, type ChartCellModel } from '../../views/charting/chart-cell.js';
import { FrameworkChartPage, GRAIN_NOTE, STUDY_GRAIN_NOTE, type FrameworkChartPageModel } from '../../views/charting/framework-chart-page.js';
import { StudyChartPage, type StudyChartPageModel } from '../../views/charting/study-chart-page.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { wantsFragment } from '../http/htmx.js';
import { pathId } from '../http/path-params.js';
import { firstValue, positiveInt } from '../http/query-values.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { excerptCodeIndex, excerptsCarrying } from '../synthesis/excerpt-codes.js';
import { cellEvidence, frameworkAxes, type FrameworkAxes } from '../synthesis/framework-axes.js';
import type { SynthesisCache } from '../synthesis/synthesis-cache.js';
import type { SynthesisData, SynthesisStudy } from '../synthesis/synthesis-data.js';
import { download, DOCUMENT_TYPES } from '../http/download.js';
import { chartDocument } from './chart-document.js';
import { chartDocx } from './chart-docx.js';
import { chartSummaries, frameworkCellKey, saveFrameworkSummary, saveStudySummary, studyCellKey, type ChartSummaries, type FrameworkCell } from './chart-summaries.js';
import { chartXlsx } from './chart-xlsx.js';
import { ALL_JURISDICTIONS, frameworkChart, studyThemeCells, type ChartTheme, type FrameworkChart } from './framework-chart.js';
import { studyIdsByReport } from '../studies/included-studies.js';

/** Studies on one page of the study × theme chart (the downloads carry them all). */
export const STUDY_CHART_PAGE_ROWS = 100;

const MISSING = 'The framework chart needs a code group named “Themes” and one named “Level” in the codebook (a “Direction” group adds enables / constrains).';
const NO_CELL = 'There is no such cell in the framework chart (its codes may have been moved, merged or deleted): reload the chart.';
/** Typed text is judged by the service (its message names the limit); this bounds what is read at all. */
const READ_MAX = 100_000;

interface Charted {
  data: SynthesisData;
  axes: FrameworkAxes;
  chart: FrameworkChart;
  summaries: ChartSummaries;
}

/** A located framework cell: its row and column in the chart. */
interface Located {
  cell: FrameworkCell;
  theme: number;
  column: number;
}

const cellDomId = (cell: FrameworkCell) => `cell-${cell.themeId}-${cell.levelId ?? 0}-${cell.directionId ?? 0}`;
const studyCellDomId = (studyId: number, themeId: number) => `cell-s${studyId}-t${themeId}`;

/** The chart's cell for these ids, or null when the chart has no such row, column or jurisdiction. */
function locate(charted: Charted, raw: { theme: string; level: string; direction: string; jurisdiction: string }): Located | null {
  const { chart, summaries } = charted;
  const id = (text: string) => (text === '' ? null : positiveInt(text) ?? -1);
  const [themeId, levelId, directionId] = [id(raw.theme), id(raw.level), id(raw.direction)];
  const theme = chart.themes.findIndex((t) => t.code.id === themeId);
  const column = chart.columns.findIndex((c) => (c.level?.id ?? null) === levelId && (c.direction?.id ?? null) === directionId);
  const known = raw.jurisdiction === ALL_JURISDICTIONS || chart.jurisdictions.includes(raw.jurisdiction) || summaries.jurisdictions.has(raw.jurisdiction);
  if (theme < 0 || column < 0 || !known) return null;
  return { cell: { themeId: themeId!, levelId, directionId, jurisdiction: raw.jurisdiction }, theme, column };
}

/** The summary as sent: absent is a broken form (an empty field clears the summary, a missing one must not). */
function readSummary(form: FormInput, body: unknown): string {
  const summary = form.text('summary', { label: 'Summary', max: READ_MAX, trim: false });
  if ((body as Record<string, unknown> | undefined)?.summary === undefined) form.fail('summary', 'The form sent no summary: reload the chart and write it again.');
  return summary;
}

export function chartRoutes(app: FastifyInstance, cache: SynthesisCache) {
  const base = (request: FastifyRequest) => `/reviews/${currentReview(request).slug}/synthesis`;
  const nav = (request: FastifyRequest) => {
    const review = currentReview(request);
    return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'synthesis' as const };
  };
  const ctxOf = (request: FastifyRequest) => ({ reviewId: currentReview(request).id, actorId: request.account!.id });
  const codingUrl = (request: FastifyRequest, study: SynthesisStudy) => `/reviews/${currentReview(request).slug}/coding/studies/${study.id}`;

  /** The data, its axes and the chart's counts (worked out once per data, together so they always agree), and the summaries; null when the codebook has no framework. */
  async function charted(request: FastifyRequest): Promise<Charted | null> {
    const review = currentReview(request);
    const { data, axes, chart } = await cache.derived(app.db, review, 'framework-chart', async () => {
      const data = await cache.get(app.db, review);
      const axes = frameworkAxes(data);
      return { data, axes, chart: axes && frameworkChart(data, axes) };
    });
    if (!axes || !chart) return null;
    const studyOf = studyIdsByReport(data.studies);
    return { data, axes, chart, summaries: await chartSummaries(app.db, review.id, studyOf) };
  }

  async function chartedOrFail(request: FastifyRequest): Promise<Charted> {
    const found = await charted(request);
    if (!found) throw new NotFoundError(MISSING);
    return found;
  }

  // ---------------------------------------------------------------- theme × level × direction

  function frameworkCellUrl(request: FastifyRequest, cell: FrameworkCell): string {
    const query = new URLSearchParams({ theme: String(cell.themeId) });
    if (cell.levelId !== null) query.set('level', String(cell.levelId));
    if (cell.directionId !== null) query.set('direction', String(cell.directionId));
    if (cell.jurisdiction !== ALL_JURISDICTIONS) query.set('j', cell.jurisdiction);
    return `${base(request)}/chart/cell?${query}`;
  }

  function chartUrl(request: FastifyRequest, jurisdiction: string, anchor = ''): string {
    return `${base(request)}/chart${jurisdiction === ALL_JURISDICTIONS ? '' : `?${new URLSearchParams({ j: jurisdiction })}`}${anchor === '' ? '' : `#${anchor}`}`;
  }

  function frameworkCellModel(request: FastifyRequest, reply: FastifyReply, charted: Charted, at: Located, editing?: ChartCellModel['editing']): ChartCellModel {
    const { chart, summaries } = charted;
    const { cell } = at;
    const counts = chart.cell(cell.jurisdiction, at.theme, at.column);
    const column = chart.columns[at.column]!;
    return {
      id: cellDomId(cell),
      name: `${chart.themes[at.theme]!.code.name} · ${column.label}${cell.jurisdiction === ALL_JURISDICTIONS ? '' : ` (${cell.jurisdiction})`}`,
      excerpts: counts.excerpts,
      studies: counts.studies,
      summary: summaries.framework.get(frameworkCellKey(cell)) ?? null,
      url: frameworkCellUrl(request, cell),
      action: `${base(request)}/chart/cell`,
      fields: { theme: String(cell.themeId), level: String(cell.levelId ?? ''), direction: String(cell.directionId ?? ''), jurisdiction: cell.jurisdiction },
      csrfToken: reply.generateCsrf(),
      editing,
    };
  }

  app.get('/synthesis/chart', async (request, reply) => {
    const found = await charted(request);
    const asked = firstValue((request.query as Record<string, unknown>).j);
    const model: FrameworkChartPageModel = { base: base(request), jurisdiction: ALL_JURISDICTIONS, jurisdictions: [], columns: [], rows: [], studies: 0, missing: MISSING };
    if (found) {
      const { chart, summaries, data } = found;
      const jurisdictions = [...chart.jurisdictions, ...[...summaries.jurisdictions].filter((j) => !chart.jurisdictions.includes(j))];
      const jurisdiction = jurisdictions.includes(asked) ? asked : ALL_JURISDICTIONS;
      Object.assign(model, {
        jurisdiction,
        jurisdictions,
        columns: chart.columns.map((c) => c.label),
        studies: data.studies.length,
        missing: null,
        notice: asked !== '' && jurisdiction !== asked ? `The framework has no jurisdiction “${asked}”: showing all jurisdictions.` : undefined,
        rows: chart.themes.map((theme, t) => ({
          name: theme.code.name,
          description: theme.code.description,
          emergent: theme.emergent,
          url: `${base(request)}/codes/${theme.code.id}`,
          cells: chart.columns.map((column, c) =>
            frameworkCellModel(request, reply, found, { cell: { themeId: theme.code.id, levelId: column.level?.id ?? null, directionId: column.direction?.id ?? null, jurisdiction }, theme: t, column: c }),
          ),
        })),
      });
    }
    return sendPage(reply, <FrameworkChartPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />);
  });

  async function answerFrameworkCell(request: FastifyRequest, reply: FastifyReply, found: Charted, at: Located, editing: ChartCellModel['editing'], status = 200) {
    if (wantsFragment(request)) return sendFragment(reply, <ChartCell cell={{ ...frameworkCellModel(request, reply, found, at, editing), focus: true }} />, status);
    const { data, axes, chart } = found;
    const { cell } = at;
    const items = cellEvidence(data, axes, { ...cell, jurisdiction: cell.jurisdiction === ALL_JURISDICTIONS ? null : cell.jurisdiction });
    const model: ChartCellPageModel = {
      title: `${chart.themes[at.theme]!.code.name} · ${chart.columns[at.column]!.label}`,
      where: cell.jurisdiction === ALL_JURISDICTIONS ? 'all jurisdictions' : cell.jurisdiction,
      backUrl: chartUrl(request, cell.jurisdiction, cellDomId(cell)),
      grain: GRAIN_NOTE,
      // Without script the page is where the summary is written: the form is open.
      cell: frameworkCellModel(request, reply, found, at, editing ?? { draft: found.summaries.framework.get(frameworkCellKey(cell))?.text ?? '' }),
      excerpts: items.map(({ study, excerpt }): CellExcerpt => ({ id: excerpt.id, studyLabel: study.label, url: `${codingUrl(request, study)}#excerpt-${excerpt.id}`, text: excerpt.text, location: excerpt.location, memo: excerpt.memo })),
    };
    return sendPage(reply, <ChartCellPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />, status);
  }

  app.get('/synthesis/chart/cell', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const found = await chartedOrFail(request);
    const at = locate(found, { theme: firstValue(query.theme), level: firstValue(query.level), direction: firstValue(query.direction), jurisdiction: firstValue(query.j) });
    if (!at) throw new NotFoundError(NO_CELL);
    const editing = firstValue(query.edit) === '1' ? { draft: found.summaries.framework.get(frameworkCellKey(at.cell))?.text ?? '' } : undefined;
    return answerFrameworkCell(request, reply, found, at, editing);
  });

  app.post('/synthesis/chart/cell', async (request, reply) => {
    const form = new FormInput(request.body);
    const raw = {
      theme: form.text('theme', { label: 'Theme', max: 20 }),
      level: form.text('level', { label: 'Level', max: 20 }),
      direction: form.text('direction', { label: 'Direction', max: 20 }),
      jurisdiction: form.text('jurisdiction', { label: 'Jurisdiction', max: 500 }),
    };
    const summary = readSummary(form, request.body);
    form.assertValid();
    const found = await chartedOrFail(request);
    const at = locate(found, raw);
    if (!at) throw new NotFoundError(NO_CELL);
    const groups = { themes: found.axes.themes.id, levels: found.axes.levels.id, directions: found.axes.directions?.id ?? null };
    const jurisdictions = new Set([...found.chart.jurisdictions, ...found.summaries.jurisdictions]);
    let changed: boolean;
    try {
      changed = await saveFrameworkSummary(app.db, ctxOf(request), at.cell, groups, jurisdictions, summary);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return answerFrameworkCell(request, reply, found, at, { draft: summary, error: error.message }, 422);
    }
    if (wantsFragment(request)) return answerFrameworkCell(request, reply, (await charted(request))!, at, undefined);
    setFlash(reply, changed ? (summary.trim() === '' ? 'Summary cleared.' : 'Summary saved.') : 'Nothing to change in the summary.');
    return reply.redirect(chartUrl(request, at.cell.jurisdiction, cellDomId(at.cell)), 303);
  });

  // ---------------------------------------------------------------- study × theme

  function studyCellModel(request: FastifyRequest, reply: FastifyReply, found: Charted, study: SynthesisStudy, theme: ChartTheme, counts: { excerpts: number; wholeStudy: boolean }, editing?: ChartCellModel['editing']): ChartCellModel {
    const url = `${base(request)}/chart/studies/${study.id}/themes/${theme.code.id}`;
    return {
      id: studyCellDomId(study.id, theme.code.id),
      name: `${study.label} × ${theme.code.name}`,
      excerpts: counts.excerpts,
      studies: null,
      wholeStudy: counts.wholeStudy,
      summary: found.summaries.studies.get(studyCellKey(study.id, theme.code.id)) ?? null,
      url,
      action: url,
      fields: {},
      csrfToken: reply.generateCsrf(),
      editing,
    };
  }

  app.get('/synthesis/chart/studies', async (request, reply) => {
    const found = await charted(request);
    const model: StudyChartPageModel = { base: base(request), themes: [], rows: [], studies: 0, page: 1, pages: 1, missing: MISSING };
    if (found) {
      const { data, chart } = found;
      const pages = Math.max(1, Math.ceil(data.studies.length / STUDY_CHART_PAGE_ROWS));
      const page = Math.min(positiveInt(firstValue((request.query as Record<string, unknown>).page)) ?? 1, pages);
      const studies = data.studies.slice((page - 1) * STUDY_CHART_PAGE_ROWS, page * STUDY_CHART_PAGE_ROWS);
      const cells = studyThemeCells(data, chart.themes, studies);
      Object.assign(model, {
        missing: null,
        studies: data.studies.length,
        page,
        pages,
        themes: chart.themes.map((t) => ({ name: t.code.name, emergent: t.emergent, url: `${base(request)}/codes/${t.code.id}` })),
        rows: studies.map((study, s) => ({
          label: study.label,
          url: codingUrl(request, study),
          cells: chart.themes.map((theme, t) => studyCellModel(request, reply, found, study, theme, cells[s]![t]!)),
        })),
      });
    }
    return sendPage(reply, <StudyChartPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />);
  });

  /** The study (any of its reports' ids names it) and the theme the address names. */
  async function studyCell(request: FastifyRequest): Promise<{ found: Charted; study: SynthesisStudy; theme: ChartTheme }> {
    const studyId = pathId(request, 'studyId', NO_CELL);
    const themeId = pathId(request, 'themeId', NO_CELL);
    const found = await chartedOrFail(request);
    const study = found.data.studies.find((s) => s.reports.some((r) => r.id === studyId));
    const theme = found.chart.themes.find((t) => t.code.id === themeId);
    if (!study || !theme) throw new NotFoundError(NO_CELL);
    return { found, study, theme };
  }

  function answerStudyCell(request: FastifyRequest, reply: FastifyReply, at: { found: Charted; study: SynthesisStudy; theme: ChartTheme }, editing: ChartCellModel['editing'], status = 200) {
    const { found, study, theme } = at;
    const counts = studyThemeCells(found.data, [theme], [study])[0]![0]!;
    if (wantsFragment(request)) return sendFragment(reply, <ChartCell cell={{ ...studyCellModel(request, reply, found, study, theme, counts, editing), focus: true }} />, status);
    const excerpts = excerptsCarrying(study, excerptCodeIndex(found.data), [theme.ids]);
    const page = Math.floor(found.data.studies.indexOf(study) / STUDY_CHART_PAGE_ROWS) + 1;
    const model: ChartCellPageModel = {
      title: `${study.label} × ${theme.code.name}`,
      where: null,
      backUrl: `${base(request)}/chart/studies${page === 1 ? '' : `?page=${page}`}#${studyCellDomId(study.id, theme.code.id)}`,
      grain: STUDY_GRAIN_NOTE,
      cell: studyCellModel(request, reply, found, study, theme, counts, editing ?? { draft: found.summaries.studies.get(studyCellKey(study.id, theme.code.id))?.text ?? '' }),
      excerpts: excerpts.map((excerpt) => ({ id: excerpt.id, studyLabel: study.label, url: `${codingUrl(request, study)}#excerpt-${excerpt.id}`, text: excerpt.text, location: excerpt.location, memo: excerpt.memo })),
    };
    return sendPage(reply, <ChartCellPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />, status);
  }

  app.get('/synthesis/chart/studies/:studyId/themes/:themeId', async (request, reply) => {
    const at = await studyCell(request);
    const edit = firstValue((request.query as Record<string, unknown>).edit) === '1';
    return answerStudyCell(request, reply, at, edit ? { draft: at.found.summaries.studies.get(studyCellKey(at.study.id, at.theme.code.id))?.text ?? '' } : undefined);
  });

  app.post('/synthesis/chart/studies/:studyId/themes/:themeId', async (request, reply) => {
    const form = new FormInput(request.body);
    const summary = readSummary(form, request.body);
    form.assertValid();
    const at = await studyCell(request);
    let changed: boolean;
    try {
      changed = await saveStudySummary(app.db, ctxOf(request), at.study.id, at.theme.code.id, at.found.axes.themes.id, summary);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return answerStudyCell(request, reply, at, { draft: summary, error: error.message }, 422);
    }
    if (wantsFragment(request)) return answerStudyCell(request, reply, await studyCell(request), undefined);
    setFlash(reply, changed ? (summary.trim() === '' ? 'Summary cleared.' : 'Summary saved.') : 'Nothing to change in the summary.');
    const page = Math.floor(at.found.data.studies.indexOf(at.study) / STUDY_CHART_PAGE_ROWS) + 1;
    return reply.redirect(`${base(request)}/chart/studies${page === 1 ? '' : `?page=${page}`}#${studyCellDomId(at.study.id, at.theme.code.id)}`, 303);
  });

  // ---------------------------------------------------------------- downloads

  for (const format of ['xlsx', 'docx'] as const) {
    app.get(`/synthesis/chart.${format}`, async (request, reply) => {
      const review = currentReview(request);
      const { data, axes, summaries } = await chartedOrFail(request);
      const document = chartDocument(data, axes, summaries, `Framework chart: ${review.title}`);
      const body = format === 'xlsx' ? await chartXlsx(document) : await chartDocx(document);
      return download(reply, `${review.slug}-framework-chart.${format}`, DOCUMENT_TYPES[format], body);
    });
  }
}
