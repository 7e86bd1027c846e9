import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReviewNav } from '../../views/layout.js';
import { RecordDetailPage } from '../../views/records/record-detail-page.js';
import { RecordEditPage } from '../../views/records/record-edit-page.js';
import { RecordListPage } from '../../views/records/record-list-page.js';
import { RecordResults } from '../../views/records/record-results.js';
import { BulkConfirmPage, BulkConfirmPanel, type BulkConfirmModel } from '../../views/screening/screening-list.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { pushUrl, redirectAfterPost, wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview } from '../http/review-access.js';
import type { MemberReview } from '../reviews/review-repository.js';
import { detailModel, editInputOf, editModel, recordUrl } from './record-detail-model.js';
import { editRecord, VERSION_CONFLICT } from './record-edit-service.js';
import { EDIT_FIELDS, type RecordEditInput } from './record-fields.js';
import { listPageModel, resultsModel } from './record-list-model.js';
import { listQueryString, readListQuery } from './record-list-query.js';
import { loadRecordGroup } from '../dedup/record-group.js';
import { loadFullText } from '../fulltext/full-text-model.js';
import { loadScreeningHistory, resolverStages } from '../screening/screening-history.js';
import { findRecord, listBatchOptions, listRecordEdits, listRecordTypes, type RecordDetail } from './record-queries.js';
import { searchRecords } from './record-search.js';
import { bulkSummary, checkBulkInput, decideMany } from '../screening/bulk-decide.js';
import { bulkBack, bulkConfirmModel, bulkErrorModel, readBulkRequest, type BulkRequest } from '../screening/bulk-request.js';
import { BLIND_TITLE_ABSTRACT, stageRecordsVisible } from '../screening/visibility.js';
import { allowScreeningParams, loadScreeningViewer } from '../screening/screening-filters.js';
import { screeningFilterForm, screeningListExtras } from '../screening/screening-list-model.js';
import { pathId } from '../http/path-params.js';

function nav(review: MemberReview): ReviewNav {
  return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'records' };
}

const NO_RECORD = 'There is no such record in this review.';

/** The record addressed by :id, of the current review only: another review's record is a 404. */
async function addressedRecord(app: FastifyInstance, request: FastifyRequest): Promise<RecordDetail> {
  const record = await findRecord(app.db, currentReview(request).id, pathId(request, 'id', NO_RECORD));
  if (!record) throw new NotFoundError(NO_RECORD);
  return record;
}

function readEditForm(body: unknown): { input: RecordEditInput; version: string; form: FormInput } {
  const form = new FormInput(body);
  // Lengths are checked field by field when the edit is validated; this only refuses repeated fields.
  const entries = EDIT_FIELDS.map((name) => [name, form.text(name, { label: name, max: 1_000_000, trim: false })]);
  const input = Object.fromEntries(entries) as RecordEditInput;
  return { input, version: form.text('version', { label: 'Version', max: 100 }), form };
}

