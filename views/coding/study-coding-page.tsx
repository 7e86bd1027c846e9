import { codeClass } from '../../src/coding/code-colours.js';
import type { CodeNode } from '../../src/coding/coding-queries.js';
import { MAX_STUDY_MEMO } from '../../src/coding/coding-service.js';
import { CsrfField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ColoursLink, Paragraphs, Problems, when } from './code-parts.js';
import { locked, type StudyCodingModel } from './study-coding-model.js';
import { ExcerptsRegion } from './study-excerpts.js';
import { StudyReportsPanel } from './study-reports.js';
import { PassPanel } from '../double-coding/pass-panel.js';

const MAX_AUTHORS = 8;


/** One code as a chip that applies or removes it; the id keeps keyboard focus on it across swaps. */
function Chip({ code, applied }: { code: CodeNode; applied: boolean }) {
  return (
    <button
      type="submit"
      id={`chip-${code.id}`}
      name={applied ? 'remove' : 'apply'}
      value={String(code.id)}
      aria-pressed={applied ? 'true' : 'false'}
      class={`code-chip ${codeClass(code.id)}${code.depth >= 2 ? ' code-chip-sub' : ''}`}
      title={code.description || undefined}
    >
      {code.name}
    </button>
  );
}

/** Codes applied to the study as a whole: pressed chips, grouped by code group in its colour. */
export function StudyCodesRegion({ model }: { model: StudyCodingModel }) {
  const applied = new Set(model.coding.codeIds);
  const action = `${model.studyBase}/codes`;
  return (
    <section id="study-codes" class="coding-panel" aria-labelledby="study-codes-heading">
      <h2 id="study-codes-heading">Codes for the study <span class="count muted">{applied.size}</span></h2>
      {model.codes?.notice && <p class="coding-notice" role="status">{model.codes.notice}</p>}
      {model.codes?.error && <div class="alert alert-error" role="alert">{model.codes.error}</div>}
      {model.groups.length === 0 ? (
        <p class="empty">The codebook is empty. <a href={`${model.base}/codebook`}>Set it up</a> first.</p>
      ) : (
        <form method="post" action={action} hx-post={action} hx-target="#study-codes" hx-swap="outerHTML">
          <CsrfField token={model.csrfToken} />
          {model.groups.map((group) => (
            <fieldset key={group.key} class="chip-group" disabled={locked(model)}>
              <legend title={group.description || undefined}>{group.name}</legend>
              <ul class="code-chips">
                {group.codes.map((code) => (
                  <li key={code.id} class={code.children.length > 0 ? 'has-subcodes' : undefined}>
                    <Chip code={code} applied={applied.has(code.id)} />
                    {code.children.length > 0 && (
                      <ul class="code-subchips" aria-label={`Sub-codes of ${code.name}`}>
                        {code.children.map((sub) => <li key={sub.id}><Chip code={sub} applied={applied.has(sub.id)} /></li>)}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
        </form>
      )}
    </section>
  );
}

export function StudyMemoRegion({ model }: { model: StudyCodingModel }) {
  const action = `${model.studyBase}/memo`;
  const state = model.memo;
  const { coding } = model;
  return (
    <section id="study-memo" class="coding-panel" aria-labelledby="study-memo-heading">
      <h2 id="study-memo-heading"><label for="f-study-memo">Study memo</label></h2>
      {state?.notice && <p class="coding-notice" role="status">{state.notice}</p>}
      <form method="post" action={action} hx-post={action} hx-target="#study-memo" hx-swap="outerHTML">
        <CsrfField token={model.csrfToken} />
        <div class={state?.errors?.memo ? 'field has-error' : 'field'}>
          <textarea id="f-study-memo" name="memo" rows={6} maxLength={MAX_STUDY_MEMO} aria-describedby="f-study-memo-hint">{state?.draft ?? coding.memo}</textarea>
          {state?.errors && <Problems errors={state.errors} />}
          <p class="hint" id="f-study-memo-hint">
            {coding.memoUpdatedAt
              ? <>Saved by {coding.memoUpdatedByName ?? 'someone'} <time datetime={coding.memoUpdatedAt}>{when(coding.memoUpdatedAt)}</time>.</>
              : 'Your reading of the study as a whole: one memo per study, shared by the team.'}
          </p>
        </div>
        <button type="submit" class="button-secondary">Save memo</button>
      </form>
      {coding.reportMemos.map((memo) => (
        <div class="report-memo" key={memo.recordId}>
          <p class="muted">Memo written on report #{memo.recordId} before its reports were grouped:</p>
          <Paragraphs text={memo.text} />
        </div>
      ))}
    </section>
  );
}

function StudyNav({ model }: { model: StudyCodingModel }) {
  const { nav } = model;
  return (
    <nav class="study-nav" aria-label="Studies">
      <a href={model.base}>← All studies</a>
      <span class="muted">Study {nav.index + 1} of {nav.total}</span>
      <span class="study-nav-steps">
        {nav.previous && <a href={`${model.base}/studies/${nav.previous.id}`} rel="prev" data-shortcut="k" aria-keyshortcuts="K">‹ {nav.previous.label}</a>}
        {nav.next && <a href={`${model.base}/studies/${nav.next.id}`} rel="next" data-shortcut="j" aria-keyshortcuts="J">{nav.next.label} ›</a>}
      </span>
    </nav>
  );
}

export function StudyCodingPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: StudyCodingModel }) {
  const { study } = model;
  const authors = study.authors.length > MAX_AUTHORS ? [...study.authors.slice(0, MAX_AUTHORS), `and ${study.authors.length - MAX_AUTHORS} more`] : study.authors;
  return (
    <Layout ctx={ctx} title={`Coding · ${study.label}`} review={review}>
      <ColoursLink href={model.coloursHref} />
      <StudyNav model={model} />
      <div class="coding-study" data-study={study.id}>
        <div class="coding-main">
          <article class="card coding-record" aria-labelledby="study-label">
            <p class="screen-meta">{[study.year, study.journal].filter(Boolean).join(' · ')}{study.doi && <span> · doi:{study.doi}</span>}</p>
            <h1 id="study-label" class="study-heading">{study.label}</h1>
            <p class="study-full-title"><RecordTitle title={study.title} /></p>
            {authors.length > 0 && <p class="screen-authors">{authors.join('; ')}</p>}
            {study.abstract ? (
              <details class="study-abstract" open>
                <summary>Abstract</summary>
                <div class="screen-abstract"><Paragraphs text={study.abstract} /></div>
              </details>
            ) : <p class="empty">No abstract in the imported record.</p>}
            <p class="study-record-link">
              <a href={study.recordHref}>Record details and full text</a> · <a href={`${model.base}/studies/${study.id}/extraction`}>Extract data</a>
            </p>
            {!model.pass && <StudyReportsPanel model={model.reports} csrfToken={model.csrfToken} />}
            {model.consensusHref && <p class="hint">Double coded: the agreed coding below is built at the <a href={model.consensusHref}>consensus</a>.</p>}
          </article>
          <ExcerptsRegion model={model} />
        </div>
        <aside class="coding-side" aria-label="Study coding">
          <StudyCodesRegion model={model} />
          {model.pass ? <PassPanel model={model.pass} csrfToken={model.csrfToken} /> : <StudyMemoRegion model={model} />}
        </aside>
      </div>
      <p class="hint coding-keys">Keys: <kbd>J</kbd> next study, <kbd>K</kbd> previous; Tab moves between codes, Space or Enter presses one.</p>
    </Layout>
  );
}
