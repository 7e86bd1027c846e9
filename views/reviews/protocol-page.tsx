import type { FieldErrors } from '../../src/domain-errors.js';
import type { HighlightTerms } from '../../src/reviews/highlight-terms.js';
import type { MemberReview } from '../../src/reviews/review-repository.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { OrderedListSection, type OrderedListModel } from './ordered-list-section.js';
import { TermsSection } from './terms-section.js';

export interface ProtocolModel {
  criteria: OrderedListModel[];
  reasons: OrderedListModel[];
  terms: HighlightTerms;
  termErrors?: FieldErrors;
}

/** Criteria, highlight terms and exclusion reasons: what reviewers screen against. */
export function ProtocolPage({ ctx, review, model }: { ctx: PageContext; review: MemberReview; model: ProtocolModel }) {
  const canEdit = review.role === 'owner';
  return (
    <Layout ctx={ctx} title={`Protocol · ${review.title}`} review={{ slug: review.slug, title: review.title, isOwner: canEdit, section: 'protocol' }}>
      <h1>Protocol</h1>
      <p class="lede">What every reviewer screens against. {canEdit ? 'Changes are recorded in the history.' : 'Only review owners change it.'}</p>
      <h2>Eligibility criteria</h2>
      {/* One criterion per row at full width: criteria are sentences and must stay readable. */}
      <div class="stack">
        {model.criteria.map((list) => <OrderedListSection key={list.list} model={list} slug={review.slug} csrfToken={ctx.csrfToken} />)}
      </div>
      <TermsSection slug={review.slug} terms={model.terms} canEdit={canEdit} csrfToken={ctx.csrfToken} errors={model.termErrors} />
      <h2>Exclusion reasons</h2>
      <p class="hint">Offered when excluding a record; keys 1–9 pick them on the screening page, in this order. A report nobody could obtain is not excluded: it is marked “Not retrieved” on its full-text page.</p>
      <div class="two-columns">
        {model.reasons.map((list) => <OrderedListSection key={list.list} model={list} slug={review.slug} csrfToken={ctx.csrfToken} />)}
      </div>
    </Layout>
  );
}
