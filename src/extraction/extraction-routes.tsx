/**
 * The extraction form: its builder (owners change it, every member sees it) and each included
 * study's form. Registered inside /reviews/:slug, so membership is already checked.
 *
 *   GET  /coding/form                                  the builder (read-only for reviewers)
 *   POST /coding/form/fields                           add a field                      owners
 *   POST /coding/form/fields/:fieldId                  edit label, help, choices        owners
 *   POST /coding/form/fields/:fieldId/move             direction=up|down                owners
 *   POST /coding/form/fields/:fieldId/delete           [confirm=N: the values going]    owners
 *   GET  /coding/studies/:id/extraction                a study's form: fragment for htmx, else a page
 *   POST /coding/studies/:id/extraction                save the whole form [status=complete]
 *   POST /coding/studies/:id/extraction/status         status=complete|in_progress
 *
 * Builder posts answer htmx with the builder region (#extraction-builder), a plain form with a 303
 * back to the builder (422 with the page when refused). A study save answers htmx with the study's
 * section ("Saved", or 422 with a message beside each bad value and nothing written) and sends the
 * `extractionSaved` event (HX-Trigger) for the page around it; a plain form gets a 303 to the
 * study's extraction page. The status form answers htmx with the status bar alone.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ExtractionBuilder, ExtractionBuilderPage, type ExtractionBuilderModel, type FieldDraft } from '../../views/extraction/form-builder-page.js';
import { StatusBar, StudyExtractionPage, StudyExtractionSection, type StudyExtractionModel } from '../../views/extraction/study-extraction.js';
import type { ExtractionKind } from '../db/schema.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { wantsFragment } from '../http/htmx.js';
import { positiveInt } from '../http/query-values.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import type { MemberReview } from '../reviews/review-repository.js';
import { includedStudies, isIncludedReport } from '../studies/included-studies.js';
import { extractionForm, extractionOfIncludedStudies, lastUpdate, valueCounts } from './extraction-queries.js';
import { isFieldKind, storedAsInput, type RawFieldInput } from './field-types.js';
import { addField, deleteField, editField, HELP_MAX, LABEL_MAX, moveField } from './form-service.js';
import { saveExtraction, setExtractionStatus, type SettableStatus } from './values-service.js';
import { pathId } from '../http/path-params.js';

const CHOICES_TEXT_MAX = 50 * 201 + 1000;

const fieldParam = (request: FastifyRequest) => pathId(request, 'fieldId', 'There is no such extraction field.');
const studyParam = (request: FastifyRequest) => pathId(request, 'id', 'There is no such study in this review.');

function nav(review: MemberReview) {
  return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'coding' as const };
}

/** The builder's form fields, as typed (kept to show back when refused). */
function readFieldForm(body: unknown, withKind: boolean): { form: FormInput; draft: FieldDraft } {
  const form = new FormInput(body);
  const draft: FieldDraft = {
    label: form.text('label', { label: 'Label', max: LABEL_MAX * 2 }),
    help: form.text('help', { label: 'Help', max: HELP_MAX * 2 }),
    kind: '',
    choicesText: form.text('choices', { label: 'Choices', max: CHOICES_TEXT_MAX }),
  };
  if (withKind) {
    const kind = form.text('kind', { label: 'Kind', max: 40 });
    if (kind === '') form.fail('kind', 'Choose what kind of field this is.');
    else if (!isFieldKind(kind)) form.fail('kind', 'Choose one of the kinds offered.');
    else draft.kind = kind;
  }
  return { form, draft };
}

/**
 * What the study form sent, by field id: `f<id>` (repeated for a multiple choice) and, for a
 * jurisdiction, `f<id>-other`. Other names (`_csrf`, `status`) are not fields.
 */
function readStudyForm(body: unknown): Map<number, RawFieldInput> {
  const inputs = new Map<number, RawFieldInput>();
  if (body === null || typeof body !== 'object') return inputs;
  const entries = body as Record<string, unknown>;
  const text = (value: unknown): string | string[] | undefined =>
    typeof value === 'string' ? value : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  for (const key of Object.keys(entries)) {
    const match = /^f(\d{1,9})(-other)?$/.exec(key);
    if (!match) continue;
    const fieldId = Number(match[1]);
    if (fieldId <= 0 || inputs.has(fieldId)) continue;
    const value = text(entries[`f${fieldId}`]);
    const other = text(entries[`f${fieldId}-other`]);
    inputs.set(fieldId, other === undefined ? value : { value, other: typeof other === 'string' ? other : other.join(' ') });
  }
  return inputs;
}

