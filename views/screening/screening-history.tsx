import type {
  CurrentDecision,
  DecisionShown,
  HistoryEvent,
  ScreeningHistoryModel,
  StageHistory,
} from '../../src/screening/screening-history.js';
import { CHOICE_LABELS } from '../../src/screening/stages.js';
import type { ItemStatus } from '../../src/db/schema.js';
import { CsrfField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';

export interface ScreeningHistoryProps {
  model: ScreeningHistoryModel;
  csrfToken: string;
  /** The review's short name, for addresses. */
  slug: string;
  /** After an undo: what happened, or why it could not. */
  notice?: string | null;
  error?: string | null;
}

const STATUS_TEXT: Record<ItemStatus, string> = {
  open: 'Waiting for decisions',
  conflict: 'Conflict: reviewers disagree',
  decided: 'Decided',
  not_retrieved: 'Report not retrieved',
};

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function Choice({ value }: { value: DecisionShown | null }) {
  if (value === null) return <span class="muted">no decision</span>;
  return (
    <>
      <span class={`badge screening-badge screening-${value.decision}`}>{CHOICE_LABELS[value.decision]}</span>
      {value.reason !== null && <span class="screening-reason"> ({value.reason})</span>}
    </>
  );
}

function Details({ value }: { value: DecisionShown | null }) {
  if (value === null || (value.note === '' && value.labels.length === 0)) return null;
  return (
    <span class="screening-details">
      {value.labels.map((label) => <span key={label} class="chip">{label}</span>)}
      {value.note !== '' && <q>{value.note}</q>}
    </span>
  );
}

function Decision({ decision }: { decision: CurrentDecision }) {
  return (
    <li>
      <strong>{decision.isViewer ? 'You' : decision.reviewerName}</strong>: <Choice value={decision} />{' '}
      <time class="muted" datetime={decision.decidedAt}>{when(decision.decidedAt)}</time>
      <Details value={decision} />
    </li>
  );
}

function EventLine({ event, slug, csrfToken }: { event: HistoryEvent; slug: string; csrfToken: string }) {
  const action = `/reviews/${slug}/screening/events/${event.id}/undo`;
  const who = event.byViewer ? 'You' : event.actorName;
  let what;
  if (event.kind === 'retrieval') {
    what = event.notRetrieved ? ' marked the report not retrieved' : ' marked the report retrieved again';
  } else {
    const whose = event.kind === 'final' ? 'the final decision' : 'a decision';
    what = (
      <>
        {event.undoes !== null ? ` undid a change to ${whose}: ` : event.kind === 'final' ? ' (final decision): ' : ': '}
        <Choice value={event.before} /> → <Choice value={event.after} />
      </>
    );
  }
  return (
    <li id={`screening-event-${event.id}`} class={event.undoneBy !== null ? 'screening-event undone' : 'screening-event'}>
      <time datetime={event.at}>{when(event.at)}</time> <strong>{who}</strong>{what}
      {event.undoneBy !== null && <span class="muted"> (undone)</span>}
      <Details value={event.after} />
      {event.mayUndo && (
        <form method="post" action={action} hx-post={action} hx-target="#screening-history" hx-swap="outerHTML" class="inline screening-undo">
          <CsrfField token={csrfToken} />
          <button type="submit" class="button-link">Undo</button>
        </form>
      )}
    </li>
  );
}

function blindNote(stage: StageHistory): string | null {
  if (!stage.blind || stage.othersVisible) return null;
  return 'Blind screening: other reviewers’ decisions, their changes and where the record stands are not shown here';
}

function Stage({ stage, slug, csrfToken }: { stage: StageHistory; slug: string; csrfToken: string }) {
  const note = blindNote(stage);
  return (
    <section class="screening-history-stage" aria-label={stage.label}>
      <h3>
        {stage.label}
        {stage.status !== null && <span class={`badge screening-status screening-status-${stage.status}`}>{STATUS_TEXT[stage.status]}</span>}
        {stage.outcome !== null && <span class={`badge screening-badge screening-${stage.outcome}`}>Outcome: {CHOICE_LABELS[stage.outcome]}</span>}
      </h3>
      {!stage.active && <p class="hint">This record is a duplicate: its primary record is screened instead.</p>}
      {note && <p class="blind-note">{note}.</p>}
      {stage.decisions.length > 0 ? (
        <ul class="screening-decisions">{stage.decisions.map((d) => <Decision key={d.reviewerId} decision={d} />)}</ul>
      ) : (
        <p class="muted">{note ? 'You have not decided this record yet.' : 'No decisions yet.'}</p>
      )}
      {stage.final && (
        <p class="screening-final">
          <strong>Final decision</strong>: <Choice value={stage.final} />
          {stage.final.byName && <> by {stage.final.byName}</>}
          {stage.final.at && <> <time class="muted" datetime={stage.final.at}>{when(stage.final.at)}</time></>}
          <Details value={stage.final} />
        </p>
      )}
      {stage.events.length > 0 && (
        <details class="screening-events" open>
          <summary>Changes ({stage.events.length})</summary>
          <ol>{stage.events.map((e) => <EventLine key={e.id} event={e} slug={slug} csrfToken={csrfToken} />)}</ol>
        </details>
      )}
    </section>
  );
}

/**
 * A record's screening history (src/screening/screening-history.ts loads it for one viewer):
 * per stage, where it stands, the decisions, the final decision and each change, with Undo on
 * the changes the viewer can put back. Undo answers htmx with this same region.
 */
export function ScreeningHistory({ model, csrfToken, slug, notice, error }: ScreeningHistoryProps) {
  const recordUrl = (id: number) => `/reviews/${slug}/records/${id}`;
  return (
    <section id="screening-history" class="screening-history card" aria-labelledby="screening-history-heading">
      <h2 id="screening-history-heading">Screening</h2>
      {notice && <p class="alert alert-ok" role="status">{notice}</p>}
      {error && <p class="alert alert-error" role="alert">{error}</p>}
      {model.stages.map((stage) => <Stage key={stage.stage} stage={stage} slug={slug} csrfToken={csrfToken} />)}
      {model.merged.length > 0 && (
        <section class="screening-history-merged" aria-labelledby="screening-merged-heading">
          <h3 id="screening-merged-heading">Decisions made on records merged into this one</h3>
          <ul>
            {model.merged.map((m) => (
              <li key={m.recordId}>
                <a href={recordUrl(m.recordId)}><RecordTitle title={m.title} /></a>
                <ul class="screening-decisions">
                  {m.decisions.map((d) => (
                    <li key={`${d.stage}-${d.reviewerId}`}>
                      {d.stageLabel} · <strong>{d.isViewer ? 'You' : d.reviewerName}</strong>: <Choice value={d} />{' '}
                      <time class="muted" datetime={d.decidedAt}>{when(d.decidedAt)}</time>
                      <Details value={d} />
                    </li>
                  ))}
                </ul>
                {m.othersHidden && <p class="blind-note">Other reviewers’ decisions on it are not shown (blind screening).</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
