import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AgreementPage, type AgreementModel, type StageAgreement } from '../../views/screening/agreement-page.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { agreementCsv } from './agreement.js';
import { agreementPairs } from './agreement-queries.js';
import { mayResolve } from './screening-service.js';
import { readSettings } from './screening-settings.js';
import { stageLabel, STAGES } from './stages.js';

/** Lets Excel read the file as UTF-8, so accented names survive a double-click. */
const UTF8_BOM = '\uFEFF';

/**
 * Registered inside the /reviews/:slug scope (non-members already got a 404). Any member sees the
 * agreement of a stage that is not blind; while a stage is blind, only those who may resolve its
 * conflicts (owners, its arbiter) do, on the page and in the CSV alike.
 */
export async function agreementRoutes(app: FastifyInstance) {
  async function stages(request: FastifyRequest): Promise<StageAgreement[]> {
    const review = currentReview(request);
    const ctx = { reviewId: review.id, actorId: request.account!.id };
    const result: StageAgreement[] = [];
    for (const stage of STAGES) {
      const blind = (await readSettings(app.db, review.id, stage)).blind === 1;
      const shown = !blind || (await mayResolve(app.db, ctx, stage));
      result.push({
        stage,
        label: stageLabel(stage),
        blind,
        shown,
        pairs: shown ? await agreementPairs(app.db, review.id, stage, { settledOnly: blind }) : [],
      });
    }
    return result;
  }

  app.get('/screening/agreement', async (request, reply) => {
    const review = currentReview(request);
    const model: AgreementModel = {
      review: { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'screening' },
      csvHref: `/reviews/${review.slug}/screening/agreement.csv`,
      stages: await stages(request),
    };
    return sendPage(reply, <AgreementPage ctx={pageContext(request, reply)} model={model} />);
  });

  app.get('/screening/agreement.csv', async (request, reply) => {
    const review = currentReview(request);
    const rows = (await stages(request)).flatMap((s) =>
      s.pairs.map((pair) => ({ stage: s.stage, reviewerA: pair.reviewerA.name, reviewerB: pair.reviewerB.name, table: pair.table })),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', contentDisposition(`${review.slug}-agreement.csv`))
      .header('Cache-Control', 'private, no-store')
      .send(UTF8_BOM + agreementCsv(rows));
  });
}