export async function extractionRoutes(app: FastifyInstance) {
  // ---- the builder ---------------------------------------------------------------------------

  async function builderModel(request: FastifyRequest, csrfToken: string, extra: Partial<ExtractionBuilderModel> = {}): Promise<ExtractionBuilderModel> {
    const review = currentReview(request);
    const [fields, counts] = await Promise.all([extractionForm(app.db, review.id), valueCounts(app.db, review.id)]);
    return {
      base: builderBase(request),
      codingUrl: `/reviews/${review.slug}/coding`,
      csrfToken,
      canEdit: review.role === 'owner',
      addField: creatingForm(request, `${builderBase(request)}/fields`),
      fields: fields.map((f) => ({ ...f, values: counts.get(f.id) ?? 0 })),
      ...extra,
    };
  }

  async function answerBuilder(request: FastifyRequest, reply: FastifyReply, extra: Partial<ExtractionBuilderModel>, status: number, redirectTo?: string) {
    const review = currentReview(request);
    if (wantsFragment(request)) {
      return sendFragment(reply, <ExtractionBuilder model={await builderModel(request, reply.generateCsrf(), extra)} />, status);
    }
    if (redirectTo !== undefined) {
      if (extra.notice) setFlash(reply, extra.notice);
      return reply.redirect(redirectTo, 303);
    }
    const ctx = pageContext(request, reply);
    return sendPage(reply, <ExtractionBuilderPage ctx={ctx} review={nav(review)} model={await builderModel(request, ctx.csrfToken, extra)} />, status);
  }

  const builderBase = (request: FastifyRequest) => `/reviews/${currentReview(request).slug}/coding/form`;
  const builderCtx = (request: FastifyRequest) => ({ reviewId: currentReview(request).id, actorId: request.account!.id });
  const ownerOnly = { preHandler: requireReviewOwner };

  app.get('/coding/form', async (request, reply) => {
    const review = currentReview(request);
    const ctx = pageContext(request, reply);
    return sendPage(reply, <ExtractionBuilderPage ctx={ctx} review={nav(review)} model={await builderModel(request, ctx.csrfToken)} />);
  });

  app.post('/coding/form/fields', ownerOnly, async (request, reply) => {
    const { form, draft } = readFieldForm(request.body, true);
    let id: number;
    try {
      form.assertValid();
      id = await createOnce(request, (trx) => addField(trx, builderCtx(request), { label: draft.label, help: draft.help, kind: draft.kind as ExtractionKind, choicesText: draft.choicesText }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return answerBuilder(request, reply, { refused: { target: 'new', errors: error.fields, draft } }, 422);
    }
    return answerBuilder(request, reply, { notice: `Field “${draft.label.trim()}” added.` }, 200, `${builderBase(request)}#extraction-field-${id}`);
  });

  app.post('/coding/form/fields/:fieldId', ownerOnly, async (request, reply) => {
    const fieldId = fieldParam(request);
    const { form, draft } = readFieldForm(request.body, false);
    let changed: boolean;
    try {
      form.assertValid();
      changed = await editField(app.db, builderCtx(request), fieldId, draft);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return answerBuilder(request, reply, { refused: { target: fieldId, errors: error.fields, draft } }, 422);
    }
    const notice = changed ? 'Field saved.' : 'Nothing changed.';
    return answerBuilder(request, reply, { notice }, 200, `${builderBase(request)}#extraction-field-${fieldId}`);
  });

  app.post('/coding/form/fields/:fieldId/move', ownerOnly, async (request, reply) => {
    const fieldId = fieldParam(request);
    const direction = new FormInput(request.body).text('direction', { label: 'Direction', max: 10 }) === 'up' ? 'up' : 'down';
    await moveField(app.db, builderCtx(request), fieldId, direction);
    return answerBuilder(request, reply, {}, 200, `${builderBase(request)}#extraction-field-${fieldId}`);
  });

  app.post('/coding/form/fields/:fieldId/delete', ownerOnly, async (request, reply) => {
    const fieldId = fieldParam(request);
    const confirmText = new FormInput(request.body).text('confirm', { label: 'Confirmation', max: 12 });
    const confirmed = confirmText === '' ? undefined : (positiveInt(confirmText) ?? undefined);
    const outcome = await deleteField(app.db, builderCtx(request), fieldId, { confirmedValues: confirmed });
    if (!outcome.deleted) {
      // The second step: say how many values would go, and ask again.
      return answerBuilder(request, reply, { confirmDelete: { id: fieldId, label: outcome.label, values: outcome.values } }, 200);
    }
    const notice = outcome.values === 0 ? `Field “${outcome.label}” deleted.` : `Field “${outcome.label}” deleted with its ${outcome.values === 1 ? 'value' : `${outcome.values} values`}.`;
    return answerBuilder(request, reply, { notice }, 200, builderBase(request));
  });

  // ---- one study's extraction ----------------------------------------------------------------

  async function studyModel(
    review: MemberReview,
    recordId: number,
    csrfToken: string,
    extra: { inputs?: Map<number, RawFieldInput>; errors?: FieldErrors; notice?: string } = {},
  ): Promise<StudyExtractionModel> {
    const [fields, studies] = await Promise.all([extractionForm(app.db, review.id), includedStudies(app.db, review.id)]);
    const study = studies.find((s) => s.reports.some((r) => r.id === recordId)) ?? { id: recordId, reports: [{ id: recordId }] };
    const extraction = (await extractionOfIncludedStudies(app.db, review.id, [study], fields)).get(study.id)!;
    const inputs = new Map(fields.map((f) => [f.id, extra.inputs?.has(f.id) ? extra.inputs.get(f.id) : storedAsInput(f, extraction.values.get(f.id)?.json)]));
    const latest = lastUpdate(extraction);
    const name = latest?.by == null ? null : ((await app.db.selectFrom('account').select('name').where('id', '=', latest.by).executeTakeFirst())?.name ?? null);
    return {
      action: `/reviews/${review.slug}/coding/studies/${recordId}/extraction`,
      builderUrl: `/reviews/${review.slug}/coding/form`,
      recordId,
      csrfToken,
      canEditForm: review.role === 'owner',
      fields,
      inputs,
      errors: extra.errors ?? {},
      status: extraction.status,
      filled: extraction.values.size,
      lastSaved: latest && { name, at: latest.at },
      notice: extra.notice,
    };
  }

  async function answerStudy(request: FastifyRequest, reply: FastifyReply, recordId: number, extra: Parameters<typeof studyModel>[3] = {}, status = 200) {
    const review = currentReview(request);
    if (wantsFragment(request)) {
      return sendFragment(reply, <StudyExtractionSection model={await studyModel(review, recordId, reply.generateCsrf(), extra)} />, status);
    }
    const study = (await includedStudies(app.db, review.id)).find((s) => s.reports.some((r) => r.id === recordId));
    if (!study) throw new NotFoundError('This record is not an included study of this review.');
    // A study has one page, at its lead report.
    if (study.id !== recordId) return reply.redirect(studyUrl(request, study.id), 303);
    const ctx = pageContext(request, reply);
    const heading = {
      label: study.label,
      title: study.title,
      codingUrl: `/reviews/${review.slug}/coding/studies/${recordId}`,
      codingHome: `/reviews/${review.slug}/coding`,
    };
    return sendPage(reply, <StudyExtractionPage ctx={ctx} review={nav(review)} study={heading} model={await studyModel(review, recordId, ctx.csrfToken, extra)} />, status);
  }

  async function includedStudyParam(request: FastifyRequest): Promise<number> {
    const recordId = studyParam(request);
    if (!(await isIncludedReport(app.db, currentReview(request).id, recordId))) throw new NotFoundError('This record is not an included study of this review.');
    return recordId;
  }

  const studyUrl = (request: FastifyRequest, recordId: number) => `/reviews/${currentReview(request).slug}/coding/studies/${recordId}/extraction`;
  const studyCtx = builderCtx;

  app.get('/coding/studies/:id/extraction', async (request, reply) => answerStudy(request, reply, await includedStudyParam(request)));

  app.post('/coding/studies/:id/extraction', async (request, reply) => {
    const recordId = await includedStudyParam(request);
    const inputs = readStudyForm(request.body);
    const markComplete = new FormInput(request.body).text('status', { label: 'Status', max: 20 }) === 'complete';
    let outcome;
    try {
      outcome = await saveExtraction(app.db, studyCtx(request), recordId, inputs, { markComplete });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return answerStudy(request, reply, recordId, { inputs, errors: error.fields }, 422);
    }
    const notice = `${outcome.changed === 0 ? 'Saved: nothing had changed.' : `Saved ${outcome.changed === 1 ? '1 change' : `${outcome.changed} changes`}.`}${markComplete ? ' Marked complete.' : ''}`;
    if (wantsFragment(request)) {
      reply.header('HX-Trigger', 'extractionSaved');
      return answerStudy(request, reply, recordId, { notice });
    }
    setFlash(reply, notice);
    return reply.redirect(studyUrl(request, recordId), 303);
  });

  app.post('/coding/studies/:id/extraction/status', async (request, reply) => {
    const recordId = await includedStudyParam(request);
    const status = new FormInput(request.body).text('status', { label: 'Status', max: 20 });
    if (status !== 'complete' && status !== 'in_progress') throw new ValidationError({ status: 'Choose complete or in progress.' });
    const changed = await setExtractionStatus(app.db, studyCtx(request), recordId, status as SettableStatus);
    if (wantsFragment(request)) {
      const model = await studyModel(currentReview(request), recordId, reply.generateCsrf());
      if (changed) reply.header('HX-Trigger', 'extractionSaved');
      return sendFragment(reply, <StatusBar model={model} />);
    }
    setFlash(reply, status === 'complete' ? 'Extraction marked complete.' : 'Extraction marked in progress.');
    return reply.redirect(studyUrl(request, recordId), 303);
  });
}
