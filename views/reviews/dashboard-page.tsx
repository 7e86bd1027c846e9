import type { StageSummary } from '../../src/reviews/dashboard.js';
import type { MemberReview } from '../../src/reviews/review-repository.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

const STATE_TEXT: Record<StageSummary['state'], string> = {
  empty: 'Not started',
  waiting: 'Waiting for earlier stages',
  active: 'In progress',
  done: 'Done',
};

/** Each stage's page, under /reviews/:slug/. */
const STAGE_PAGES: Record<StageSummary['key'], string> = {
  import: 'imports',
  duplicates: 'duplicates',
  screening: 'screening/title-abstract',
  fulltext: 'screening/full-text',
  coding: 'coding',
  synthesis: 'synthesis',
  prisma: 'prisma',
};

/** A stage's conflict count leads an owner (owners resolve conflicts) to where they are resolved. */
function Detail({ text, stage, slug, isOwner }: { text: string; stage: StageSummary['key']; slug: string; isOwner: boolean }) {
  const conflicts = /\bconflicts?$/.test(text) && isOwner && (stage === 'screening' || stage === 'fulltext');
  return conflicts ? <a href={`/reviews/${slug}/${STAGE_PAGES[stage]}/conflicts`}>{text}</a> : <>{text}</>;
}

export function DashboardPage({ ctx, review, stages }: { ctx: PageContext; review: MemberReview; stages: StageSummary[] }) {
  return (
    <Layout ctx={ctx} title={review.title} review={{ slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'dashboard' }}>
      <h1>{review.title}</h1>
      {review.question && <p class="lede">{review.question}</p>}
      <ol class="stages" aria-label="Stages of the review">
        {stages.map((stage) => (
          <li key={stage.key} class={`stage stage-${stage.state}`} data-stage={stage.key}>
            <h2><a href={`/reviews/${review.slug}/${STAGE_PAGES[stage.key]}`}>{stage.label}</a></h2>
            {stage.count === null ? (
              <p class="stage-count muted">{stage.countLabel}</p>
            ) : (
              <p class="stage-count">
                <strong>{stage.count.toLocaleString('en-GB')}</strong> {stage.countLabel}
              </p>
            )}
            <ul class="stage-details">
              {stage.details.map((d) => <li key={d}><Detail text={d} stage={stage.key} slug={review.slug} isOwner={review.role === 'owner'} /></li>)}
            </ul>
            <p class="stage-state">{STATE_TEXT[stage.state]}</p>
          </li>
        ))}
      </ol>
      {review.description && (
        <section class="card">
          <h2>About this review</h2>
          <p class="prose">{review.description}</p>
        </section>
      )}
    </Layout>
  );
}
