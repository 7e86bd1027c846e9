import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrderedListModel } from '../../views/reviews/ordered-list-section.js';
import { listBase, OrderedListSection, sectionId } from '../../views/reviews/ordered-list-section.js';
import { ProtocolPage, type ProtocolModel } from '../../views/reviews/protocol-page.js';
import { TermsSection } from '../../views/reviews/terms-section.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { parseTermList, readTerms, saveTerms } from './highlight-terms.js';
import {
  addItem,
  CRITERIA,
  moveItem,
  readLists,
  REASONS,
  removeItem,
  renameItem,
  type OrderedItemKind,
} from './ordered-items.js';

interface ListText {
  title: string;
  hint: string;
  addLabel: string;
}

const LIST_TEXT: Record<string, ListText> = {
  inclusion: { title: 'Inclusion criteria', hint: 'Add what an eligible study must have.', addLabel: 'New inclusion criterion' },
  exclusion: { title: 'Exclusion criteria', hint: 'Add what rules a study out.', addLabel: 'New exclusion criterion' },
  title_abstract: { title: 'Title and abstract', hint: 'Add the reasons reviewers may give.', addLabel: 'New title/abstract reason' },
  full_text: { title: 'Full text', hint: 'Add the reasons reviewers must choose from.', addLabel: 'New full-text reason' },
};

// URL segment -> the kind of ordered list it edits.
const KINDS: Record<string, OrderedItemKind<string>> = { criteria: CRITERIA, reasons: REASONS };

async function listModels(
  request: FastifyRequest,
  kindPath: string,
  error?: { list: string; message: string },
): Promise<OrderedListModel[]> {
  const review = currentReview(request);
  const kind = KINDS[kindPath]!;
  const lists = await readLists(request.server.db, kind, review.id);
  const canEdit = review.role === 'owner';
  return kind.lists.map((list) => ({
    kindPath,
    list,
    ...LIST_TEXT[list]!,
    items: lists[list] ?? [],
    canEdit,
    add: canEdit ? creatingForm(request, `${listBase(review.slug, kindPath)}/${list}`) : undefined,
    error: error?.list === list ? error.message : undefined,
  }));
}

async function protocolModel(request: FastifyRequest, overrides: Partial<ProtocolModel> = {}): Promise<ProtocolModel> {
  const review = currentReview(request);
  const db = request.server.db;
  return {
    criteria: await listModels(request, 'criteria'),
    reasons: await listModels(request, 'reasons'),
    terms: await readTerms(db, review.id),
    ...overrides,
  };
}

function kindOf(request: FastifyRequest): [string, OrderedItemKind<string>] {
  const { kind } = request.params as { kind: string };
  const spec = KINDS[kind];
  if (!spec) throw new NotFoundError('There is nothing at this address.');
  return [kind, spec];
}

function itemId(request: FastifyRequest): number {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('There is no such item.');
  return id;
}

/** Registered inside the /reviews/:slug scope, so membership is already checked. */
export async function protocolRoutes(app: FastifyInstance) {
  app.get('/protocol', async (request, reply) => {
    const review = currentReview(request);
    return sendPage(reply, <ProtocolPage ctx={pageContext(request, reply)} review={review} model={await protocolModel(request)} />);
  });

  /** Answers a list change: the list's section for htmx, otherwise back to the page at that section. */
  async function answerList(request: FastifyRequest, reply: FastifyReply, kindPath: string, change: () => Promise<string>) {
    const review = currentReview(request);
    let list: string;
    let error: { list: string; message: string } | undefined;
    try {
      list = await change();
    } catch (caught) {
      if (!(caught instanceof ValidationError)) throw caught;
      const { list: posted } = request.params as { list?: string };
      list = posted ?? (request.body as Record<string, string> | undefined)?.list ?? '';
      error = { list, message: caught.message };
    }
    const models = await listModels(request, kindPath, error);
    const status = error ? 422 : 200;
    const model = models.find((m) => m.list === list);
    if (wantsFragment(request) && model) {
      return sendFragment(reply, <OrderedListSection model={model} slug={review.slug} csrfToken={reply.generateCsrf()} />, status);
    }
    if (error) {
      const overrides = kindPath === 'criteria' ? { criteria: models } : { reasons: models };
      const page = <ProtocolPage ctx={pageContext(request, reply)} review={review} model={await protocolModel(request, overrides)} />;
      return sendPage(reply, page, status);
    }
    return reply.redirect(`/reviews/${review.slug}/protocol#${sectionId(kindPath, list)}`, 303);
  }

  const ownerOnly = { preHandler: requireReviewOwner };
  const ctx = (request: FastifyRequest) => ({ actorId: request.account!.id, reviewId: currentReview(request).id });
  const text = (request: FastifyRequest) => new FormInput(request.body).text('text', { label: 'Text', max: 2000 });

  app.post('/:kind/:list', ownerOnly, async (request, reply) => {
    const [kindPath, kind] = kindOf(request);
    const { list } = request.params as { list: string };
    if (!kind.lists.includes(list)) throw new NotFoundError('There is no such list.');
    return answerList(request, reply, kindPath, async () => {
      await createOnce(request, (trx) => addItem(trx, kind, ctx(request), list, text(request)));
      return list;
    });
  });

  app.post('/:kind/items/:id', ownerOnly, async (request, reply) => {
    const [kindPath, kind] = kindOf(request);
    return answerList(request, reply, kindPath, () => renameItem(app.db, kind, ctx(request), itemId(request), text(request)));
  });

  app.post('/:kind/items/:id/move', ownerOnly, async (request, reply) => {
    const [kindPath, kind] = kindOf(request);
    const direction = new FormInput(request.body).text('direction', { label: 'Direction' }) === 'up' ? 'up' : 'down';
    return answerList(request, reply, kindPath, () => moveItem(app.db, kind, ctx(request), itemId(request), direction));
  });

  app.post('/:kind/items/:id/remove', ownerOnly, async (request, reply) => {
    const [kindPath, kind] = kindOf(request);
    return answerList(request, reply, kindPath, () => removeItem(app.db, kind, ctx(request), itemId(request)));
  });

  app.post('/terms', ownerOnly, async (request, reply) => {
    const review = currentReview(request);
    const form = new FormInput(request.body);
    const next = {
      include: parseTermList(form.text('include', { label: 'Include terms', max: 20000 })),
      exclude: parseTermList(form.text('exclude', { label: 'Exclude terms', max: 20000 })),
    };
    let errors: Record<string, string> | undefined;
    try {
      form.assertValid();
      await saveTerms(app.db, ctx(request), next);
    } catch (caught) {
      if (!(caught instanceof ValidationError)) throw caught;
      errors = caught.fields;
    }
    const status = errors ? 422 : 200;
    const terms = errors ? next : await readTerms(app.db, review.id);
    if (wantsFragment(request)) {
      return sendFragment(reply, <TermsSection slug={review.slug} terms={terms} canEdit csrfToken={reply.generateCsrf()} errors={errors} />, status);
    }
    if (errors) {
      const model = await protocolModel(request, { terms, termErrors: errors });
      return sendPage(reply, <ProtocolPage ctx={pageContext(request, reply)} review={review} model={model} />, status);
    }
    return reply.redirect(`/reviews/${review.slug}/protocol#terms`, 303);
  });
}
