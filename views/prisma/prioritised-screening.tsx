import { formatP, methodsSentence, type StageEstimate } from '../../src/ranker/stopping-estimate.js';

const fmt = (n: number) => n.toLocaleString('en-GB');

/**
 * Title and abstract screened in relevance order: what the methods can cite, and how to report the
 * records left unscreened. The diagram never moves them by itself: stopping is the team's decision.
 */
export function PrioritisedScreening({ estimate: e, stopped, reviewBase }: { estimate: StageEstimate; stopped: number | null; reviewBase: string }) {
  const target = `${Math.round(e.recallTarget * 100)}%`;
  const unscreened = e.total - e.screened;
  return (
    <section class="card prisma-stopping" aria-labelledby="prisma-stopping-title">
      <h2 id="prisma-stopping-title">Prioritised screening</h2>
      {e.targetReached ? (
        <p class="methods-sentence">“{methodsSentence('Title and abstract', e, stopped !== null)}”</p>
      ) : (
        <p>
          Title and abstract records are screened in relevance order. The stopping test has not yet shown recall ≥ {target}
          {e.pValue === null ? ' (no relevant record found yet)' : ` (${formatP(e.pValue)})`}: {fmt(e.screened)} of {fmt(e.total)} records screened.
        </p>
      )}
      {stopped !== null ? (
        <p>
          Screening was recorded as stopped here: the {fmt(stopped)} records left unscreened are counted as “Records marked as ineligible by automation tools”
          (the ranking model and the stopping test). An owner can resume it from the <a href={`${reviewBase}/screening/title-abstract`}>screening page</a>.
        </p>
      ) : unscreened > 0 && e.targetReached ? (
        <p class="hint">
          If the team stops here, an owner records it from the stopping estimate on the <a href={`${reviewBase}/screening/title-abstract`}>screening page</a>:
          the {fmt(unscreened)} records not screened are then counted as “Records marked as ineligible by automation tools”, as PRISMA 2020 reports them.
        </p>
      ) : null}
    </section>
  );
}
