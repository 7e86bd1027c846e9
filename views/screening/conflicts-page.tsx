import type { Conflict } from '../../src/screening/conflict-queries.js';
import { CHOICE_LABELS, stageLabel } from '../../src/screening/stages.js';
import type { Stage } from '../../src/db/schema.js';
import { CsrfField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface ConflictsModel {
  slug: string;
  stage: Stage;
  /** /reviews/:slug/screening/:stage */
  base: string;
  csrfToken: string;
  conflicts: Conflict[];
  total: number;
  reasons: Array<{ id: number; text: string }>;
  notice?: string;
  error?: string;
}

const swapRegion = { 'hx-target': '#conflicts', 'hx-swap': 'outerHTML' };

function ResolveForm({ model, conflict }: { model: ConflictsModel; conflict: Conflict }) {
  const action = `${model.base}/records/${conflict.recordId}/resolve`;
  const id = (name: string) => `f-${name}-${conflict.recordId}`;
  return (
    <form method="post" action={action} hx-post={action} {...swapRegion} class="resolve-form">
      <CsrfField token={model.csrfToken} />
      <div class="field field-narrow">
        <label for={id('reason')}>Reason if excluded</label>
        <select id={id('reason')} name="reason">
          <option value="">{model.stage === 'full_text' ? 'Choose a reason' : 'No reason'}</option>
          {model.reasons.map((r) => <option key={r.id} value={String(r.id)}>{r.text}</option>)}
        </select>
      </div>
      <div class="field">
        <label for={id('note')}>Note</label>
        <input id={id('note')} name="note" type="text" maxlength={4000} />
      </div>
      <div class="resolve-buttons">
        {(['include', 'maybe', 'exclude'] as const).map((choice) => (
          <button key={choice} type="submit" name="decision" value={choice} class={`decision decision-${choice}`}>{CHOICE_LABELS[choice]}</button>
        ))}
      </div>
    </form>
  );
}

/** The list each resolution swaps, so the count and the remaining conflicts stay true. */
export function ConflictsRegion({ model }: { model: ConflictsModel }) {
  return (
    <div id="conflicts">
      <p class="lede">
        {model.total === 0 ? 'No conflicts.' : `${model.total} ${model.total === 1 ? 'record' : 'records'} the reviewers disagree on.`}{' '}
        The final decision is kept apart from each reviewer’s own, and can be undone from the record’s history.
      </p>
      {model.notice && <div class="alert alert-ok" role="status">{model.notice}</div>}
      {model.error && <div class="alert alert-error" role="alert">{model.error}</div>}
      <ol class="conflict-list">
        {model.conflicts.map((conflict) => (
          <li key={conflict.recordId} class="conflict card" data-conflict={conflict.recordId}>
            <h2 class="conflict-title">
              <a href={`${model.base}?record=${conflict.recordId}`}><RecordTitle title={conflict.title} /></a>
            </h2>
            <p class="muted">{[conflict.firstAuthor, conflict.year].filter(Boolean).join(', ')}</p>
            <ul class="conflict-decisions">
              {conflict.decisions.map((d, i) => (
                <li key={i}>
                  <span class={`badge badge-${d.decision}`}>{CHOICE_LABELS[d.decision]}</span> <strong>{d.reviewer}</strong>
                  {d.reason && <span class="muted"> · {d.reason}</span>}
                  {d.note && <q>{d.note}</q>}
                </li>
              ))}
            </ul>
            <ResolveForm model={model} conflict={conflict} />
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ConflictsPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ConflictsModel }) {
  return (
    <Layout ctx={ctx} title={`Conflicts · ${stageLabel(model.stage)}`} review={review}>
      <p class="breadcrumb"><a href={model.base}>← {stageLabel(model.stage)} screening</a></p>
      <h1>Conflicts: {stageLabel(model.stage).toLowerCase()}</h1>
      <ConflictsRegion model={model} />
    </Layout>
  );
}
