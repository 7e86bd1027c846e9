import type { ScreenModel } from '../../src/screening/screen-model.js';
import { MIN_ON_SCREEN_MS } from '../../src/screening/read-first.js';
import { CHOICE_LABELS, stageLabel, stagePath, STAGES } from '../../src/screening/stages.js';
import { CsrfField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { FrameHint } from '../fulltext/frame-hint.js';
import { FullTextPanel } from '../fulltext/full-text-panel.js';
import { RecordCard } from './record-card.js';
import { ScreeningProgress } from './screening-progress.js';
import { RelevancePanel } from './relevance-panel.js';

// A decision swaps the whole region: the next record, the progress and the message arrive together.
const swapRegion = { 'hx-target': '#screen', 'hx-swap': 'outerHTML' };

function Key({ k }: { k: string }) {
  return <kbd>{k.toUpperCase()}</kbd>;
}

/** Include / maybe / exclude, a reason per number key, a note and labels: one form, one POST. */
function DecisionForm({ model }: { model: ScreenModel }) {
  const card = model.card!;
  const action = `${model.base}/records/${card.record.id}`;
  const mine = card.mine;
  const reasonRequired = model.stage === 'full_text';
  return (
    <form method="post" action={action} hx-post={action} {...swapRegion} class="decision-form" aria-label="Your decision">
      <CsrfField token={model.csrfToken} />
      <input type="hidden" name="shown" value={String(model.shownAt)} />
      {/* Enter in the note or labels must not submit a decision: implicit submission uses the
          first submit button, and a disabled one submits nothing. */}
      <button type="submit" disabled hidden aria-hidden="true" tabindex={-1} />
      <div class="decision-buttons">
        {(['include', 'maybe', 'exclude'] as const).map((choice) => (
          <button
            key={choice}
            type="submit"
            name="decision"
            value={choice}
            class={`decision decision-${choice}${mine?.decision === choice ? ' chosen' : ''}`}
            data-shortcut={choice[0]}
            aria-keyshortcuts={choice[0]!.toUpperCase()}
            aria-pressed={mine?.decision === choice ? 'true' : 'false'}
          >
            {CHOICE_LABELS[choice]} <Key k={choice[0]!} />
          </button>
        ))}
      </div>
      {model.reasons.length > 0 && (
        <fieldset class="reasons">
          <legend>Exclude with a reason {reasonRequired ? <span class="required-note">(required at full text)</span> : <span class="muted">(optional)</span>}</legend>
          <ol>
            {model.reasons.map((reason) => (
              <li key={reason.id}>
                <button
                  type="submit"
                  name="reason"
                  value={String(reason.id)}
                  class={`reason-button${mine?.decision === 'exclude' && mine.reasonId === reason.id ? ' chosen' : ''}`}
                  data-shortcut={reason.key ?? undefined}
                  aria-keyshortcuts={reason.key ?? undefined}
                >
                  {reason.key && <Key k={reason.key} />} {reason.text}
                </button>
              </li>
            ))}
          </ol>
        </fieldset>
      )}
      <div class="field note-field">
        <label for="f-note" data-shortcut="n">Note <Key k="n" /></label>
        <textarea id="f-note" name="note" rows={2} maxlength={4000} data-escape-blur data-draft data-no-unsaved>{mine?.note ?? ''}</textarea>
      </div>
      <div class="field">
        <label for="f-labels">Labels <span class="hint">comma-separated</span></label>
        <input id="f-labels" name="labels" type="text" maxlength={500} value={mine?.labels.join(', ') ?? ''} data-escape-blur data-draft data-no-unsaved />
      </div>
    </form>
  );
}

function OthersDecisions({ model }: { model: ScreenModel }) {
  const card = model.card!;
  if (card.others === null) {
    return <p class="blind-note">Blind screening: other reviewers’ decisions stay hidden.</p>;
  }
  if (card.others.length === 0 && card.mergedDecisions.length === 0) return null;
  return (
    <section class="others" aria-labelledby="others-heading">
      <h3 id="others-heading">Other decisions</h3>
      <ul>
        {card.others.map((d, i) => (
          <li key={i}>
            <span class={`badge badge-${d.decision}`}>{CHOICE_LABELS[d.decision]}</span> {d.reviewer}
            {d.reason && <span class="muted"> · {d.reason}</span>}
            {d.note && <q>{d.note}</q>}
          </li>
        ))}
        {card.mergedDecisions.map((d, i) => (
          <li key={`m${i}`}>
            <span class={`badge badge-${d.decision}`}>{CHOICE_LABELS[d.decision]}</span> {d.reviewer}, on{' '}
            <a href={`/reviews/${model.slug}/records/${d.recordId}`}>a duplicate merged into this record</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Navigation({ model }: { model: ScreenModel }) {
  return (
    <nav class="screen-nav" aria-label="Records">
      {model.previousUrl ? (
        <a href={model.previousUrl} hx-get={model.previousUrl} {...swapRegion} hx-push-url="true" data-shortcut="k" rel="prev">← Previous</a>
      ) : <span class="muted">← Previous</span>}
      {model.canUndo && (
        <form method="post" action={`${model.base}/undo`} hx-post={`${model.base}/undo`} {...swapRegion} class="inline">
          <CsrfField token={model.csrfToken} />
          <button type="submit" class="button-link" data-shortcut="u" aria-keyshortcuts="U">Undo last <Key k="u" /></button>
        </form>
      )}
      {model.skipUrl && <a href={model.skipUrl} hx-get={model.skipUrl} {...swapRegion} hx-push-url="true" data-shortcut="j" rel="next">Skip →</a>}
    </nav>
  );
}

function ShortcutHelp() {
  return (
    <details class="shortcut-help">
      <summary data-shortcut="?">Keyboard shortcuts <Key k="?" /></summary>
      <dl>
        <dt><Key k="i" /> <Key k="m" /> <Key k="e" /></dt><dd>Include, maybe, exclude</dd>
        <dt><Key k="1" />–<Key k="9" /></dt><dd>Exclude with that reason</dd>
        <dt><Key k="n" /></dt><dd>Write a note (Esc to leave it); it is saved with your decision, and kept in this tab if you skip</dd>
        <dt><Key k="u" /></dt><dd>Undo your last decision</dd>
        <dt><kbd>←</kbd> <kbd>→</kbd></dt><dd>Back to the record you skipped or decided last; skip this one</dd>
        <dt><Key k="?" /></dt><dd>Show or hide this list</dd>
      </dl>
    </details>
  );
}

/** Beside the abstract; app.js remembers a reviewer closing it (data-remember) for the cards after. */
function Criteria({ model }: { model: ScreenModel }) {
  const { inclusion, exclusion } = model.criteria;
  if (inclusion.length === 0 && exclusion.length === 0) return null;
  return (
    <aside class="screen-criteria" aria-label="Criteria">
      <details class="criteria" open data-remember="criteria">
        <summary>Criteria</summary>
        {inclusion.length > 0 && <><h3>Include</h3><ul>{inclusion.map((c, i) => <li key={i}>{c}</li>)}</ul></>}
        {exclusion.length > 0 && <><h3>Exclude</h3><ul>{exclusion.map((c, i) => <li key={i}>{c}</li>)}</ul></>}
      </details>
    </aside>
  );
}

/** Where to go once a stage has nothing left for this reviewer: the next stage, or the Overview. */
function Onward({ model }: { model: ScreenModel }) {
  const next = model.stage === 'title_abstract'
    ? { href: `/reviews/${model.slug}/screening/${stagePath('full_text')}`, text: 'Go on to full-text screening' }
    : { href: `/reviews/${model.slug}/coding`, text: 'Go on to coding the included studies' };
  return (
    <p class="onward-links"><a href={next.href}>{next.text}</a> · <a href={`/reviews/${model.slug}`}>Back to the Overview</a></p>
  );
}

function AllDone({ model }: { model: ScreenModel }) {
  return (
    <div class="empty-state screen-done">
      {model.closed !== null ? (
        <>
          <h2>Not open to you yet</h2>
          <p>{model.closed}</p>
        </>
      ) : model.relevance?.stoppedAt ? (
        <>
          <h2>Screening stopped</h2>
          <p>Title and abstract screening was recorded as stopped on its stopping estimate, so no more records are offered (see the estimate above).</p>
          <Onward model={model} />
        </>
      ) : model.othersHoldTheRest ? (
        <>
          <h2>Nothing free for you just now</h2>
          <p>The records still waiting for your decision are open on other reviewers’ screens. A record comes back to you if they skip it or leave it for a few minutes.</p>
          <p><a href={model.base}>Look again</a></p>
        </>
      ) : (
        <>
          <h2>Nothing left for you here</h2>
          <p>
            {model.progress.items === 0
              ? `No records have reached ${stageLabel(model.stage).toLowerCase()} screening yet.`
              : 'You have decided every record this stage has for you. Records waiting for another reviewer are not shown again.'}
          </p>
          <Onward model={model} />
        </>
      )}
      {model.progress.team !== null && model.progress.team.conflicts > 0 && model.viewer.mayResolve && (
        <p><a href={`${model.base}/conflicts`}>Resolve {model.progress.team.conflicts === 1 ? 'the conflict' : `the ${model.progress.team.conflicts} conflicts`}</a></p>
      )}
    </div>
  );
}

/** Everything below the page head: the region each decision, skip and undo swaps. */
export function ScreenRegion({ model }: { model: ScreenModel }) {
  return (
    <div id="screen" class="screen-region">
      <ScreeningProgress model={model} />
      <RelevancePanel model={model} />
      {model.notice && <div class="alert alert-ok screen-notice" role="status">{model.notice}</div>}
      {model.error && <div class="alert alert-error" role="alert">{model.error}</div>}
      {model.card === null ? <AllDone model={model} /> : (
        // data-release: where app.js tells the server, as the page is left, that this record is free for others;
        // data-read-after: how long app.js holds back decisions on a card just shown (read-first.ts).
        <div class="screen" data-record={model.card.record.id} data-release={`${model.base}/release`} data-read-after={MIN_ON_SCREEN_MS}>
          <div class="screen-main">
            <RecordCard card={model.card} slug={model.slug} />
            {model.fullText && <FullTextPanel slug={model.slug} model={model.fullText} csrfToken={model.csrfToken} pdfLimitMb={model.pdfLimitMb} moveOn />}
          </div>
          <aside class="screen-panel" aria-label="Decision">
            {model.fullText?.pdf && <FrameHint />}
            {model.card.mine && <p class="mine">You decided: <strong>{CHOICE_LABELS[model.card.mine.decision]}</strong>. Choose again to change it.</p>}
            <DecisionForm model={model} />
            <Navigation model={model} />
            <OthersDecisions model={model} />
            <ShortcutHelp />
          </aside>
          <Criteria model={model} />
        </div>
      )}
    </div>
  );
}

export function ScreeningPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ScreenModel }) {
  const stages = `/reviews/${model.slug}/screening`;
  return (
    <Layout ctx={ctx} title={`${stageLabel(model.stage)} screening`} review={review}>
      <div class="page-head screen-head">
        <h1>Screening</h1>
        <nav class="stage-switch" aria-label="Stage">
          {STAGES.map((stage) => (
            <a key={stage} href={`${stages}/${stagePath(stage)}`} aria-current={stage === model.stage ? 'page' : undefined}>{stageLabel(stage)}</a>
          ))}
        </nav>
        <nav class="screen-links" aria-label="Screening pages">
          {model.viewer.mayResolve && <a href={`${model.base}/conflicts`}>Conflicts</a>}
          <a href={`${stages}/agreement`}>Agreement</a>
          {review.isOwner && <a href={`${stages}/settings`}>Settings</a>}
        </nav>
      </div>
      <ScreenRegion model={model} />
    </Layout>
  );
}
