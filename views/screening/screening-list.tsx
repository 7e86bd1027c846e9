/**
 * The screening parts of the records list: a row's badges, the bulk bar ("Exclude selected",
 * "Include selected") and the confirmation that says how many records a bulk decision touches.
 */
import { CsrfField } from '../components/forms.js';
import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface Choice {
  value: string;
  label: string;
}

export interface ScreeningBadgeModel {
  stageAbbr: string;
  stageLabel: string;
  /** "you: Exclude", "outcome: Include", "conflict", "not retrieved" */
  text: string;
  tone: 'include' | 'maybe' | 'exclude' | 'conflict' | 'neutral';
}

export function ScreeningBadges({ badges }: { badges: readonly ScreeningBadgeModel[] }) {
  if (badges.length === 0) return null;
  return (
    <span class="screening-badges">
      {badges.map((badge) => (
        <span key={`${badge.stageAbbr}-${badge.text}`} class={`badge screening-badge screening-${badge.tone}`}>
          <abbr title={badge.stageLabel}>{badge.stageAbbr}</abbr> {badge.text}
        </span>
      ))}
    </span>
  );
}

export interface BulkModel {
  /** POST address of the bulk decision. */
  action: string;
  csrfToken: string;
  /** The stage as it appears in addresses, and to people. */
  stage: string;
  stageLabel: string;
  reasons: Choice[];
  reasonRequired: boolean;
  /** The list's query string, to come back to afterwards. */
  back: string;
  selectAllUrl: string;
  clearUrl: string;
  allSelected: boolean;
}

export const BULK_FORM_ID = 'bulk-form';

/**
 * The bulk bar. Row checkboxes belong to this form through their `form` attribute, so the list
 * keeps its own markup. With htmx the confirmation appears in #bulk-panel; without, as a page.
 */
export function BulkBar({ model }: { model: BulkModel }) {
  const swapList = { 'hx-target': '#record-results', 'hx-swap': 'outerHTML' };
  return (
    <>
      <form
        id={BULK_FORM_ID}
        method="post"
        action={model.action}
        class="bulk-bar"
        hx-post={model.action}
        hx-target="#bulk-panel"
        hx-swap="innerHTML"
        aria-label="Decide the selected records"
        // Ticked rows are a selection, not typing: leaving the list does not ask (unsaved-changes.js).
        data-no-unsaved
      >
        <CsrfField token={model.csrfToken} />
        <input type="hidden" name="stage" value={model.stage} />
        <input type="hidden" name="back" value={model.back} />
        <span class="bulk-select">
          {model.allSelected ? (
            <a href={model.clearUrl} hx-get={model.clearUrl} {...swapList}>Clear selection</a>
          ) : (
            <a href={model.selectAllUrl} hx-get={model.selectAllUrl} {...swapList}>Select all on this page</a>
          )}
        </span>
        <span class="bulk-stage">Your decision at {model.stageLabel.toLowerCase()}:</span>
        <label for="bulk-reason" class="visually-hidden">Exclusion reason</label>
        <select id="bulk-reason" name="reason">
          <option value="">{model.reasonRequired ? 'Exclusion reason (required)' : 'Exclusion reason (optional)'}</option>
          {model.reasons.map((reason) => <option key={reason.value} value={reason.value}>{reason.label}</option>)}
        </select>
        <button type="submit" name="decision" value="exclude">Exclude selected</button>
        <button type="submit" name="decision" value="include" class="button-secondary">Include selected</button>
      </form>
      <div id="bulk-panel" aria-live="polite"></div>
    </>
  );
}

export interface BulkConfirmModel {
  action: string;
  csrfToken: string;
  /** The list, with its filters and page, to go back to. */
  listUrl: string;
  back: string;
  stage: string;
  stageLabel: string;
  decision: 'include' | 'exclude';
  reasonId: string;
  reasonText: string | null;
  /** Comma-separated record ids. */
  ids: string;
  count: number;
  error: string | null;
}

const records = (n: number) => `${n} ${n === 1 ? 'record' : 'records'}`;

/** Says exactly what will happen, to how many records, and asks once more. */
export function BulkConfirmPanel({ model }: { model: BulkConfirmModel }) {
  if (model.error !== null) {
    return (
      <div class="alert alert-error bulk-confirm-panel" role="alert">
        <p>{model.error}</p>
        <p><a href={model.listUrl}>Back to the list</a></p>
      </div>
    );
  }
  const verb = model.decision === 'exclude' ? 'Exclude' : 'Include';
  return (
    <div class="alert alert-warn bulk-confirm-panel">
      <p id="bulk-confirm-question">
        <strong>{verb} {records(model.count)} at {model.stageLabel.toLowerCase()}</strong>
        {model.reasonText !== null && <> (reason: {model.reasonText})</>}?
      </p>
      <p class="hint">
        This records your own decision on each selected record (your notes and labels on them are kept). Duplicates and
        records not at this stage are skipped and listed afterwards. Each decision can be undone from the record’s history.
      </p>
      <form method="post" action={model.action} class="inline">
        <CsrfField token={model.csrfToken} />
        <input type="hidden" name="confirmed" value="1" />
        <input type="hidden" name="ids" value={model.ids} />
        <input type="hidden" name="stage" value={model.stage} />
        <input type="hidden" name="decision" value={model.decision} />
        <input type="hidden" name="reason" value={model.reasonId} />
        <input type="hidden" name="back" value={model.back} />
        <button type="submit">{verb} {records(model.count)}</button>
      </form>{' '}
      <a href={model.listUrl}>Cancel</a>
    </div>
  );
}

/** The confirmation as a page of its own, for a browser without JavaScript. */
export function BulkConfirmPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: BulkConfirmModel }) {
  return (
    <Layout ctx={ctx} title={`Confirm · Records · ${review.title}`} review={review}>
      <h1>{model.error === null ? 'Confirm your decisions' : 'Nothing was decided'}</h1>
      <BulkConfirmPanel model={model} />
    </Layout>
  );
}
