import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppraisalOverviewPage } from '../../views/appraisal/appraisal-overview-page.js';
import { AppraisalSettingsPage } from '../../views/appraisal/appraisal-settings-page.js';
import { StudyAppraisalPage, type StudyAppraisalModel } from '../../views/appraisal/study-appraisal-page.js';
import { ValidationError, type FieldErrors } from '../domain-errors.js';
import { sendError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { redirectAfterPost } from '../http/htmx.js';
import { pathId } from '../http/path-params.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { includedStudies, type IncludedStudy } from '../studies/included-studies.js';
import { appraisalAgreement } from './appraisal-agreement.js';
import { appraisalSetting, appraisalsOfStudies, customInstrumentOf, summarise, type StudyAppraisals } from './appraisal-queries.js';
import { answersVisible, studyStatus, type AnswerValue, type AppraisalValue } from './appraisal-rules.js';
import { includedStudyOf, recordConsensus, saveAppraisal, saveAppraisalSetting, saveCustomInstrument, studyAppraisalState, type AppraisalContext } from './appraisal-service.js';
import { customDraft, type CustomInstrumentDraft } from './instruments/custom-instrument.js';
import { BUILT_IN_INSTRUMENTS, instrumentFor } from './instruments/instrument-registry.js';

const MAX_ANSWER_FIELDS = 400;
const EMPTY: AppraisalValue = { category: '', answers: {}, overall: '', note: '' };

const appraisalBase = (request: FastifyRequest) => `/reviews/${currentReview(request).slug}/appraisal`;

function appraisalNav(request: FastifyRequest) {
  const review = currentReview(request);
  return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'appraisal' as const };
}

const appraisalContext = (request: FastifyRequest): AppraisalContext => {
  const review = currentReview(request);
  return { reviewId: review.id, actorId: request.account!.id, isOwner: review.role === 'owner' };
};

/**
 * An appraisal form's fields: `category`, `overall`, `note`, and per question `answer:<id>` and
 * `comment:<id>`. Whether the ids and answers fit the instrument is the rules' to judge.
 */
/** What a question id looks like in every instrument ("1", "S1", "2.3", "q4"); anything else is refused before it becomes a key. */
const QUESTION_ID = /^[A-Za-z0-9._-]{1,40}$/;

function appraisalInput(body: unknown): AppraisalValue {
  const form = new FormInput(body);
  const category = form.text('category', { label: 'Category', max: 40 });
  const overall = form.text('overall', { label: 'Overall judgement', max: 40 });
  const note = form.text('note', { label: 'Note', max: 100_000, trim: false });
  // No prototype: a question id comes from a field name ("answer:__proto__" must stay a plain key).
  const answers: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
  const fields = Object.entries(body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {}).filter(([name]) => name.startsWith('answer:') || name.startsWith('comment:'));
  if (fields.length > MAX_ANSWER_FIELDS) form.fail('answers', 'The form sent more answers than any instrument has: reload the page.');
  for (const [name, value] of fields.slice(0, MAX_ANSWER_FIELDS)) {
    const [kind, id] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)];
    if (!QUESTION_ID.test(id)) {
      form.fail('answers', 'The form sent an answer to a question this checklist does not have: reload the page.');
      continue;
    }
    if (typeof value !== 'string') {
      form.fail(name, `Question ${id} must be answered once.`);
      continue;
    }
    const entry = (answers[id] ??= { answer: '', comment: '' });
    if (kind === 'answer') entry.answer = value;
    else entry.comment = value;
  }
  form.assertValid();
  return { category, answers, overall, note };
}

/** Where two finished appraisals agree, the consensus form starts from their shared answers. */
function agreed(a: AppraisalValue, b: AppraisalValue): AppraisalValue {
  // No prototype: a question id comes from a field name ("answer:__proto__" must stay a plain key).
  const answers: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
  for (const [id, value] of Object.entries(a.answers)) if (value.answer !== '' && b.answers[id]?.answer === value.answer) answers[id] = { answer: value.answer, comment: '' };
  return { category: a.category === b.category ? a.category : '', answers, overall: a.overall === b.overall ? a.overall : '', note: '' };
}

/** The two appraisals agreement is computed from: the first two finished, when both used the same instrument. */
function finishedPair(state: StudyAppraisals) {
  const finished = state.appraisals.filter((a) => a.finished);
  return finished.length >= 2 && finished[0]!.instrument === finished[1]!.instrument ? ([finished[0]!, finished[1]!] as const) : null;
}

/**
 * Quality appraisal, inside /reviews/:slug behind the included-studies gate: the overview, each
 * study's appraisal (any member appraises; with two appraisers each is blind to the other until
 * both finish, then a consensus), and the owners' settings and custom instrument.
 */
