import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { codeGroups } from '../../views/coding/code-parts.js';
import { CodingPage } from '../../views/coding/coding-page.js';
import { StudyCodesRegion, StudyCodingPage, StudyMemoRegion } from '../../views/coding/study-coding-page.js';
import type { ExcerptDraft, StudyCodingModel } from '../../views/coding/study-coding-model.js';
import { ExcerptsRegion } from '../../views/coding/study-excerpts.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { sendError } from '../http/errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { redirectAfterPost, wantsFragment } from '../http/htmx.js';
import { positiveInt } from '../http/query-values.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { readCounters } from '../reviews/stage-counters.js';
import { includedStudies, type IncludedStudy } from '../studies/included-studies.js';
import { codingBase, codingContext, codingNav, coloursHref, idParam } from './coding-route-parts.js';
import { codebookTree, codeUsage, codingOfIncludedStudies, codingProgress, flattenCodebook, progressOfStudies } from './coding-queries.js';
import { addExcerpt, assertIncludedStudy, deleteExcerpt, editExcerpt, setStudyCode, setStudyMemo } from './coding-service.js';
import { groupReport, separateReport } from '../studies/report-grouping.js';
import { agreedCodingClosed } from '../double-coding/consensus-service.js';
import { codingMode } from '../double-coding/pass-queries.js';
import { doubleCodingOverview } from '../double-coding/double-coding-overview.js';
import { includedNotImported, readBoxes } from '../prisma/prisma-boxes.js';

type StudyPart = 'codes' | 'excerpts' | 'memo';
export type StudyState = Pick<StudyCodingModel, 'codes' | 'excerpts' | 'memo'> & { reportsError?: string };

/** The included study whose report `recordId` is (a study's page answers for any of its reports). */
export async function studyOf(request: FastifyRequest, recordId: number): Promise<{ studies: IncludedStudy[]; index: number }> {
  const studies = await includedStudies(request.server.db, currentReview(request).id);
  const index = studies.findIndex((s) => s.reports.some((r) => r.id === recordId));
  if (index === -1) throw new NotFoundError(`Record #${recordId} is not an included study of this review.`);
  return { studies, index };
}

/**
 * A study's coding page model. `pass` shows a coder's own pass instead of the agreed coding (double
 * coding, src/double-coding/): its codes and excerpts, its forms posting under `studyBase`.
 */
export async function studyModel(request: FastifyRequest, reply: FastifyReply, recordId: number, state: StudyState, pass?: Pick<StudyCodingModel, 'studyBase' | 'coding' | 'pass'>): Promise<StudyCodingModel> {
  const db = request.server.db;
  const review = currentReview(request);
  const base = codingBase(request);
  const [{ studies, index }, tree] = await Promise.all([
    studyOf(request, recordId),
    codebookTree(db, review.id),
  ]);
  const study = studies[index]!;
  // The abstract of the report the study is cited by.
  const record = await db.selectFrom('record').select('abstract').where('reviewId', '=', review.id).where('id', '=', study.reports[0]!.id).executeTakeFirst();
  if (!record) throw new NotFoundError(`Record #${recordId} is not an included study of this review.`);
  const coding = pass ? null : await codingOfIncludedStudies(db, review.id, [study]);
  const flat = flattenCodebook(tree);
  const double = !pass && (await codingMode(db, review.id)) === 'double';
  const studyBase = pass?.studyBase ?? `${base}/studies/${recordId}`;
  return {
    base,
    studyBase,
    coloursHref: coloursHref(base, flat),
    csrfToken: reply.generateCsrf(),
    addExcerpt: creatingForm(request, `${studyBase}/excerpts`),
    study: { ...study, abstract: record.abstract, recordHref: `/reviews/${review.slug}/records/${study.reports[0]!.id}` },
    reports: { action: `${studyBase}/reports`, recordsBase: `/reviews/${review.slug}/records`, reports: study.reports, error: state.reportsError },
    nav: {
      index,
      total: studies.length,
      previous: index > 0 ? { id: studies[index - 1]!.id, label: studies[index - 1]!.label } : null,
      next: index < studies.length - 1 ? { id: studies[index + 1]!.id, label: studies[index + 1]!.label } : null,
    },
    groups: codeGroups(tree),
    codesById: new Map(flat.map((c) => [c.id, c])),
    coding: pass?.coding ?? coding!.get(study.id)!,
    pass: pass?.pass,
    consensusHref: double ? `${base}/studies/${study.id}/consensus` : undefined,
    ...state,
  };
}

