import { renderAsync } from '@resvg/resvg-js';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PrismaHiddenPage, PrismaPage, type PrismaModel } from '../../views/prisma/prisma-page.js';
import { ForbiddenError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { boxesAsForm, parseBoxesForm, saveBoxes, type BoxKey } from './prisma-boxes.js';
import { prismaCounts } from './prisma-counts.js';
import { reconciliationChecks } from './prisma-reconcile.js';
import { prismaCsv, type PackageVersion } from './prisma-csv.js';
import { prismaSvg, prismaSvgTree } from './prisma-svg.js';
import { readRankingState } from '../ranker/ranking-state.js';
import { reviewAccess } from '../screening/screening-service.js';
import { readSettings } from '../screening/screening-settings.js';
import { resultsHiddenBecause } from '../screening/visibility.js';

/**
 * The SVG file is served on its own, so it gets a policy of its own: nothing may load or run in
 * it (it needs nothing: presentation attributes only), and opened directly it is sandboxed.
 */
const SVG_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/**
 * PNG rendering needs fonts: the system's are loaded, and the families the SVG names fall back to
 * DejaVu Sans (Debian's fonts-dejavu-core, present wherever Chromium is) when none of them exists.
 */
const PNG_OPTIONS = {
  fitTo: { mode: 'zoom' as const, value: 2 },
  background: '#ffffff',
  font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  logLevel: 'off' as const,
};

/**
 * Registered inside /reviews/:slug (members only). Everyone sees and downloads; owners change the
 * boxes. The diagram counts the screening results, so a member blind screening keeps from them
 * (visibility.ts) gets the reason instead, on the page and for every download.
 */
export async function prismaRoutes(app: FastifyInstance) {
  async function hiddenBecause(request: FastifyRequest): Promise<string | null> {
    const review = currentReview(request);
    const access = await reviewAccess(app.db, review.id, review.role, request.account!.id);
    return resultsHiddenBecause(access, 'title_abstract') ?? resultsHiddenBecause(access, 'full_text');
  }

  /** The counts for a download, refused with the reason where they are hidden. */
  async function downloadCounts(request: FastifyRequest) {
    const hidden = await hiddenBecause(request);
    if (hidden !== null) throw new ForbiddenError(hidden);
    return prismaCounts(app.db, currentReview(request).id);
  }

  async function model(request: FastifyRequest, reply: FastifyReply, typed?: { form: Record<BoxKey, string>; errors: FieldErrors }): Promise<PrismaModel> {
    const review = currentReview(request);
    const [counts, ta] = await Promise.all([prismaCounts(app.db, review.id), readSettings(app.db, review.id, 'title_abstract')]);
    const ranking = ta.recordOrder === 'relevance' ? await readRankingState(app.db, review.id, 'title_abstract') : null;
    return {
      review: { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'prisma' },
      reviewBase: `/reviews/${review.slug}`,
      counts,
      checks: reconciliationChecks(counts),
      diagram: prismaSvgTree(counts, { title: review.title }),
      csrfToken: reply.generateCsrf(),
      form: typed?.form ?? boxesAsForm(counts.boxes),
      errors: typed?.errors,
      prioritised: ranking?.estimate ? { estimate: ranking.estimate, stopped: ta.stoppedAt !== null } : null,
    };
  }

  const download = (reply: FastifyReply, type: string, fileName: string) =>
    reply.type(type).header('Content-Disposition', contentDisposition(fileName)).header('Cache-Control', 'private, no-store');

  async function svgOf(request: FastifyRequest): Promise<string> {
    const review = currentReview(request);
    return prismaSvg(await downloadCounts(request), { title: review.title });
  }

  app.get('/prisma', async (request, reply) => {
    const hidden = await hiddenBecause(request);
    if (hidden !== null) {
      const review = currentReview(request);
      const nav = { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'prisma' as const };
      return sendPage(reply, <PrismaHiddenPage ctx={pageContext(request, reply)} review={nav} reason={hidden} />);
    }
    return sendPage(reply, <PrismaPage ctx={pageContext(request, reply)} model={await model(request, reply)} />);
  });

  app.get('/prisma.svg', async (request, reply) => {
    const svg = await svgOf(request);
    return download(reply, 'image/svg+xml; charset=utf-8', `${currentReview(request).slug}-prisma.svg`).header('Content-Security-Policy', SVG_POLICY).send(svg);
  });

  app.get('/prisma.png', async (request, reply) => {
    const png = (await renderAsync(await svgOf(request), PNG_OPTIONS)).asPng();
    return download(reply, 'image/png', `${currentReview(request).slug}-prisma.png`).send(png);
  });

  /** The PRISMA2020 package's CSV: the current release's by default, 1.1.1's apart (prisma-csv.ts says why). */
  async function sendCsv(request: FastifyRequest, reply: FastifyReply, version: PackageVersion, fileName: string) {
    const csv = prismaCsv(await downloadCounts(request), version);
    return download(reply, 'text/csv; charset=utf-8', `${currentReview(request).slug}-${fileName}`).send(csv);
  }

  app.get('/prisma.csv', (request, reply) => sendCsv(request, reply, '1.1.4', 'prisma.csv'));
  app.get('/prisma-1.1.1.csv', (request, reply) => sendCsv(request, reply, '1.1.1', 'prisma-1.1.1.csv'));

  app.post('/prisma/boxes', { preHandler: requireReviewOwner }, async (request, reply) => {
    const review = currentReview(request);
    const { values, boxes, errors } = parseBoxesForm(request.body);
    let changed = 0;
    try {
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      changed = await saveBoxes(app.db, { reviewId: review.id, actorId: request.account!.id }, boxes);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <PrismaPage ctx={pageContext(request, reply)} model={await model(request, reply, { form: values, errors: error.fields })} />, 422);
    }
    setFlash(reply, changed === 0 ? 'Nothing changed in the boxes.' : `PRISMA boxes saved (${changed} changed).`);
    return reply.redirect(`/reviews/${review.slug}/prisma`, 303);
  });
}