export async function appraisalRoutes(app: FastifyInstance) {
  app.get('/appraisal', async (request, reply) => {
    const review = currentReview(request);
    const studies = await includedStudies(app.db, review.id);
    const [setting, custom, states] = await Promise.all([appraisalSetting(app.db, review.id), customInstrumentOf(app.db, review.id), appraisalsOfStudies(app.db, review.id, studies)]);
    const pairs = new Map<string, Array<readonly [Record<string, AnswerValue>, Record<string, AnswerValue>]>>();
    for (const state of states.values()) {
      const pair = finishedPair(state);
      if (!pair) continue;
      const list = pairs.get(pair[0].instrument) ?? [];
      list.push([pair[0].answers, pair[1].answers]);
      pairs.set(pair[0].instrument, list);
    }
    const agreement = [...pairs].flatMap(([key, list]) => {
      const instrument = instrumentFor(key, custom);
      return instrument ? [{ instrumentName: instrument.name, ...appraisalAgreement(instrument.answers, list) }] : [];
    });
    const model = {
      base: appraisalBase(request),
      slug: review.slug,
      isOwner: review.role === 'owner',
      instrumentName: instrumentFor(setting.instrument, custom)?.name ?? 'A custom instrument not yet defined',
      appraisers: setting.appraisers,
      studies: studies.map((study) => {
        const state = states.get(study.id)!;
        const summary = summarise(state, setting, custom);
        return { ...study, status: summary.status, instrumentName: summary.instrumentName, overallLabel: summary.overallLabel, appraisers: state.appraisals.map((a) => ({ name: a.appraiserName, finished: a.finished })) };
      }),
      agreement,
    };
    return sendPage(reply, <AppraisalOverviewPage ctx={pageContext(request, reply)} review={appraisalNav(request)} model={model} />);
  });

  // ---------------------------------------------------------------------------------------------
  // One study

  interface Drafts {
    mine?: AppraisalValue;
    errors?: FieldErrors;
    consensus?: AppraisalValue;
    consensusErrors?: FieldErrors;
  }

  async function sendStudy(request: FastifyRequest, reply: FastifyReply, study: IncludedStudy, drafts: Drafts, status = 200) {
    const review = currentReview(request);
    const viewerId = request.account!.id;
    const { setting, state, instrument } = await studyAppraisalState(app.db, review.id, study);
    const finished = state.appraisals.filter((a) => a.finished).length;
    const mineRow = state.appraisals.find((a) => a.appraiserId === viewerId);
    const others = state.appraisals.filter((a) => a.appraiserId !== viewerId);
    const closed = mineRow
      ? null
      : setting.appraisers === 1 && others.length >= 1
        ? `${others[0]!.appraiserName} appraises this study (the review has one appraiser per study).`
        : others.length >= 2
          ? 'Two people already appraise this study.'
          : null;
    const pair = finishedPair(state);
    const mayDecide = review.role === 'owner' || mineRow !== undefined;
    const model: StudyAppraisalModel = {
      base: appraisalBase(request),
      csrfToken: reply.generateCsrf(),
      study,
      instrument,
      appraisers: setting.appraisers,
      status: studyStatus(setting.appraisers, state.appraisals, state.consensus !== null),
      mine: closed !== null ? null : { value: (mineRow?.finished ? mineRow : (drafts.mine ?? mineRow)) ?? EMPTY, finished: mineRow?.finished ?? false, editable: !(mineRow?.finished ?? false) },
      closed,
      others: others.map((o) => ({ name: o.appraiserName, finished: o.finished, value: answersVisible(setting.appraisers, o.appraiserId, viewerId, finished) ? o : null })),
      consensus:
        pair && (setting.appraisers === 2 || state.consensus)
          ? {
              value: drafts.consensus ?? state.consensus ?? agreed(pair[0], pair[1]),
              recorded: state.consensus ? { by: state.consensus.decidedBy, at: state.consensus.decidedAt } : null,
              editable: mayDecide,
            }
          : null,
      errors: drafts.errors,
      consensusErrors: drafts.consensusErrors,
    };
    return sendPage(reply, <StudyAppraisalPage ctx={pageContext(request, reply)} review={appraisalNav(request)} model={model} />, status);
  }

  /** The study a path's record id is a report of (404 outside the review, 422 when not included). */
  async function studyParam(request: FastifyRequest): Promise<IncludedStudy> {
    const id = pathId(request, 'id', 'There is no such record in this review.');
    return includedStudyOf(app.db, currentReview(request).id, id);
  }

  /** Runs a change; a record that is not an included study is a 422 with the reason, other refusals the page again with them. */
  async function studyChange(request: FastifyRequest, reply: FastifyReply, run: (study: IncludedStudy) => Promise<string>, refused: (errors: FieldErrors) => Drafts) {
    let study: IncludedStudy;
    try {
      study = await studyParam(request);
    } catch (error) {
      if (error instanceof ValidationError && error.fields.study) return sendError(request, reply, { status: 422, title: 'Not an included study', message: error.fields.study });
      throw error;
    }
    let notice: string;
    try {
      notice = await run(study);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendStudy(request, reply, study, refused(error.fields), 422);
    }
    setFlash(reply, notice);
    return redirectAfterPost(request, reply, `${appraisalBase(request)}/studies/${study.id}`);
  }

  app.get('/appraisal/studies/:id', async (request, reply) => {
    let study: IncludedStudy;
    try {
      study = await studyParam(request);
    } catch (error) {
      if (error instanceof ValidationError && error.fields.study) return sendError(request, reply, { status: 404, title: 'Not an included study', message: error.fields.study });
      throw error;
    }
    const id = pathId(request, 'id', 'There is no such record in this review.');
    if (id !== study.id) return reply.redirect(`${appraisalBase(request)}/studies/${study.id}`, 302);
    return sendStudy(request, reply, study, {});
  });

  app.post('/appraisal/studies/:id', async (request, reply) => {
    let value: AppraisalValue = EMPTY;
    return studyChange(
      request,
      reply,
      async (study) => {
        const intent = new FormInput(request.body).text('intent', { label: 'Action', max: 10 }) || 'save';
        if (intent !== 'save' && intent !== 'finish') throw new ValidationError({ intent: 'Choose to save a draft or to finish the appraisal.' });
        value = appraisalInput(request.body);
        const changed = await saveAppraisal(app.db, appraisalContext(request), study.id, value, intent === 'finish');
        if (intent === 'finish') return `Appraisal of ${study.label} finished.`;
        return changed ? 'Draft saved.' : 'Nothing to change in the draft.';
      },
      (errors) => ({ mine: value, errors }),
    );
  });

  app.post('/appraisal/studies/:id/consensus', async (request, reply) => {
    let value: AppraisalValue = EMPTY;
    return studyChange(
      request,
      reply,
      async (study) => {
        value = appraisalInput(request.body);
        const changed = await recordConsensus(app.db, appraisalContext(request), study.id, value);
        return changed ? `Consensus on ${study.label} recorded.` : 'The consensus was already so.';
      },
      (errors) => ({ consensus: value, consensusErrors: errors }),
    );
  });

  // ---------------------------------------------------------------------------------------------
  // Settings (owners)

  async function sendSettings(request: FastifyRequest, reply: FastifyReply, drafts: { setting?: { instrument: string; appraisers: 1 | 2 }; settingErrors?: FieldErrors; custom?: CustomInstrumentDraft; customErrors?: FieldErrors }, status = 200) {
    const review = currentReview(request);
    const [setting, custom] = await Promise.all([appraisalSetting(app.db, review.id), customInstrumentOf(app.db, review.id)]);
    const shown = drafts.setting ?? setting;
    const model = {
      base: appraisalBase(request),
      csrfToken: reply.generateCsrf(),
      instrument: shown.instrument,
      appraisers: shown.appraisers,
      instruments: [...BUILT_IN_INSTRUMENTS.map((i) => ({ key: i.key, name: i.name, source: i.source })), { key: 'custom', name: custom ? `Custom: ${custom.name}` : 'Custom (define it below first)', source: '' }],
      custom: drafts.custom ?? customDraft(custom),
      customDefined: custom !== null,
      settingErrors: drafts.settingErrors,
      customErrors: drafts.customErrors,
    };
    return sendPage(reply, <AppraisalSettingsPage ctx={pageContext(request, reply)} review={appraisalNav(request)} model={model} />, status);
  }

  app.get('/appraisal/settings', { preHandler: requireReviewOwner }, async (request, reply) => sendSettings(request, reply, {}));

  app.post('/appraisal/settings', { preHandler: requireReviewOwner }, async (request, reply) => {
    const form = new FormInput(request.body);
    const instrument = form.text('instrument', { label: 'Instrument', max: 40 });
    const appraisersText = form.text('appraisers', { label: 'Appraisers per study', max: 2 });
    const appraisers = appraisersText === '2' ? 2 : appraisersText === '1' ? 1 : 0;
    try {
      form.assertValid();
      const changed = await saveAppraisalSetting(app.db, appraisalContext(request), instrument, appraisers);
      setFlash(reply, changed ? 'Appraisal settings saved.' : 'The appraisal settings were already so.');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendSettings(request, reply, { settingErrors: error.fields }, 422);
    }
    return redirectAfterPost(request, reply, `${appraisalBase(request)}/settings`);
  });

  app.post('/appraisal/instrument', { preHandler: requireReviewOwner }, async (request, reply) => {
    const form = new FormInput(request.body);
    const draft = {
      name: form.text('name', { label: 'Name', max: 10_000 }),
      questions: form.text('questions', { label: 'Questions', max: 200_000, trim: false }),
      answers: form.text('answers', { label: 'Answers', max: 10_000, trim: false }),
    };
    try {
      form.assertValid();
      const changed = await saveCustomInstrument(app.db, appraisalContext(request), draft);
      setFlash(reply, changed ? 'Custom instrument saved.' : 'The custom instrument was already so.');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendSettings(request, reply, { custom: draft, customErrors: error.fields }, 422);
    }
    return redirectAfterPost(request, reply, `${appraisalBase(request)}/settings`);
  });
}