/** The excerpt form's values as typed (codes as the ids sent); problems with the ids are recorded. */
export function excerptInput(request: FastifyRequest): { form: FormInput; draft: ExcerptDraft } {
  const form = new FormInput(request.body);
  // Lengths are the service's to judge: its messages name the limits and the count.
  const text = form.text('text', { label: 'Quoted text', max: 1_000_000, trim: false });
  const location = form.text('location', { label: 'Page or location', max: 10_000 });
  const memo = form.text('memo', { label: 'Memo', max: 1_000_000, trim: false });
  const language = form.text('language', { label: 'Language', max: 10_000 });
  const translation = form.text('translation', { label: 'Translation', max: 1_000_000, trim: false });
  const translator = form.text('translator', { label: 'Translator', max: 10_000 });
  const raw = (request.body as Record<string, unknown> | undefined)?.codeIds;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const codeIds = values.map((value) => (typeof value === 'string' ? positiveInt(value) : null));
  if (codeIds.some((id) => id === null)) form.fail('codeIds', 'Choose codes from this review’s codebook.');
  return { form, draft: { text, location, memo, language, translation, translator, codeIds: codeIds.filter((id): id is number => id !== null) } };
}

/**
 * Coding, inside /reviews/:slug: the overview and the coding page of each included study (any
 * member codes); the codebook has its own routes (codebook-routes.tsx). Changes answer htmx with the
 * region they change (422 with the problems), and plain forms with a redirect or the page.
 */
