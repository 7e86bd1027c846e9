import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FindingFormPage, emptyDraft, type FindingDraft, type FindingFormModel } from '../../views/findings/finding-form-page.js';
import { FindingsPage } from '../../views/findings/findings-page.js';
import { codebookTree, flattenCodebook, type CodeNode } from '../coding/coding-queries.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { pathId } from '../http/path-params.js';
import { positiveInt } from '../http/query-values.js';
import { download, DOCUMENT_TYPES } from '../http/download.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { includedStudies, type IncludedStudy } from '../studies/included-studies.js';
import { COMPONENTS, type AssessmentDraft } from './cerqual.js';
import { evidenceProfileRows, reviewFindings, type ReviewFinding } from './findings-queries.js';
import { addFinding, deleteFinding, editFinding, moveFinding, type FindingInput } from './findings-service.js';
import { soqfDocx } from './soqf-docx.js';
import { soqfXlsx } from './soqf-xlsx.js';


/** Typed text is judged by the service (its messages name the limits); this bounds what is read at all. */
const READ_MAX = 1_000_000;

/** Ids sent by repeated checkboxes; anything that is not a positive whole number is a problem. */
function idList(form: FormInput, body: unknown, name: string, message: string): number[] {
  const raw = (body as Record<string, unknown> | undefined)?.[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const ids = values.map((value) => (typeof value === 'string' ? positiveInt(value) : null));
  if (ids.some((id) => id === null)) form.fail(name, message);
  return [...new Set(ids.filter((id): id is number => id !== null))];
}

/** The finding form as sent: the draft to show again and the input for the service. */
function readFindingForm(request: FastifyRequest): { form: FormInput; draft: FindingDraft; input: FindingInput } {
  const form = new FormInput(request.body);
  const text = (name: string, label: string) => form.text(name, { label, max: READ_MAX, trim: false });
  const statement = text('statement', 'Finding');
  const codeId = form.text('codeId', { label: 'Theme', max: 20 });
  const theme = codeId === '' ? null : positiveInt(codeId);
  if (codeId !== '' && theme === null) form.fail('codeId', 'Choose a theme from this review’s codebook.');
  const studyIds = idList(form, request.body, 'studyIds', 'Choose contributing studies among the included studies.');
  const excerptIds = idList(form, request.body, 'excerptIds', 'Choose supporting excerpts from the list.');
  const components = Object.fromEntries(
    COMPONENTS.map((c) => [c, { concern: form.text(`${c}Concern`, { label: 'Level of concern', max: 20 }), explanation: text(`${c}Explanation`, 'Explanation') }]),
  ) as AssessmentDraft['components'];
  const assessment: AssessmentDraft = { components, confidence: form.text('confidence', { label: 'Confidence', max: 20 }), explanation: text('confidenceExplanation', 'Explanation') };
  const draft: FindingDraft = { statement, codeId, studyIds, excerptIds, assessment };
  return { form, draft, input: { statement, codeId: theme, studyIds, excerptIds, assessment } };
}

function draftOf(finding: ReviewFinding): FindingDraft {
  const { components, confidence, explanation } = finding.assessment;
  return {
    statement: finding.statement,
    codeId: finding.theme === null ? '' : String(finding.theme.id),
    studyIds: finding.studyIds,
    excerptIds: finding.excerptIds,
    assessment: {
      components: Object.fromEntries(COMPONENTS.map((c) => [c, { concern: components[c].concern ?? '', explanation: components[c].explanation }])) as AssessmentDraft['components'],
      confidence: confidence ?? '',
      explanation,
    },
  };
}

/** The code and every code under it. */
function subtree(tree: readonly CodeNode[], id: number): Set<number> {
  const node = flattenCodebook(tree).find((c) => c.id === id);
  return new Set(node ? flattenCodebook([node]).map((c) => c.id) : []);
}

/**
 * Review findings and their GRADE-CERQual assessment, inside /reviews/:slug behind the included
 * studies' gate: any member reads and writes them (as coding), the owner too. Plain forms, each
 * change redirecting to the table; a refused form comes back with its problems (422).
 */
export async function findingsRoutes(app: FastifyInstance) {
  const base = (request: FastifyRequest) => `/reviews/${currentReview(request).slug}/findings`;
  const ctxOf = (request: FastifyRequest) => ({ reviewId: currentReview(request).id, actorId: request.account!.id });
  const nav = (request: FastifyRequest) => {
    const review = currentReview(request);
    return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'findings' as const };
  };
  const findingId = (request: FastifyRequest) => pathId(request, 'id', 'There is no such finding in this review.');

  /** Excerpts the form offers: those of the chosen studies carrying the theme, plus any already chosen. */
  async function excerptOptions(reviewId: number, draft: FindingDraft, studies: readonly IncludedStudy[], tree: readonly CodeNode[]): Promise<FindingFormModel['excerpts']> {
    const chosen = studies.filter((s) => draft.studyIds.includes(s.id));
    const labelOf = new Map(chosen.flatMap((s) => s.reports.map((r) => [r.id, s.label] as const)));
    if (labelOf.size === 0) return [];
    const theme = positiveInt(draft.codeId);
    const codes = theme === null ? null : [...subtree(tree, theme)];
    let query = app.db.selectFrom('excerpt as e').select(['e.id', 'e.recordId', 'e.location', 'e.text']).where('e.reviewId', '=', reviewId).where('e.recordId', 'in', [...labelOf.keys()]);
    if (codes !== null) {
      query = query.where((eb) =>
        eb.or([
          eb.exists(eb.selectFrom('excerptCode as ec').select('ec.excerptId').whereRef('ec.excerptId', '=', 'e.id').where('ec.codeId', 'in', codes.length > 0 ? codes : [-1])),
          ...(draft.excerptIds.length > 0 ? [eb('e.id', 'in', draft.excerptIds)] : []),
        ]),
      );
    }
    const rows = await query.orderBy('e.recordId').orderBy('e.id').execute();
    return rows.map((r) => ({ id: r.id, label: labelOf.get(r.recordId)!, location: r.location, text: r.text }));
  }

  async function sendForm(request: FastifyRequest, reply: FastifyReply, options: { draft: FindingDraft; number: number | null; id: number | null; errors?: FieldErrors }, status = 200) {
    const review = currentReview(request);
    const [studies, tree] = await Promise.all([includedStudies(app.db, review.id), codebookTree(app.db, review.id)]);
    const action = options.id === null ? base(request) : `${base(request)}/${options.id}`;
    const model: FindingFormModel = {
      base: base(request),
      action,
      number: options.number,
      csrfToken: reply.generateCsrf(),
      creating: options.id === null ? creatingForm(request, action) : undefined,
      draft: options.draft,
      errors: options.errors,
      themes: flattenCodebook(tree).map((c) => ({ id: c.id, path: c.path, depth: c.depth })),
      studies: studies.map((s) => ({ id: s.id, label: s.label, title: s.title })),
      excerpts: await excerptOptions(review.id, options.draft, studies, tree),
    };
    return sendPage(reply, <FindingFormPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />, status);
  }

  async function findingOf(request: FastifyRequest, id: number): Promise<ReviewFinding> {
    const review = currentReview(request);
    const finding = (await reviewFindings(app.db, review.id, await includedStudies(app.db, review.id))).find((f) => f.id === id);
    if (!finding) throw new NotFoundError('There is no such finding in this review (it may have been deleted).');
    return finding;
  }

  app.get('/findings', async (request, reply) => {
    const review = currentReview(request);
    const studies = await includedStudies(app.db, review.id);
    const findings = await reviewFindings(app.db, review.id, studies);
    const model = { base: base(request), csrfToken: reply.generateCsrf(), findings, labels: new Map(studies.map((s) => [s.id, s.label])), studies: studies.length };
    return sendPage(reply, <FindingsPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />);
  });

  app.get('/findings/soqf.:format', async (request, reply) => {
    const format = (request.params as { format: string }).format;
    if (format !== 'docx' && format !== 'xlsx') throw new NotFoundError('The Summary of Qualitative Findings downloads as docx or xlsx.');
    const review = currentReview(request);
    const studies = await includedStudies(app.db, review.id);
    const findings = await reviewFindings(app.db, review.id, studies);
    const rows = evidenceProfileRows(findings, studies);
    const title = `Summary of qualitative findings: ${review.title}`;
    const body = format === 'docx' ? await soqfDocx(rows, { title }) : await soqfXlsx(title, rows, findings);
    return download(reply, `${review.slug}-summary-of-findings.${format}`, DOCUMENT_TYPES[format], body);
  });

  app.get('/findings/new', async (request, reply) => sendForm(request, reply, { draft: emptyDraft(), number: null, id: null }));

  app.post('/findings', async (request, reply) => {
    const { form, draft, input } = readFindingForm(request);
    let id: number;
    try {
      form.assertValid();
      id = await createOnce(request, (trx) => addFinding(trx, ctxOf(request), input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendForm(request, reply, { draft, number: null, id: null, errors: error.fields }, 422);
    }
    setFlash(reply, 'Finding added.');
    return reply.redirect(`${base(request)}#finding-${id}`, 303);
  });

  app.get('/findings/:id', async (request, reply) => {
    const finding = await findingOf(request, findingId(request));
    return sendForm(request, reply, { draft: draftOf(finding), number: finding.number, id: finding.id });
  });

  app.post('/findings/:id', async (request, reply) => {
    const id = findingId(request);
    const { form, draft, input } = readFindingForm(request);
    let changed: boolean;
    try {
      form.assertValid();
      changed = await editFinding(app.db, ctxOf(request), id, input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const finding = await findingOf(request, id);
      return sendForm(request, reply, { draft, number: finding.number, id, errors: error.fields }, 422);
    }
    setFlash(reply, changed ? 'Finding saved.' : 'Nothing to change in the finding.');
    return reply.redirect(`${base(request)}#finding-${id}`, 303);
  });

  app.post('/findings/:id/move', async (request, reply) => {
    const id = findingId(request);
    const form = new FormInput(request.body);
    const direction = form.oneOf('direction', ['up', 'down'] as const, 'Direction');
    form.assertValid();
    const moved = await moveFinding(app.db, ctxOf(request), id, direction);
    setFlash(reply, moved ? `Finding moved ${direction}.` : `The finding is already at the ${direction === 'up' ? 'top' : 'bottom'}.`);
    return reply.redirect(`${base(request)}#finding-${id}`, 303);
  });

  app.post('/findings/:id/delete', async (request, reply) => {
    await deleteFinding(app.db, ctxOf(request), findingId(request));
    setFlash(reply, 'Finding deleted. The review’s history keeps its text and assessment.');
    return reply.redirect(base(request), 303);
  });
}
