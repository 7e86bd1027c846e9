import type { RankingState } from '../../src/ranker/ranking-state.js';
import { formatP, methodsSentence, type StageEstimate } from '../../src/ranker/stopping-estimate.js';
import type { ScreenModel } from '../../src/screening/screen-model.js';
import { blindResults } from '../../src/screening/visibility.js';
import { stageLabel } from '../../src/screening/stages.js';
import { CsrfField } from '../components/forms.js';
import { FoundCurve } from './found-curve.js';

const n = (value: number) => value.toLocaleString('en-GB');
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The line under the progress in relevance order, opening onto the found-against-screened curve and the stopping estimate. */
export function RelevancePanel({ model }: { model: ScreenModel }) {
  const relevance = model.relevance;
  if (relevance === null) return null;
  if (relevance.state === null) {
    return <p class="relevance-line muted">Relevance order: the records most likely to be included come first, learned from settled decisions. {blindResults(model.stage)}</p>;
  }
  const { state } = relevance;
  return (
    // Once screening is recorded as stopped the panel stays open (it says why nothing is offered), whatever was remembered.
    <details class="relevance" data-remember={relevance.stoppedAt === null ? 'relevance' : undefined} open={relevance.stoppedAt !== null || undefined}>
      <summary>
        <span class="relevance-line">
          <strong>Relevance order</strong> · {orderedBy(state)}
          {state.updating && <span class="muted"> · updating</span>}
        </span>
        {state.estimate && state.estimate.relevantFound > 0 && <span class="relevance-estimate"> · {estimateHeadline(state.estimate)}</span>}
      </summary>
      {state.estimate === null ? <p class="muted">Nothing has been screened yet.</p> : <EstimateDetails estimate={state.estimate} stage={model.stage} stopped={relevance.stoppedAt !== null} />}
      <StopOrResume model={model} reached={state.estimate?.targetReached === true && !state.updating} />
    </details>
  );
}

function orderedBy(state: RankingState): string {
  if (state.rankedBy === 'model') {
    return `ranked by a model trained on ${n(state.relevantLabels + state.irrelevantLabels)} settled decisions (${n(state.relevantLabels)} relevant)`;
  }
  return `seeded random order until one include and one exclude have settled (${n(state.relevantLabels)} and ${n(state.irrelevantLabels)} so far)`;
}

function estimateHeadline(e: StageEstimate): string {
  const target = percent(e.recallTarget);
  return e.targetReached ? `recall ≥ ${target} reached (${formatP(e.pValue!)})` : `recall ≥ ${target} not yet shown (${formatP(e.pValue!)})`;
}

function EstimateDetails({ estimate: e, stage, stopped }: { estimate: StageEstimate; stage: ScreenModel['stage']; stopped: boolean }) {
  const target = percent(e.recallTarget);
  const unscreened = e.total - e.screened;
  return (
    <div class="relevance-details">
      <FoundCurve estimate={e} />
      <div class="relevance-text">
        <p>
          <strong>{n(e.relevantFound)}</strong> relevant found in <strong>{n(e.screened)}</strong> of {n(e.total)} records screened.
        </p>
        {e.pValue === null ? (
          <p>No relevant record has been found yet, so there is no estimate: a run of irrelevant records alone says nothing about what remains.</p>
        ) : (
          <>
            <p class="stopping-estimate">
              {e.targetReached
                ? <>Stopping estimate: recall is at least <strong>{target}</strong> with 95% confidence ({formatP(e.pValue)} for “recall below {target}”).</>
                : <>Stopping estimate: recall below {target} cannot be ruled out yet ({formatP(e.pValue)}; the test needs p &lt; 0.05).</>}{' '}
              At most <strong>{n(e.maxRemaining)}</strong> relevant {e.maxRemaining === 1 ? 'record remains' : 'records remain'} among the {n(unscreened)} not yet screened (95%).
            </p>
            {e.targetReached && <p class="methods-sentence">For the methods: “{methodsSentence(stageLabel(stage), e, stopped)}”</p>}
          </>
        )}
        <p class="hint">
          How it is worked out: the records screened last are treated as a random draw from themselves and every record not yet screened, and the test asks
          how likely so few relevant records would be in that draw if recall were still below {target} (a hypergeometric test over every run of last-screened
          records). Ranking puts likely relevant records first, so the unscreened ones are if anything less likely to be relevant than that draw, and the
          estimate errs on the cautious side. It counts settled decisions only, in the order they first settled; records excluded in bulk from the records list
          count as screened when they were excluded, so bulk exclusions must be certain ones. It assumes the remaining records come from the same searches
          and says nothing about records a search missed. A run of irrelevant records in a row is never taken as a reason to stop.
        </p>
      </div>
    </div>
  );
}

/** An owner records that title and abstract screening stops here (once the test says so), or takes it back. */
function StopOrResume({ model, reached }: { model: ScreenModel; reached: boolean }) {
  const relevance = model.relevance!;
  const action = `/reviews/${model.slug}/screening/title-abstract`;
  if (relevance.stoppedAt !== null) {
    return (
      <form method="post" action={`${action}/resume`} class="relevance-stop">
        <CsrfField token={model.csrfToken} />
        <p>
          <strong>Screening was recorded as stopped here</strong> on {relevance.stoppedAt.slice(0, 10)}: nobody is offered the records left, and PRISMA counts
          them as marked ineligible by an automation tool.
        </p>
        {relevance.mayStop && <button type="submit" class="button-secondary">Resume screening</button>}
      </form>
    );
  }
  if (!relevance.mayStop || !reached) return null;
  return (
    <form method="post" action={`${action}/stop`} class="relevance-stop">
      <CsrfField token={model.csrfToken} />
      <p>The stopping test says the recall target is reached. If the team stops here, record it: nobody is offered the records left, and PRISMA counts them as marked ineligible by an automation tool (it can be taken back).</p>
      <button type="submit" class="button-secondary">Stop title and abstract screening here</button>
    </form>
  );
}
