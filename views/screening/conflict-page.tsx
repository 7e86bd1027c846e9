import type { ConflictModel, ShownConflict } from '../../src/screening/conflict-model.js';
import { MIN_ON_SCREEN_MS } from '../../src/screening/read-first.js';
import { CHOICE_LABELS, stageLabel } from '../../src/screening/stages.js';
import { CsrfField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { FrameHint } from '../fulltext/frame-hint.js';
import { FullTextPanel } from '../fulltext/full-text-panel.js';
import { RecordCard } from './record-card.js';

// Each resolution and J/K swap the whole region in place: the next conflict, the count and the
// message arrive together, and the page goes back to its top so the new title is where the eye is.
// Controls keep their ids from one conflict to the next, so htmx gives focus back to the same one.
const swapRegion = { 'hx-target': '#screen', 'hx-swap': 'outerHTML scroll:top scrollTarget:window' };

/** Every reviewer's decision on the record, side by side. */
function Decisions({ conflict }: { conflict: ShownConflict }) {
  return (
    <section class="conflict-decisions" aria-labelledby="conflict-decisions-heading">
      <h2 id="conflict-decisions-heading">The reviewers decided</h2>
      <ul>
        {conflict.decisions.map((d, i) => (
          <li key={i} class={`conflict-decision conflict-decision-${d.decision}`}>
            <strong>{d.reviewer}</strong>
            <span class={`badge badge-${d.decision}`}>{CHOICE_LABELS[d.decision]}</span>
            {d.reason && <span class="conflict-reason">{d.reason}</span>}
            {d.note && <q>{d.note}</q>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Include / maybe / exclude and a reason per number key, as on the screening card: one form, one POST. */
function ResolveForm({ model, conflict }: { model: ConflictModel; conflict: ShownConflict }) {
  const action = `${model.base}/records/${conflict.card.record.id}/resolve`;
  const shared = model.reasons.find((r) => r.id === conflict.sharedReasonId);
  return (
    <form method="post" action={action} hx-post={action} {...swapRegion} class="decision-form resolve-form" aria-label="Final decision">
      <CsrfField token={model.csrfToken} />
      <input type="hidden" name="shown" value={String(model.shownAt)} />
      {/* Enter in the note must not resolve: implicit submission uses the first submit button, and a disabled one submits nothing. */}
      <button type="submit" disabled hidden aria-hidden="true" tabindex={-1} />
      <div class="decision-buttons">
        {(['include', 'maybe'] as const).map((choice) => (
          <button key={choice} id={`resolve-${choice}`} type="submit" name="decision" value={choice} class={`decision decision-${choice}`} data-shortcut={choice[0]} aria-keyshortcuts={choice[0]!.toUpperCase()}>
            {CHOICE_LABELS[choice]} <kbd>{choice[0]!.toUpperCase()}</kbd>
          </button>
        ))}
        {/* With a reason the excluding reviewers agree on, E excludes with it, as its number key would. */}
        <button
          id="resolve-exclude"
          type="submit"
          {...(shared ? { name: 'reason', value: String(shared.id) } : { name: 'decision', value: 'exclude' })}
          class="decision decision-exclude"
          data-shortcut="e"
          aria-keyshortcuts="E"
          title={shared ? `Exclude: ${shared.text}` : undefined}
        >
          Exclude <kbd>E</kbd>
        </button>
      </div>
      {shared && <p class="shared-reason">E excludes with their reason: <strong>{shared.text}</strong></p>}
      {model.reasons.length > 0 && (
        <fieldset class="reasons">
          <legend>Or exclude with a reason {model.stage === 'full_text' ? <span class="required-note">(required at full text)</span> : <span class="muted">(optional)</span>}</legend>
          <ol>
            {model.reasons.map((reason) => (
              <li key={reason.id}>
                <button
                  id={`resolve-reason-${reason.id}`}
                  type="submit"
                  name="reason"
                  value={String(reason.id)}
                  class={`reason-button${reason.id === shared?.id ? ' chosen' : ''}`}
                  data-shortcut={reason.key ?? undefined}
                  aria-keyshortcuts={reason.key ?? undefined}
                >
                  {reason.key && <kbd>{reason.key}</kbd>} {reason.text}
                </button>
              </li>
            ))}
          </ol>
        </fieldset>
      )}
      <div class="field note-field">
        <label for="resolve-note" data-shortcut="n">Note <kbd>N</kbd></label>
        <textarea id="resolve-note" name="note" rows={2} maxlength={4000} data-escape-blur data-draft data-no-unsaved />
      </div>
    </form>
  );
}

/** Where this conflict stands, between the previous and the next one (K and J, ← and →). */
function Navigation({ model, conflict }: { model: ConflictModel; conflict: ShownConflict }) {
  const link = (url: string | null, key: 'k' | 'j', text: string, rel: 'prev' | 'next') =>
    url ? (
      <a id={`conflict-${rel}`} href={url} hx-get={url} {...swapRegion} hx-push-url="true" data-shortcut={key} aria-keyshortcuts={key.toUpperCase()} rel={rel}>{text} <kbd>{key.toUpperCase()}</kbd></a>
    ) : <span class="muted">{text}</span>;
  return (
    <nav class="conflict-nav" aria-label="Conflicts">
      {link(conflict.previousUrl, 'k', '← Previous', 'prev')}
      <p class="conflict-count" aria-live="polite">
        <strong>{conflict.position}</strong> of <strong>{model.total}</strong> {model.total === 1 ? 'conflict' : 'conflicts'}
      </p>
      {link(conflict.nextUrl, 'j', 'Next →', 'next')}
    </nav>
  );
}

function ShortcutHelp() {
  return (
    <details class="shortcut-help">
      <summary data-shortcut="?">Keyboard shortcuts <kbd>?</kbd></summary>
      <dl>
        <dt><kbd>I</kbd> <kbd>M</kbd> <kbd>E</kbd></dt><dd>Final decision: include, maybe, exclude</dd>
        <dt><kbd>1</kbd>–<kbd>9</kbd></dt><dd>Exclude with that reason</dd>
        <dt><kbd>N</kbd></dt><dd>Write a note (Esc to leave it); it is saved with the decision</dd>
        <dt><kbd>J</kbd> <kbd>K</kbd> or <kbd>→</kbd> <kbd>←</kbd></dt><dd>Next, previous conflict</dd>
      </dl>
    </details>
  );
}

function NoneLeft({ model }: { model: ConflictModel }) {
  return (
    <div class="empty-state screen-done">
      <h2>No conflicts left</h2>
      <p>Every record the reviewers disagreed on at {stageLabel(model.stage).toLowerCase()} has a final decision. Each can be undone from the record’s history.</p>
      <ul class="onward">
        {model.onward.map((link) => <li key={link.href}><a href={link.href}>{link.text}</a></li>)}
      </ul>
    </div>
  );
}

/** Everything below the page head: the region each resolution and J/K swap. */
export function ConflictRegion({ model }: { model: ConflictModel }) {
  const { conflict } = model;
  return (
    // #screen and data-record: app.js treats the conflict as it treats a record being screened — it
    // takes no decision until it has been on screen data-read-after ms, and keeps a typed note per record.
    <div id="screen" class="screen-region">
      {conflict && <Navigation model={model} conflict={conflict} />}
      {model.notice && <div class="alert alert-ok screen-notice" role="status">{model.notice}</div>}
      {model.error && <div class="alert alert-error" role="alert">{model.error}</div>}
      {conflict === null ? <NoneLeft model={model} /> : (
        <div class="screen conflict-screen" data-conflict={conflict.card.record.id} data-record={conflict.card.record.id} data-read-after={MIN_ON_SCREEN_MS}>
          <div class="screen-main">
            <RecordCard card={conflict.card} slug={model.slug} />
            {conflict.fullText && <FullTextPanel slug={model.slug} model={conflict.fullText} csrfToken={model.csrfToken} pdfLimitMb={model.pdfLimitMb} />}
          </div>
          <aside class="screen-panel conflict-panel">
            {conflict.fullText?.pdf && <FrameHint />}
            <Decisions conflict={conflict} />
            <ResolveForm model={model} conflict={conflict} />
            <ShortcutHelp />
          </aside>
        </div>
      )}
    </div>
  );
}

export function ConflictPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ConflictModel }) {
  return (
    <Layout ctx={ctx} title={`Conflicts · ${stageLabel(model.stage)}`} review={review}>
      <div class="page-head screen-head conflict-head">
        <h1>Conflicts: {stageLabel(model.stage).toLowerCase()}</h1>
        <nav class="screen-links" aria-label="Conflict pages">
          <a href={model.base}>{stageLabel(model.stage)} screening</a>
          <a href={`${model.base}/conflicts/list`}>All conflicts as a list</a>
        </nav>
      </div>
      <ConflictRegion model={model} />
    </Layout>
  );
}
