import type { FieldErrors } from '../../src/domain-errors.js';
import type { HighlightTerms } from '../../src/reviews/highlight-terms.js';
import { CsrfField, Field } from '../components/forms.js';

/** Include and exclude highlight terms, edited as two one-per-line lists. */
export function TermsSection(props: { slug: string; terms: HighlightTerms; canEdit: boolean; csrfToken: string; errors?: FieldErrors }) {
  const { slug, terms, canEdit, csrfToken, errors } = props;
  const url = `/reviews/${slug}/terms`;
  return (
    <section id="terms" class="terms" aria-labelledby="terms-title">
      <h2 id="terms-title">Highlight terms</h2>
      <p class="hint">Shown highlighted while screening: include terms in green, exclude terms in red. Whole words, any case or accents.</p>
      {canEdit ? (
        <form method="post" action={url} hx-post={url} hx-target="closest section" hx-swap="outerHTML" class="two-columns">
          <CsrfField token={csrfToken} />
          <Field name="include" label="Include terms (one per line)" value={terms.include.join('\n')} errors={errors} multiline rows={6} maxLength={20000} />
          <Field name="exclude" label="Exclude terms (one per line)" value={terms.exclude.join('\n')} errors={errors} multiline rows={6} maxLength={20000} />
          <div class="form-actions"><button type="submit">Save terms</button></div>
        </form>
      ) : (
        <div class="two-columns">
          <TermChips label="Include" terms={terms.include} tone="include" />
          <TermChips label="Exclude" terms={terms.exclude} tone="exclude" />
        </div>
      )}
    </section>
  );
}

function TermChips({ label, terms, tone }: { label: string; terms: string[]; tone: string }) {
  return (
    <div>
      <h3>{label}</h3>
      {terms.length === 0 ? <p class="empty">None.</p> : (
        <ul class="chips">{terms.map((t) => <li key={t} class={`chip chip-${tone}`}>{t}</li>)}</ul>
      )}
    </div>
  );
}
