import type { MergeGroup, QueuePair, StudyReports } from '../../src/dedup/dedup-queries.js';
import type { Job } from '../../src/jobs/job-store.js';
import { RecordTitle } from '../components/record-title.js';
import { CsrfField, PostButton } from '../components/forms.js';
import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { MergeList } from './merge-list.js';
import { PairCompare } from './pair-compare.js';

export interface DuplicatesModel {
  review: ReviewNav;
  /** /reviews/:slug/duplicates */
  base: string;
  csrfToken: string;
  marked: number;
  pending: number;
  /** Position of the shown pair in the queue (0: highest score). */
  at: number;
  pair: QueuePair | null;
  bulk: { minScore: number; count: number };
  merges: MergeGroup[];
  /** Studies with more than one report (works a person decided are versions of one work). */
  studies: StudyReports[];
  /** The newest duplicate check (after an import or "Find duplicates"). */
  check: Job | null;
  notice?: string;
  /** The merge the notice reports, offered to undo beside it. */
  undo?: number;
  error?: string;
}

const PAIR_KIND: Record<QueuePair['kind'], string> = {
  certain: 'The same work',
  probable: 'Possibly the same work',
  version: 'Possibly versions of one work (a preprint and its article, two DOIs of one work)',
  related: 'Related reports (a conference abstract and its article): keep both, or count them as one study (V)',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const percent = (score: number) => `${Math.round(score * 100)}%`;

// Decisions swap the whole region, so the progress, bulk count and merges stay true after each one.
const swapRegion = { 'hx-target': '#duplicates', 'hx-swap': 'outerHTML' };

function Decision({ model, pair, decision, shortcut, label }: { model: DuplicatesModel; pair: QueuePair; decision: string; shortcut: string; label: string }) {
  const action = `${model.base}/pairs/${pair.id}`;
  return (
    <form method="post" action={action} hx-post={action} {...swapRegion} class="inline">
      <CsrfField token={model.csrfToken} />
      <input type="hidden" name="decision" value={decision} />
      <input type="hidden" name="at" value={String(model.at)} />
      <button type="submit" class={decision === 'same' ? undefined : 'button-secondary'} data-shortcut={shortcut} aria-keyshortcuts={shortcut.toUpperCase()}>
        {label} <kbd>{shortcut.toUpperCase()}</kbd>
      </button>
    </form>
  );
}

function Queue({ model }: { model: DuplicatesModel }) {
  const { pair, pending } = model;
  if (!pair) {
    return (
      <div class="empty-state">
        <h3>No pairs to check</h3>
        <p>Every probable duplicate found so far has been decided. Run “Find duplicates” after new imports or edits.</p>
      </div>
    );
  }
  const move = (to: number, shortcut: string, label: string, rel: string) => {
    const href = `${model.base}?at=${(to + pending) % pending}`;
    return <a href={href} hx-get={href} {...swapRegion} rel={rel} data-shortcut={shortcut} aria-keyshortcuts={shortcut.toUpperCase()}>{label}</a>;
  };
  return (
    <div class="pair" data-pair={pair.id}>
      <div class="pair-head">
        <p class="pair-kind">
          {PAIR_KIND[pair.kind]}
          <span class="badge">score {percent(pair.score)}</span>
        </p>
        {pending > 1 && (
          <p class="pair-nav">
            {move(model.at - 1, 'k', '← Previous', 'prev')} <span class="muted">pair {model.at + 1} of {pending}</span> {move(model.at + 1, 'j', 'Skip →', 'next')}
          </p>
        )}
      </div>
      <p class="pair-reasons">Why: {pair.reasons.join('; ')}.</p>
      {/* Above the comparison, so the answer stays on a laptop screen without scrolling. */}
      <div class="form-actions pair-decisions">
        <Decision model={model} pair={pair} decision="same" shortcut="s" label="Same work" />
        <Decision model={model} pair={pair} decision="different" shortcut="d" label="Not duplicates" />
        <Decision model={model} pair={pair} decision="versions" shortcut="v" label="Versions of one work" />
      </div>
      <PairCompare pair={pair} slug={model.review.slug} />
      <details class="shortcut-help">
        <summary data-shortcut="?">Keyboard shortcuts <kbd>?</kbd></summary>
        <dl>
          <dt><kbd>S</kbd></dt><dd>Same work: merge them (undo below)</dd>
          <dt><kbd>D</kbd></dt><dd>Not duplicates: keep both</dd>
          <dt><kbd>V</kbd></dt><dd>Versions of one work: keep both, as reports of one study</dd>
          <dt><kbd>J</kbd> / <kbd>→</kbd></dt><dd>Skip to the next pair</dd>
          <dt><kbd>K</kbd> / <kbd>←</kbd></dt><dd>Back to the previous pair</dd>
        </dl>
      </details>
    </div>
  );
}

function BulkConfirm({ model }: { model: DuplicatesModel }) {
  const { minScore, count } = model.bulk;
  const label = `Confirm the ${plural(count, 'pair')} scoring ≥ ${percent(minScore)} as the same work`;
  return (
    <section class="card bulk-confirm" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">Confirm many at once</h2>
      <form method="get" action={model.base} class="inline-form">
        <div class="field field-narrow">
          <label for="f-min">Lowest score (%)</label>
          <input id="f-min" name="min" type="number" min="50" max="100" step="1" value={String(Math.round(minScore * 100))} />
        </div>
        <button type="submit" class="button-secondary">Count pairs</button>
      </form>
      {count > 0 ? (
        <PostButton action={`${model.base}/confirm`} csrfToken={model.csrfToken} label={label} class="bulk-button" hidden={{ min: String(Math.round(minScore * 100)) }}
          confirm={`Merge ${plural(count, 'pair')} as the same work? Each merge can be undone below.`} />
      ) : (
        <p class="muted">No pending pair scores {percent(minScore)} or more.</p>
      )}
    </section>
  );
}

/** Versions of one work stay separate records, grouped as reports of one study (PRISMA counts both). */
function Studies({ model }: { model: DuplicatesModel }) {
  const url = (id: number) => `/reviews/${model.review.slug}/records/${id}`;
  return (
    <section aria-labelledby="studies-heading">
      <h2 id="studies-heading">Studies with several reports</h2>
      <p class="hint">Kept as versions of one work: each report is screened, PRISMA counts them as one study. Open a report to count it as a study of its own.</p>
      <ol class="study-list">
        {model.studies.map((reports) => (
          <li key={reports[0]!.id}>
            <ul>{reports.map((r) => <li key={r.id}><a href={url(r.id)}><RecordTitle title={r.title} /></a></li>)}</ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Everything below the heading: the region htmx swaps after each decision. */
export function DuplicatesRegion({ model }: { model: DuplicatesModel }) {
  return (
    <div id="duplicates">
      <p class="lede">{plural(model.marked, 'record')} linked as duplicates · {plural(model.pending, 'pair')} to check</p>
      {model.notice && (
        <div class="alert alert-ok" role="status">
          {model.notice}
          {model.undo !== undefined && (
            <PostButton action={`${model.base}/merges/${model.undo}/undo`} csrfToken={model.csrfToken} label="Undo" class="button-secondary notice-undo">
              Undo<span class="visually-hidden"> this merge</span>
            </PostButton>
          )}
        </div>
      )}
      {model.error && <div class="alert alert-error" role="alert">{model.error}</div>}
      {model.check && <CheckStatus model={model} check={model.check} />}
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">Pairs to check <span class="queue-left">{plural(model.pending, 'pair')} left</span></h2>
        <Queue model={model} />
      </section>
      {model.pending > 0 && <BulkConfirm model={model} />}
      <section aria-labelledby="merges-heading">
        <h2 id="merges-heading">Merged records</h2>
        <p class="hint">Duplicates are linked to a primary record, never deleted. Undo a merge to separate its records again.</p>
        <MergeList groups={model.merges} base={model.base} slug={model.review.slug} csrfToken={model.csrfToken} />
      </section>
      {model.studies.length > 0 && <Studies model={model} />}
    </div>
  );
}

/**
 * Where the newest duplicate check stands. While it runs, the region asks again every second (a
 * morph keeps focus and the pair being read in place); its outcome stays until the next check.
 */
function CheckStatus({ model, check }: { model: DuplicatesModel; check: Job }) {
  if (check.state === 'queued' || check.state === 'running') {
    return (
      <div class="progress check-status" data-check-state={check.state} hx-get={`${model.base}?at=${model.at}`} hx-trigger="every 1s" hx-target="#duplicates" hx-swap="outerMorph">
        <span class="spinner" aria-hidden="true" />
        <div>
          <p class="progress-step">Checking for duplicates…</p>
          <p class="progress-detail muted">{check.progress || (check.state === 'queued' ? 'Waiting for its turn' : 'Starting…')}</p>
        </div>
      </div>
    );
  }
  const when = (check.finishedAt ?? check.createdAt).slice(0, 16).replace('T', ' ');
  if (check.state === 'failed') return <div class="alert alert-error check-status" data-check-state="failed" role="alert">{check.error} (check of {when} UTC)</div>;
  const { newPairs = 0, merges = 0, queued = 0 } = check.result;
  // Two lines, as the running status has, so the pair below does not jump when the check ends.
  return (
    <div class="alert alert-ok check-status" data-check-state="done" role="status">
      <p>Last check {when} UTC:</p>
      <p>{newPairs === 0 ? 'no new duplicates found.' : `found ${plural(newPairs, 'new pair')}: ${plural(merges, 'group')} merged automatically, ${plural(queued, 'pair')} to check.`}</p>
    </div>
  );
}

/** The duplicates of a review: the queue of probable pairs, bulk confirm, and the merges made. */
export function DuplicatesPage({ ctx, model }: { ctx: PageContext; model: DuplicatesModel }) {
  return (
    <Layout ctx={ctx} title="Duplicates" review={model.review}>
      <div class="page-head">
        <h1>Duplicates</h1>
        <PostButton action={`${model.base}/detect`} csrfToken={model.csrfToken} label="Find duplicates" />
      </div>
      <DuplicatesRegion model={model} />
    </Layout>
  );
}
