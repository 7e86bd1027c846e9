import type { Conflict } from '../../src/screening/conflict-queries.js';
import { CHOICE_LABELS, stageLabel } from '../../src/screening/stages.js';
import type { Stage } from '../../src/db/schema.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface ConflictListModel {
  stage: Stage;
  /** /reviews/:slug/screening/:stage */
  base: string;
  conflicts: Conflict[];
  total: number;
}

/** All conflicts at a glance, each opening where it is resolved (conflict-page.tsx). */
export function ConflictListPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ConflictListModel }) {
  return (
    <Layout ctx={ctx} title={`Conflicts · ${stageLabel(model.stage)}`} review={review}>
      <p class="breadcrumb"><a href={`${model.base}/conflicts`}>← Resolve one at a time</a></p>
      <h1>Conflicts: {stageLabel(model.stage).toLowerCase()}</h1>
      <p class="lede">
        {model.total === 0 ? 'No conflicts.' : `${model.total} ${model.total === 1 ? 'record' : 'records'} the reviewers disagree on`}
        {model.total > model.conflicts.length ? `; the first ${model.conflicts.length} are listed.` : model.total === 0 ? '' : '.'}
      </p>
      <ol class="conflict-list">
        {model.conflicts.map((conflict) => (
          <li key={conflict.recordId} data-conflict={conflict.recordId}>
            <a href={`${model.base}/conflicts?record=${conflict.recordId}`}><RecordTitle title={conflict.title} /></a>
            <span class="muted"> {[conflict.firstAuthor, conflict.year].filter(Boolean).join(', ')}</span>
            <ul class="conflict-list-decisions">
              {conflict.decisions.map((d, i) => (
                <li key={i}><span class={`badge badge-${d.decision}`}>{CHOICE_LABELS[d.decision]}</span> {d.reviewer}{d.reason && <span class="muted"> · {d.reason}</span>}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