export async function codingRoutes(app: FastifyInstance) {
  // ---------------------------------------------------------------------------------------------
  // Overview

  app.get('/coding', async (request, reply) => {
    const review = currentReview(request);
    const base = codingBase(request);
    const [studies, reportProgress, tree, counters] = await Promise.all([
      includedStudies(app.db, review.id),
      codingProgress(app.db, review.id),
      codebookTree(app.db, review.id),
      readCounters(app.db, review.id),
    ]);
    const progress = progressOfStudies(reportProgress, studies);
    const model = {
      base,
      slug: review.slug,
      coloursHref: coloursHref(base, flattenCodebook(tree)),
      isOwner: review.role === 'owner',
      studies: studies.map((s) => ({ ...s, progress: progress.get(s.id)! })),
      tree,
      usage: await codeUsage(app.db, review.id, studies),
      coded: [...progress.values()].filter((p) => p.codes + p.excerpts > 0).length,
      excerpts: counters.excerpts,
      csrfToken: reply.generateCsrf(),
      double: await doubleCodingOverview(app.db, review.id, studies, tree),
      notImported: includedNotImported(await readBoxes(app.db, review.id)),
    };
    return sendPage(reply, <CodingPage ctx={pageContext(request, reply)} review={codingNav(request)} model={model} />);
  });

  // ---------------------------------------------------------------------------------------------
  // Coding one study

  /** The study's record id: 404 outside the review; a record that is not an included study is refused calmly. */
  async function includedStudyParam(request: FastifyRequest): Promise<number> {
    const id = idParam(request, 'id', 'record');
    await assertIncludedStudy(app.db, currentReview(request).id, id);
    return id;
  }

  /**
   * The report an excerpt shown on a study's page was quoted from: one of the study's reports (the
   * service then checks the excerpt is on it); the study's own id when it is none of them (refused).
   */
  async function excerptReport(request: FastifyRequest, studyId: number, excerptId: number): Promise<number> {
    const row = await app.db.selectFrom('excerpt').select('recordId').where('reviewId', '=', currentReview(request).id).where('id', '=', excerptId).executeTakeFirst();
    if (!row) return studyId;
    const { studies, index } = await studyOf(request, studyId);
    return studies[index]!.reports.some((r) => r.id === row.recordId) ? row.recordId : studyId;
  }

  const REGIONS = { codes: StudyCodesRegion, excerpts: ExcerptsRegion, memo: StudyMemoRegion } as const;
  const ANCHORS = { codes: 'study-codes', excerpts: 'excerpts', memo: 'study-memo' } as const;

  async function sendStudy(request: FastifyRequest, reply: FastifyReply, recordId: number, part: StudyPart, state: StudyState, status = 200) {
    const model = await studyModel(request, reply, recordId, state);
    if (wantsFragment(request)) {
      const Region = REGIONS[part];
      return sendFragment(reply, <Region model={model} />, status);
    }
    return sendPage(reply, <StudyCodingPage ctx={pageContext(request, reply)} review={codingNav(request)} model={model} />, status);
  }

  /**
   * Runs a change on a study. Success: the region (htmx) or back to the page with the notice.
   * A record that is not an included study: 422 with the reason. Other refusals: the region again
   * with the problems (`refused` builds its state).
   */
  async function studyChange(
    request: FastifyRequest,
    reply: FastifyReply,
    part: StudyPart,
    run: (recordId: number) => Promise<string>,
    refused: (errors: FieldErrors) => StudyState,
  ) {
    const recordId = idParam(request, 'id', 'record');
    let notice: string;
    try {
      await assertIncludedStudy(app.db, currentReview(request).id, recordId);
      const closed = await agreedCodingClosed(app.db, currentReview(request).id, recordId);
      if (closed) return sendError(request, reply, { status: 409, title: 'Coded independently by two coders', message: closed });
      notice = await run(recordId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (error.fields.study) return sendError(request, reply, { status: 422, title: 'Not an included study', message: error.fields.study });
      return sendStudy(request, reply, recordId, part, refused(error.fields), 422);
    }
    if (wantsFragment(request)) return sendStudy(request, reply, recordId, part, { [part]: { notice } });
    setFlash(reply, notice);
    return redirectAfterPost(request, reply, `${codingBase(request)}/studies/${recordId}#${ANCHORS[part]}`);
  }

  app.get('/coding/studies/:id', async (request, reply) => {
    let recordId: number;
    try {
      recordId = await includedStudyParam(request);
    } catch (error) {
      if (error instanceof ValidationError) throw new NotFoundError(Object.values(error.fields).join(' '));
      throw error;
    }
    // A study has one page, at its lead report: links to its other reports lead there.
    const { studies, index } = await studyOf(request, recordId);
    if (studies[index]!.id !== recordId) return reply.redirect(`${codingBase(request)}/studies/${studies[index]!.id}`, 303);
    // Double coding: until both passes are finished each coder sees only their own pass.
    if (await agreedCodingClosed(app.db, currentReview(request).id, recordId)) return reply.redirect(`${codingBase(request)}/studies/${recordId}/pass`, 303);
    return sendStudy(request, reply, recordId, 'codes', {});
  });

  app.post('/coding/studies/:id/codes', async (request, reply) => {
    const form = new FormInput(request.body);
    const applyText = form.text('apply', { label: 'Code', max: 20 });
    const removeText = form.text('remove', { label: 'Code', max: 20 });
    const applied = applyText !== '';
    const codeId = positiveInt(applied ? applyText : removeText);
    return studyChange(
      request,
      reply,
      'codes',
      async (recordId) => {
        if ((applyText === '') === (removeText === '') || codeId === null) throw new ValidationError({ code: 'Choose one code to apply or remove.' });
        form.assertValid();
        const changed = await setStudyCode(app.db, codingContext(request), recordId, codeId, applied);
        const code = await app.db.selectFrom('code').select('name').where('id', '=', codeId).executeTakeFirst();
        const name = code ? `“${code.name}”` : 'The code';
        if (!changed) return applied ? `${name} was already applied.` : `${name} was not applied.`;
        return applied ? `Applied ${name}.` : `Removed ${name}.`;
      },
      (errors) => ({ codes: { error: Object.values(errors).join(' ') } }),
    );
  });

  app.post('/coding/studies/:id/excerpts', async (request, reply) => {
    const { form, draft } = excerptInput(request);
    return studyChange(
      request,
      reply,
      'excerpts',
      async (recordId) => {
        form.assertValid();
        await createOnce(request, (trx) => addExcerpt(trx, codingContext(request), recordId, draft));
        return 'Excerpt added.';
      },
      (errors) => ({ excerpts: { draft, errors } }),
    );
  });

  app.post('/coding/studies/:id/excerpts/:excerptId', async (request, reply) => {
    const excerptId = idParam(request, 'excerptId', 'excerpt');
    const { form, draft } = excerptInput(request);
    return studyChange(
      request,
      reply,
      'excerpts',
      async (recordId) => {
        form.assertValid();
        const changed = await editExcerpt(app.db, codingContext(request), excerptId, draft, await excerptReport(request, recordId, excerptId));
        return changed ? 'Excerpt saved.' : 'Nothing to change in the excerpt.';
      },
      (errors) => ({ excerpts: { editing: { id: excerptId, draft, errors } } }),
    );
  });

  app.post('/coding/studies/:id/excerpts/:excerptId/delete', async (request, reply) => {
    const excerptId = idParam(request, 'excerptId', 'excerpt');
    return studyChange(
      request,
      reply,
      'excerpts',
      async (recordId) => {
        await deleteExcerpt(app.db, codingContext(request), excerptId, await excerptReport(request, recordId, excerptId));
        return 'Excerpt deleted.';
      },
      (errors) => ({ excerpts: { errors } }),
    );
  });

  app.post('/coding/studies/:id/memo', async (request, reply) => {
    const form = new FormInput(request.body);
    const memo = form.text('memo', { label: 'Memo', max: 1_000_000, trim: false });
    return studyChange(
      request,
      reply,
      'memo',
      async (recordId) => {
        form.assertValid();
        const changed = await setStudyMemo(app.db, codingContext(request), recordId, memo);
        return changed ? 'Memo saved.' : 'The memo was already so.';
      },
      (errors) => ({ memo: { errors, draft: memo } }),
    );
  });

  // ---------------------------------------------------------------------------------------------
  // The reports of a study (report-grouping.ts): plain forms, back to the study's page

  /** The study of a report-grouping form: a record that is not an included study is refused as coding refuses it. */
  async function groupingStudy(request: FastifyRequest, reply: FastifyReply): Promise<number | null> {
    try {
      return await includedStudyParam(request);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await sendError(request, reply, { status: 422, title: 'Not an included study', message: Object.values(error.fields).join(' ') });
      return null;
    }
  }

  app.post('/coding/studies/:id/reports', async (request, reply) => {
    const recordId = await groupingStudy(request, reply);
    if (recordId === null) return reply;
    const form = new FormInput(request.body);
    const typed = form.text('record', { label: 'Record number', max: 30 }).replace(/^#/, '');
    const otherId = positiveInt(typed);
    try {
      if (otherId === null) throw new ValidationError({ record: 'Type the other report’s record number, as its page shows it (#123).' });
      form.assertValid();
      const { grouped } = await groupReport(app.db, codingContext(request), recordId, otherId);
      setFlash(reply, `Record #${grouped} is now a report of this study.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendStudy(request, reply, recordId, 'codes', { reportsError: Object.values(error.fields).join(' ') }, 422);
    }
    const { studies, index } = await studyOf(request, recordId);
    return redirectAfterPost(request, reply, `${codingBase(request)}/studies/${studies[index]!.id}#study-reports`);
  });

  app.post('/coding/studies/:id/reports/:reportId/separate', async (request, reply) => {
    const recordId = await groupingStudy(request, reply);
    if (recordId === null) return reply;
    const reportId = idParam(request, 'reportId', 'report');
    const { studies, index } = await studyOf(request, recordId);
    if (!studies[index]!.reports.some((r) => r.id === reportId)) throw new NotFoundError(`Record #${reportId} is not a report of this study.`);
    try {
      await separateReport(app.db, codingContext(request), reportId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendStudy(request, reply, recordId, 'codes', { reportsError: Object.values(error.fields).join(' ') }, 422);
    }
    setFlash(reply, `Record #${reportId} is now a study of its own.`);
    const stay = reportId === recordId ? studies[index]!.reports.find((r) => r.id !== reportId)!.id : recordId;
    const after = await studyOf(request, stay);
    return redirectAfterPost(request, reply, `${codingBase(request)}/studies/${after.studies[after.index]!.id}#study-reports`);
  });
}