/** Registered inside the /reviews/:slug scope, so membership is already checked. Any member may edit. */
export async function recordRoutes(app: FastifyInstance) {
  app.get('/records', async (request, reply) => {
    const review = currentReview(request);
    const base = `/reviews/${review.slug}/records`;
    // Screening filters only ask what this viewer may see (blind mode); the rest is dropped, never echoed.
    const viewer = await loadScreeningViewer(app.db, review.id, request.account!.id);
    const read = readListQuery(request.query);
    const allowed = allowScreeningParams(read.filters.screening, viewer);
    const query = { ...read, filters: { ...read.filters, screening: allowed.params } };
    const outcome = await searchRecords(app.db, review.id, query, viewer);
    const extras = await screeningListExtras(app.db, {
      reviewId: review.id,
      base,
      viewer,
      params: allowed.params,
      listQuery: listQueryString(query),
      recordIds: outcome.items.map((item) => item.id),
      csrfToken: reply.generateCsrf(),
      allSelected: (request.query as Record<string, unknown>).select === 'page',
      withheld: allowed.withheld,
    });
    if (wantsFragment(request)) {
      // The form sends its empty fields too; the history gets the tidy address a link would have.
      pushUrl(reply, `${base}${listQueryString(query)}`);
      return sendFragment(reply, <RecordResults model={resultsModel(base, `/reviews/${review.slug}/imports`, query, outcome, extras)} />);
    }
    const [batches, types, screening] = await Promise.all([
      listBatchOptions(app.db, review.id),
      listRecordTypes(app.db, review.id),
      screeningFilterForm(app.db, review.id, viewer, allowed.params),
    ]);
    const model = listPageModel(nav(review), query, outcome, { batches, types, screening, extras });
    return sendPage(reply, <RecordListPage ctx={pageContext(request, reply)} model={model} />);
  });

  // Bulk "Exclude selected" / "Include selected": a confirmation saying how many, then the
  // actor's own decision on each record (src/screening/bulk-decide.ts). Never anyone else's.
  app.post('/records/bulk', async (request, reply) => {
    const review = currentReview(request);
    const base = `/reviews/${review.slug}/records`;
    const back = bulkBack(request.body);
    const show = (model: BulkConfirmModel, status: number) =>
      wantsFragment(request)
        ? sendFragment(reply, <BulkConfirmPanel model={model} />, status)
        : sendPage(reply, <BulkConfirmPage ctx={pageContext(request, reply)} review={nav(review)} model={model} />, status);
    let bulk: BulkRequest;
    try {
      bulk = readBulkRequest(request.body);
      // Which records reached full text is hidden where title and abstract is blind to the actor: refused alike for all.
      if (!stageRecordsVisible((await loadScreeningViewer(app.db, review.id, request.account!.id)).stages, bulk.input.stage)) throw new ValidationError({ stage: BLIND_TITLE_ABSTRACT });
      await checkBulkInput(app.db, review.id, bulk.input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return show(bulkErrorModel({ base, back, csrfToken: reply.generateCsrf() }, error.message), 422);
    }
    if (!bulk.confirmed) {
      return show(await bulkConfirmModel(app.db, { reviewId: review.id, base, back, csrfToken: reply.generateCsrf(), request: bulk }), 200);
    }
    const outcome = await decideMany(app.db, { reviewId: review.id, actorId: request.account!.id }, bulk.input);
    if (outcome.stopped) request.log.error({ err: outcome.stopped.cause }, 'bulk decision stopped part-way');
    setFlash(reply, bulkSummary(outcome));
    return redirectAfterPost(request, reply, `${base}${back}`);
  });

  app.get('/records/:id', async (request, reply) => {
    const review = currentReview(request);
    const record = await addressedRecord(app, request);
    const mayResolve = await resolverStages(app.db, { reviewId: review.id, actorId: request.account!.id });
    const viewer = await loadScreeningViewer(app.db, review.id, request.account!.id);
    const [edits, group, fullText, history] = await Promise.all([
      listRecordEdits(app.db, review.id, record.id),
      loadRecordGroup(app.db, review.id, record),
      stageRecordsVisible(viewer.stages, 'full_text') ? loadFullText(app.db, review.id, record.id, viewer.stages) : null,
      loadScreeningHistory(app.db, { reviewId: review.id, viewerId: request.account!.id, mayResolve }, record.id),
    ]);
    const screening = { fullText, history, pdfLimitMb: Math.round(app.config.pdfLimitBytes / 1024 / 1024) };
    return sendPage(reply, <RecordDetailPage ctx={pageContext(request, reply)} model={detailModel(nav(review), record, edits, group, reply.generateCsrf(), screening)} />);
  });

  app.get('/records/:id/edit', async (request, reply) => {
    const review = currentReview(request);
    const record = await addressedRecord(app, request);
    const model = editModel(nav(review), record, editInputOf(record), record.updatedAt);
    return sendPage(reply, <RecordEditPage ctx={pageContext(request, reply)} model={model} />);
  });

  app.post('/records/:id/edit', async (request, reply) => {
    const review = currentReview(request);
    const record = await addressedRecord(app, request);
    const { input, version, form } = readEditForm(request.body);
    let changed: string[];
    try {
      form.assertValid();
      changed = await editRecord(app.db, { actorId: request.account!.id, reviewId: review.id }, record.id, input, version);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // After someone else's save, the form carries the new version: saving again keeps this person's values.
      const conflict = error.fields.version === VERSION_CONFLICT;
      const latest = conflict ? ((await findRecord(app.db, review.id, record.id)) ?? record) : record;
      const model = editModel(nav(review), latest, input, conflict ? latest.updatedAt : version, error.fields);
      return sendPage(reply, <RecordEditPage ctx={pageContext(request, reply)} model={model} />, 422);
    }
    setFlash(reply, changed.length === 0 ? 'Nothing was changed.' : `Record saved (${changed.join(', ')}).`);
    return redirectAfterPost(request, reply, recordUrl(review.slug, record.id));
  });
}
