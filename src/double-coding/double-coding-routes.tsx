import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConsensusPage, type ConsensusModel } from '../../views/double-coding/consensus-page.js';
import type { PassPanelModel } from '../../views/double-coding/pass-panel.js';
import { StudyCodesRegion, StudyCodingPage } from '../../views/coding/study-coding-page.js';
import { ExcerptsRegion } from '../../views/coding/study-excerpts.js';
import { codebookTree } from '../coding/coding-queries.js';
import { codingBase, codingContext, codingNav, idParam } from '../coding/coding-route-parts.js';
import { excerptInput, studyModel, studyOf, type StudyState } from '../coding/coding-routes.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { DOCUMENT_TYPES, download } from '../http/download.js';
import { sendError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { redirectAfterPost, wantsFragment } from '../http/htmx.js';
import { positiveInt } from '../http/query-values.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { csvCell } from '../exports/formats/csv.js';
import { includedStudies } from '../studies/included-studies.js';
import { completeConsensus, consensusStudy, takePassExcerpt, type ConsensusContext } from './consensus-service.js';
import { agreementGroups, studiesCodedTwice } from './agreement-input.js';
import { coderAgreement } from './coder-agreement.js';
import { bothFinished, codingMode, passesOfStudy, type CodingPass } from './pass-queries.js';
import { addPassExcerpt, deletePassExcerpt, editPassExcerpt, finishPass, removePass, setCodingMode, setPassCode } from './pass-service.js';

type PassPart = 'codes' | 'excerpts' | 'pass';

const consensusContext = (request: FastifyRequest): ConsensusContext => ({ ...codingContext(request), isOwner: currentReview(request).role === 'owner' });

/**
 * Independent double coding, inside /reviews/:slug/coding: the owner's choice of mode, a coder's own
 * pass over a study (the coding page's forms, posting under /pass), finishing it, the consensus
 * once both passes are finished, and the coder agreement download. Refusals answer 422 (409 when
 * the study is not in the state asked for) and write nothing.
 */
export async function doubleCodingRoutes(app: FastifyInstance) {
  app.post('/coding/mode', { preHandler: requireReviewOwner }, async (request, reply) => {
    const form = new FormInput(request.body);
    const mode = form.text('mode', { label: 'Coding mode', max: 20 });
    try {
      if (mode !== 'shared' && mode !== 'double') throw new ValidationError({ mode: 'Choose shared coding or independent double coding.' });
      form.assertValid();
      const changed = await setCodingMode(app.db, codingContext(request), mode);
      setFlash(reply, !changed ? 'The coding mode was already so.' : mode === 'double' ? 'Studies are now coded by two coders independently, then by consensus.' : 'Studies are now coded by everyone together.');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendError(request, reply, { status: 422, title: 'Coding mode not changed', message: Object.values(error.fields).join(' ') });
    }
    return redirectAfterPost(request, reply, `${codingBase(request)}#double-coding`);
  });

  // ---------------------------------------------------------------------------------------------
  // A coder's own pass

  /** The study's passes, refusing a study of a review that codes in shared mode. */
  async function passesOf(request: FastifyRequest, recordId: number): Promise<{ studyId: number; passes: CodingPass[] }> {
    const review = currentReview(request);
    const { studies, index } = await studyOf(request, recordId);
    if ((await codingMode(app.db, review.id)) !== 'double') throw new NotFoundError('This review codes in shared mode: studies have no passes.');
    return { studyId: studies[index]!.id, passes: await passesOfStudy(app.db, review.id, studies[index]!) };
  }

  async function sendPass(request: FastifyRequest, reply: FastifyReply, recordId: number, part: PassPart, { pass: passState, ...state }: StudyState & { pass?: { notice?: string; error?: string } }, status = 200) {
    const review = currentReview(request);
    const me = request.account!.id;
    const { studyId, passes } = await passesOf(request, recordId);
    const mine = passes.find((p) => p.coderId === me);
    const finished = bothFinished(passes.map((p) => p.finishedAt !== null));
    const studyBase = `${codingBase(request)}/studies/${studyId}`;
    const panel: PassPanelModel = {
      state: mine ? (mine.finishedAt ? 'finished' : 'open') : passes.length >= 2 ? 'full' : 'new',
      finishAction: `${studyBase}/pass/finish`,
      consensusHref: finished ? `${studyBase}/consensus` : null,
      coders: passes.map((p) => ({
        coderId: p.coderId,
        name: p.coderName,
        finished: p.finishedAt !== null,
        mine: p.coderId === me,
        removeAction: review.role === 'owner' && p.finishedAt === null ? `${studyBase}/passes/${p.coderId}/remove` : null,
      })),
      ...passState,
    };
    // Only the viewer's own pass is ever read into the page: never the other coder's.
    const empty = { recordId: studyId, codeIds: [], excerpts: [], memo: '', memoUpdatedByName: null, memoUpdatedAt: null, reportMemos: [] };
    const model = await studyModel(request, reply, studyId, state, { studyBase: `${studyBase}/pass`, coding: mine?.coding ?? empty, pass: panel });
    if (wantsFragment(request) && part !== 'pass') {
      const Region = part === 'codes' ? StudyCodesRegion : ExcerptsRegion;
      return sendFragment(reply, <Region model={model} />, status);
    }
    return sendPage(reply, <StudyCodingPage ctx={pageContext(request, reply)} review={codingNav(request)} model={model} />, status);
  }

  const ANCHORS = { codes: 'study-codes', excerpts: 'excerpts', pass: 'coding-pass' } as const;

  /** Runs a change on the viewer's pass: the region (htmx) or back to the page; refusals show the page or region with the reason. */
  async function passChange(request: FastifyRequest, reply: FastifyReply, part: PassPart, run: (recordId: number) => Promise<string>, refused: (errors: FieldErrors) => StudyState) {
    const recordId = idParam(request, 'id', 'record');
    let notice: string;
    try {
      notice = await run(recordId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (error.fields.mode) return sendError(request, reply, { status: 409, title: 'Not double coded', message: error.fields.mode });
      if (error.fields.pass) return sendPass(request, reply, recordId, 'pass', { pass: { error: error.fields.pass } }, 409);
      return sendPass(request, reply, recordId, part, refused(error.fields), 422);
    }
    if (wantsFragment(request) && part !== 'pass') return sendPass(request, reply, recordId, part, { [part]: { notice } });
    setFlash(reply, notice);
    return redirectAfterPost(request, reply, `${codingBase(request)}/studies/${recordId}/pass#${ANCHORS[part]}`);
  }

  app.get('/coding/studies/:id/pass', async (request, reply) => {
    const recordId = idParam(request, 'id', 'record');
    const { studies, index } = await studyOf(request, recordId);
    if (studies[index]!.id !== recordId) return reply.redirect(`${codingBase(request)}/studies/${studies[index]!.id}/pass`, 303);
    return sendPass(request, reply, recordId, 'pass', {});
  });

  app.post('/coding/studies/:id/pass/codes', async (request, reply) => {
    const form = new FormInput(request.body);
    const applyText = form.text('apply', { label: 'Code', max: 20 });
    const removeText = form.text('remove', { label: 'Code', max: 20 });
    const applied = applyText !== '';
    const codeId = positiveInt(applied ? applyText : removeText);
    return passChange(request, reply, 'codes', async (recordId) => {
      if ((applyText === '') === (removeText === '') || codeId === null) throw new ValidationError({ code: 'Choose one code to apply or remove.' });
      form.assertValid();
      const changed = await setPassCode(app.db, codingContext(request), recordId, codeId, applied);
      if (!changed) return applied ? 'The code was already applied in your pass.' : 'The code was not applied in your pass.';
      return applied ? 'Applied in your pass.' : 'Removed from your pass.';
    }, (errors) => ({ codes: { error: Object.values(errors).join(' ') } }));
  });

  app.post('/coding/studies/:id/pass/excerpts', async (request, reply) => {
    const { form, draft } = excerptInput(request);
    return passChange(request, reply, 'excerpts', async (recordId) => {
      form.assertValid();
      await createOnce(request, (trx) => addPassExcerpt(trx, codingContext(request), recordId, draft));
      return 'Excerpt added to your pass.';
    }, (errors) => ({ excerpts: { draft, errors } }));
  });

  app.post('/coding/studies/:id/pass/excerpts/:excerptId', async (request, reply) => {
    const excerptId = idParam(request, 'excerptId', 'excerpt');
    const { form, draft } = excerptInput(request);
    return passChange(request, reply, 'excerpts', async (recordId) => {
      form.assertValid();
      await editPassExcerpt(app.db, codingContext(request), recordId, excerptId, draft);
      return 'Excerpt saved in your pass.';
    }, (errors) => ({ excerpts: { editing: { id: excerptId, draft, errors } } }));
  });

  app.post('/coding/studies/:id/pass/excerpts/:excerptId/delete', async (request, reply) => {
    const excerptId = idParam(request, 'excerptId', 'excerpt');
    return passChange(request, reply, 'excerpts', async (recordId) => {
      await deletePassExcerpt(app.db, codingContext(request), recordId, excerptId);
      return 'Excerpt deleted from your pass.';
    }, (errors) => ({ excerpts: { errors } }));
  });

  app.post('/coding/studies/:id/pass/finish', async (request, reply) =>
    passChange(request, reply, 'pass', async (recordId) => {
      await finishPass(app.db, codingContext(request), recordId);
      return 'You have finished your pass over this study.';
    }, (errors) => ({ pass: { error: Object.values(errors).join(' ') } }) as StudyState));

  app.post('/coding/studies/:id/passes/:coderId/remove', { preHandler: requireReviewOwner }, async (request, reply) => {
    const coderId = idParam(request, 'coderId', 'coder');
    return passChange(request, reply, 'pass', async (recordId) => {
      const name = await removePass(app.db, codingContext(request), recordId, coderId);
      return `Removed ${name}’s unfinished pass: the place is free.`;
    }, (errors) => ({ pass: { error: Object.values(errors).join(' ') } }) as StudyState);
  });

  // ---------------------------------------------------------------------------------------------
  // Consensus

  /** The consensus page; 409 with the reason while both passes are not finished. */
  async function sendConsensus(request: FastifyRequest, reply: FastifyReply, recordId: number, state: { notice?: string; error?: string }, status = 200) {
    try {
      await consensusStudy(app.db, consensusContext(request), recordId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendError(request, reply, { status: 409, title: 'No consensus yet', message: Object.values(error.fields).join(' ') });
    }
    const { studyId, passes } = await passesOf(request, recordId);
    const agreed = await studyModel(request, reply, studyId, {});
    const base = codingBase(request);
    const consensus = await app.db.selectFrom('codingConsensus as c').leftJoin('account as a', 'a.id', 'c.completedBy').select(['a.name', 'c.completedAt']).where('c.recordId', 'in', agreed.reports.reports.map((r) => r.id)).executeTakeFirst();
    const model: ConsensusModel = {
      base,
      studyBase: `${base}/studies/${studyId}`,
      coloursHref: agreed.coloursHref,
      csrfToken: agreed.csrfToken,
      study: agreed.study,
      codesById: agreed.codesById,
      passes,
      agreed: agreed.coding,
      completed: consensus ? { by: consensus.name, at: consensus.completedAt } : null,
      ...state,
    };
    return sendPage(reply, <ConsensusPage ctx={pageContext(request, reply)} review={codingNav(request)} model={model} />, status);
  }

  app.get('/coding/studies/:id/consensus', async (request, reply) => {
    const recordId = idParam(request, 'id', 'record');
    const { studies, index } = await studyOf(request, recordId);
    if (studies[index]!.id !== recordId) return reply.redirect(`${codingBase(request)}/studies/${studies[index]!.id}/consensus`, 303);
    return sendConsensus(request, reply, recordId, {});
  });

  async function consensusChange(request: FastifyRequest, reply: FastifyReply, run: (recordId: number) => Promise<string>) {
    const recordId = idParam(request, 'id', 'record');
    let notice: string;
    try {
      notice = await run(recordId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (error.fields.consensus || error.fields.mode) return sendError(request, reply, { status: 409, title: 'Consensus refused', message: Object.values(error.fields).join(' ') });
      return sendConsensus(request, reply, recordId, { error: Object.values(error.fields).join(' ') }, 422);
    }
    setFlash(reply, notice);
    return redirectAfterPost(request, reply, `${codingBase(request)}/studies/${recordId}/consensus`);
  }

  app.post('/coding/studies/:id/consensus/take', async (request, reply) => {
    const form = new FormInput(request.body);
    const passExcerptId = positiveInt(form.text('passExcerpt', { label: 'Excerpt', max: 20 }));
    return consensusChange(request, reply, async (recordId) => {
      if (passExcerptId === null) throw new NotFoundError('There is no such excerpt in the passes over this study.');
      form.assertValid();
      await takePassExcerpt(app.db, consensusContext(request), recordId, passExcerptId);
      return 'Excerpt taken into the agreed coding.';
    });
  });

  app.post('/coding/studies/:id/consensus/complete', async (request, reply) =>
    consensusChange(request, reply, async (recordId) => {
      await completeConsensus(app.db, consensusContext(request), recordId);
      return 'Consensus complete: the agreed coding is the study’s coding.';
    }));

  // ---------------------------------------------------------------------------------------------
  // Coder agreement

  app.get('/coding/agreement.csv', async (request, reply) => {
    const review = currentReview(request);
    const [studies, tree] = await Promise.all([includedStudies(app.db, review.id), codebookTree(app.db, review.id)]);
    const rows = coderAgreement(agreementGroups(tree), await studiesCodedTwice(app.db, review.id, studies));
    const number = (value: number | null | undefined) => (value === null || value === undefined ? '' : value.toFixed(4));
    const lines = [
      ['Code group', 'Units (studies × codes)', 'Both applied', 'First coder only', 'Second coder only', 'Neither', 'Percent agreement', 'Cohen kappa', 'Kappa 95% low', 'Kappa 95% high', 'PABAK', 'Krippendorff alpha'].map(csvCell).join(','),
      ...rows.map((r) => [csvCell(r.name), r.units, r.table[0][0], r.table[0][1], r.table[1][0], r.table[1][1], number(r.percentAgreement), number(r.kappa.kappa), number(r.kappa.ci95?.low), number(r.kappa.ci95?.high), number(r.pabak), number(r.alpha.alpha)].join(',')),
    ];
    return download(reply, `${review.slug}-coder-agreement.csv`, DOCUMENT_TYPES.csv, lines.join('\r\n') + '\r\n');
  });
}
