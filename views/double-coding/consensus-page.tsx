import type { CodeNode, CodedExcerpt, IncludedStudyCoding } from '../../src/coding/coding-queries.js';
import type { CodingPass } from '../../src/double-coding/pass-queries.js';
import { pageLocation } from '../../src/synthesis/export-text.js';
import { CodeTag, ColoursLink, when } from '../coding/code-parts.js';
import { CsrfField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface ConsensusModel {
  /** /reviews/:slug/coding */
  base: string;
  /** /reviews/:slug/coding/studies/:id */
  studyBase: string;
  coloursHref: string;
  csrfToken: string;
  study: { id: number; label: string; title: string };
  codesById: Map<number, CodeNode>;
  /** The study's two finished passes, first started first. */
  passes: CodingPass[];
  /** The study's agreed coding so far. */
  agreed: IncludedStudyCoding;
  completed: { by: string | null; at: string } | null;
  notice?: string;
  error?: string;
}

function Codes({ model, ids }: { model: ConsensusModel; ids: readonly number[] }) {
  return <>{ids.map((id) => { const code = model.codesById.get(id); return code ? <CodeTag key={id} code={code} /> : null; })}</>;
}

function QuotedExcerpt({ model, excerpt }: { model: ConsensusModel; excerpt: CodedExcerpt }) {
  return (
    <>
      <blockquote class="excerpt-text" lang={excerpt.language || undefined}>{excerpt.text}</blockquote>
      {excerpt.translation && <blockquote class="excerpt-translation">{excerpt.translation}</blockquote>}
      <p class="excerpt-meta">
        {excerpt.location && <span class="excerpt-location">{pageLocation(excerpt.location)}</span>}
        <Codes model={model} ids={excerpt.codeIds} />
      </p>
      {excerpt.memo && <p class="excerpt-memo"><span class="muted">Memo:</span> {excerpt.memo}</p>}
    </>
  );
}

function PassColumn({ model, pass }: { model: ConsensusModel; pass: CodingPass }) {
  const take = `${model.studyBase}/consensus/take`;
  return (
    <section class="card consensus-pass" aria-label={`${pass.coderName}’s pass`} data-coder={pass.coderId}>
      <h2>{pass.coderName}’s pass</h2>
      <p class="muted">Finished <time datetime={pass.finishedAt ?? ''}>{when(pass.finishedAt ?? '')}</time></p>
      <h3>Codes for the study</h3>
      {pass.coding.codeIds.length === 0 ? <p class="empty">None.</p> : <p class="excerpt-meta"><Codes model={model} ids={pass.coding.codeIds} /></p>}
      <h3>Excerpts <span class="count muted">{pass.coding.excerpts.length}</span></h3>
      {pass.coding.excerpts.length === 0 ? <p class="empty">No excerpts.</p> : (
        <ol class="excerpt-list">
          {pass.coding.excerpts.map((excerpt) => (
            <li key={excerpt.id} class="excerpt" data-pass-excerpt={excerpt.id}>
              <QuotedExcerpt model={model} excerpt={excerpt} />
              {excerpt.takenExcerptId !== null ? <p><span class="badge">In the agreed coding</span></p> : (
                <form method="post" action={take} class="inline">
                  <CsrfField token={model.csrfToken} />
                  <input type="hidden" name="passExcerpt" value={String(excerpt.id)} />
                  <button type="submit" class="button-secondary">Take this excerpt as it is</button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ConsensusPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ConsensusModel }) {
  const { agreed } = model;
  return (
    <Layout ctx={ctx} title={`Consensus · ${model.study.label}`} review={review}>
      <ColoursLink href={model.coloursHref} />
      <nav class="study-nav" aria-label="Studies"><a href={model.base}>← All studies</a> <a href={model.studyBase}>The study’s coding page</a></nav>
      <h1>Consensus · {model.study.label}</h1>
      {model.notice && <p class="coding-notice" role="status">{model.notice}</p>}
      {model.error && <div class="alert alert-error" role="alert">{model.error}</div>}
      <p class="lede">
        Both coders have finished. Build the agreed coding, which the synthesis, the chart and the chapter read: take either
        side’s excerpts as they are, then edit them, add others and apply the study’s codes on <a href={model.studyBase}>the study’s coding page</a>.
      </p>
      <div class="consensus-passes">
        {model.passes.map((pass) => <PassColumn key={pass.coderId} model={model} pass={pass} />)}
      </div>
      <section class="card consensus-agreed" aria-labelledby="agreed-heading">
        <h2 id="agreed-heading">Agreed coding</h2>
        <h3>Codes for the study</h3>
        {agreed.codeIds.length === 0 ? <p class="empty">None yet.</p> : <p class="excerpt-meta"><Codes model={model} ids={agreed.codeIds} /></p>}
        <h3>Excerpts <span class="count muted">{agreed.excerpts.length}</span></h3>
        {agreed.excerpts.length === 0 ? <p class="empty">None yet.</p> : (
          <ol class="excerpt-list">
            {agreed.excerpts.map((excerpt) => <li key={excerpt.id} class="excerpt" data-excerpt={excerpt.id}><QuotedExcerpt model={model} excerpt={excerpt} /></li>)}
          </ol>
        )}
        <p><a href={model.studyBase}>Edit, add excerpts and apply codes on the study’s coding page</a></p>
        {model.completed ? (
          <p><span class="badge">Consensus complete</span> {model.completed.by ?? 'Someone'} <time datetime={model.completed.at}>{when(model.completed.at)}</time></p>
        ) : (
          <form method="post" action={`${model.studyBase}/consensus/complete`} data-confirm="Declare the consensus on this study complete?">
            <CsrfField token={model.csrfToken} />
            <button type="submit">Consensus complete</button>
          </form>
        )}
      </section>
    </Layout>
  );
}
