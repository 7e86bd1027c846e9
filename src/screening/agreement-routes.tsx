import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AgreementPage, type AgreementModel, type StageAgreement } from '../../views/screening/agreement-page.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { firstValue } from '../http/query-values.js';
import { agreementCsv, type MaybeCounting } from './agreement.js';
import { agreementPairs, stageReliability } from './agreement-queries.js';
import { reviewAccess } from './screening-service.js';
import { stageLabel, STAGES } from './stages.js';
import { resultsHiddenBecause } from './visibility.js';

/** `?maybe=include` merges maybe into include; anything else (absent, misspelt) keeps it a category of its own. */
function maybeCounting(request: FastifyRequest): MaybeCounting {
  return firstValue((request.query as Record<string, unknown>).maybe) === 'include' ? 'include' : 'category';
}

/** Lets Excel read the file as UTF-8, so accented names survive a double-click. */
const UTF8_BOM = '\uFEFF';

/**
 * Registered inside the /reviews/:slug scope (non-members already got a 404). Agreement is a stage's
 * result (visibility.ts): any member sees it where the stage is not blind; while it is blind, only
 * those who may resolve its conflicts (owners, its arbiter) do, on the page and in the CSV alike, and
 * full text's only where title and abstract's results show too.
 */
export async function agreementRoutes(app: FastifyInstance) {
  async function stages(request: FastifyRequest, maybe: MaybeCounting): Promise<StageAgreement[]> {
    const review = currentReview(request);
    const access = await reviewAccess(app.db, review.id, review.role, request.account!.id);
    const result: StageAgreement[] = [];
    for (const stage of STAGES) {
      const { blind } = access[stage];
      const hidden = resultsHiddenBecause(access, stage);
      const options = { settledOnly: blind, maybe };
      result.push({
        stage,
        label: stageLabel(stage),
        blind,
        hidden,
        pairs: hidden === null ? await agreementPairs(app.db, review.id, stage, options) : [],
        reliability: hidden === null ? await stageReliability(app.db, review.id, stage, options) : null,
      });
    }
    return result;
  }

  app.get('/screening/agreement', async (request, reply) => {
    const review = currentReview(request);
    const maybe = maybeCounting(request);
    const base = `/reviews/${review.slug}/screening/agreement`;
    const model: AgreementModel = {
      review: { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'screening' },
      maybe,
      pageHrefs: { category: base, include: `${base}?maybe=include` },
      csvHref: `${base}.csv${maybe === 'include' ? '?maybe=include' : ''}`,
      stages: await stages(request, maybe),
    };
    return sendPage(reply, <AgreementPage ctx={pageContext(request, reply)} model={model} />);
  });

  app.get('/screening/agreement.csv', async (request, reply) => {
    const review = currentReview(request);
    const rows = (await stages(request, maybeCounting(request))).flatMap((s) =>
      s.pairs.map((pair) => ({
        stage: s.stage,
        reviewerA: pair.reviewerA.name,
        reviewerB: pair.reviewerB.name,
        table: pair.table,
        stageReviewers: s.reliability?.reviewers ?? 0,
        stageAlpha: s.reliability?.alpha ?? null,
      })),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', contentDisposition(`${review.slug}-agreement.csv`))
      .header('Cache-Control', 'private, no-store')
      .send(UTF8_BOM + agreementCsv(rows));
  });
}
