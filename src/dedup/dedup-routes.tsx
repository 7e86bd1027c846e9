import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DuplicatesPage, DuplicatesRegion, type DuplicatesModel } from '../../views/dedup/duplicates-page.js';
import { ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import { readCounters } from '../reviews/stage-counters.js';
import { confirmPairsAtLeast } from './bulk-confirm.js';
import { listMergeGroups, listMultiReportStudies, pendingPairAt, pendingPairIdsAtLeast } from './dedup-queries.js';
import { changePrimary, decidePair, undoMerge, type PairDecision } from './dedup-service.js';
import { separateReport } from '../studies/report-grouping.js';
import { latestCheck, requestDuplicateCheck } from './duplicate-checks.js';
import { pathId } from '../http/path-params.js';

const DECISIONS: readonly PairDecision[] = ['same', 'different', 'versions'];
const DEFAULT_MIN_PERCENT = 90;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A non-negative integer from a query or form value; `fallback` when absent or malformed. */
function whole(value: unknown, fallback: number): number {
  const n = Number(value);
  return typeof value === 'string' && value !== '' && Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

/** The bulk-confirm threshold, given in percent (50–100) so the form reads like the scores shown. */
const minPercent = (value: unknown) => Math.min(100, Math.max(50, whole(value, DEFAULT_MIN_PERCENT)));

const idParam = (request: FastifyRequest, label: string) => pathId(request, 'id', `There is no such ${label} in this review.`);

/** Registered inside the /reviews/:slug scope: any member may decide, non-members already got a 404. */
export async function dedupRoutes(app: FastifyInstance) {
  const ctx = (request: FastifyRequest) => ({ reviewId: currentReview(request).id, actorId: request.account!.id });

  async function model(request: FastifyRequest, reply: FastifyReply, view: { at?: number; minPercent?: number; notice?: string; undo?: number; error?: string }): Promise<DuplicatesModel> {
    const review = currentReview(request);
    const counters = await readCounters(app.db, review.id);
    const pending = counters.duplicates_pending;
    const at = view.at !== undefined && view.at < pending ? view.at : 0;
    const minScore = (view.minPercent ?? DEFAULT_MIN_PERCENT) / 100;
    return {
      review: { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'duplicates' },
      base: `/reviews/${review.slug}/duplicates`,
      csrfToken: reply.generateCsrf(),
      marked: counters.duplicates_marked,
      pending,
      at,
      pair: pending > 0 ? await pendingPairAt(app.db, review.id, at) : null,
      bulk: { minScore, count: pending > 0 ? (await pendingPairIdsAtLeast(app.db, review.id, minScore)).length : 0 },
      merges: await listMergeGroups(app.db, review.id),
      studies: await listMultiReportStudies(app.db, review.id),
      check: (await latestCheck(app.db, review.id)) ?? null,
      notice: view.notice,
      undo: view.undo,
      error: view.error,
    };
  }

  /**
   * Runs a change and answers it: htmx gets the swapped region (with the message), a plain form a
   * 303 back to the page with a flash. A rule the change breaks is shown calmly in place, as 422.
   * A change that merged records names the merge, so htmx's answer offers Undo beside the message.
   */
  async function answer(request: FastifyRequest, reply: FastifyReply, change: () => Promise<string | { notice: string; undo: number }>, at = 0) {
    let notice: string;
    let undo: number | undefined;
    try {
      const outcome = await change();
      ({ notice, undo } = typeof outcome === 'string' ? { notice: outcome, undo: undefined } : outcome);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const m = await model(request, reply, { at, error: error.message });
      if (wantsFragment(request)) return sendFragment(reply, <DuplicatesRegion model={m} />, 422);
      return sendPage(reply, <DuplicatesPage ctx={pageContext(request, reply)} model={m} />, 422);
    }
    if (wantsFragment(request)) return sendFragment(reply, <DuplicatesRegion model={await model(request, reply, { at, notice, undo })} />);
    setFlash(reply, notice);
    return reply.redirect(`/reviews/${currentReview(request).slug}/duplicates`, 303);
  }

  app.get('/duplicates', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const m = await model(request, reply, { at: whole(query.at, 0), minPercent: minPercent(query.min) });
    if (wantsFragment(request)) return sendFragment(reply, <DuplicatesRegion model={m} />);
    return sendPage(reply, <DuplicatesPage ctx={pageContext(request, reply)} model={m} />);
  });

  app.post('/duplicates/detect', async (request, reply) =>
    answer(request, reply, async () => {
      const queued = await requestDuplicateCheck(app.db, ctx(request));
      app.jobs.wake();
      return queued ? 'Looking for duplicates across the review. You can keep working; the outcome shows here.' : 'A duplicate check is already running; its outcome shows here.';
    }),
  );

  app.post('/duplicates/pairs/:id', async (request, reply) => {
    const pairId = idParam(request, 'pair');
    const form = new FormInput(request.body);
    const decision = form.oneOf('decision', DECISIONS, 'Decision');
    const at = whole(form.text('at', { label: 'Position', max: 10 }), 0);
    return answer(request, reply, async () => {
      form.assertValid();
      const mergeId = await decidePair(app.db, ctx(request), pairId, decision);
      if (decision === 'same') return mergeId === null ? 'Marked as the same work (already linked).' : { notice: 'Merged as the same work.', undo: mergeId };
      return decision === 'different' ? 'Kept apart: not duplicates.' : 'Kept as versions of one work.';
    }, at);
  });

  app.post('/duplicates/confirm', async (request, reply) => {
    const percent = minPercent(new FormInput(request.body).text('min', { label: 'Lowest score', max: 3 }));
    return answer(request, reply, async () => {
      const { confirmed, refused } = await confirmPairsAtLeast(app.db, ctx(request), percent / 100);
      const left = refused > 0 ? ` ${plural(refused, 'pair')} could not be merged and stay in the queue.` : '';
      return `Confirmed ${plural(confirmed, 'pair')} as the same work.${left}`;
    });
  });

  app.post('/duplicates/merges/:id/undo', async (request, reply) => {
    const mergeId = idParam(request, 'merge');
    return answer(request, reply, async () => {
      await undoMerge(app.db, ctx(request), mergeId);
      return 'Merge undone: its records are separate again.';
    });
  });

  app.post('/duplicates/records/:id/primary', async (request, reply) => {
    const recordId = idParam(request, 'record');
    return answer(request, reply, async () => {
      await changePrimary(app.db, ctx(request), recordId);
      return 'Primary record changed.';
    });
  });

  // Asked from the record page, so it answers there: a 303 back with the outcome as a flash.
  app.post('/duplicates/records/:id/separate', async (request, reply) => {
    const recordId = idParam(request, 'record');
    const back = `/reviews/${currentReview(request).slug}/records/${recordId}`;
    try {
      await separateReport(app.db, ctx(request), recordId);
      setFlash(reply, 'Counted as a study of its own.');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      setFlash(reply, error.message);
    }
    return reply.redirect(back, 303);
  });
}
