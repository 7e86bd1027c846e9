import { codeClass } from '../../src/coding/code-colours.js';
import type { CodeNode, CodedExcerpt, IncludedStudyCoding } from '../../src/coding/coding-queries.js';
import { MAX_EXCERPT_MEMO, MAX_EXCERPT_TEXT, MAX_LOCATION, MAX_STUDY_MEMO, MAX_TRANSLATION, MAX_TRANSLATOR } from '../../src/coding/coding-service.js';
import { COMMON_LANGUAGES, languageName, MAX_LANGUAGE, REVIEW_LANGUAGE } from '../../src/coding/excerpt-language.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import { pageLocation } from '../../src/synthesis/export-text.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { CsrfField, FormTokenField } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { CodeTag, ColoursLink, Paragraphs, when, type CodeGroup } from './code-parts.js';
import { StudyReportsPanel, type StudyReportsModel } from './study-reports.js';
import { PassPanel, type PassPanelModel } from '../double-coding/pass-panel.js';

export interface ExcerptDraft {
  text: string;
  location: string;
  memo: string;
  /** As typed: a BCP 47 code, '' for the review's language. */
  language: string;
  translation: string;
  translator: string;
  codeIds: number[];
}

const LANGUAGE_FIELDS = ['language', 'translation', 'translator'] as const;

export interface StudyCodingModel {
  /** /reviews/:slug/coding */
  base: string;
  /** /reviews/:slug/coding/studies/:id */
  studyBase: string;
  coloursHref: string;
  csrfToken: string;
  /** The form adding an excerpt, with its one-time token. */
  addExcerpt: CreatingForm;
  study: {
    id: number;
    label: string;
    title: string;
    authors: string[];
    year: number | null;
    journal: string;
    doi: string | null;
    abstract: string;
    recordHref: string;
  };
  reports: StudyReportsModel;
  nav: { index: number; total: number; previous: { id: number; label: string } | null; next: { id: number; label: string } | null };
  groups: CodeGroup[];
  codesById: Map<number, CodeNode>;
  coding: IncludedStudyCoding;
  codes?: { notice?: string; error?: string };
  excerpts?: {
    notice?: string;
    /** The add form after a refusal. */
    draft?: ExcerptDraft;
    errors?: FieldErrors;
    /** An excerpt whose edit was refused, shown with its form open. */
    editing?: { id: number; draft: ExcerptDraft; errors: FieldErrors };
  };
  memo?: { notice?: string; errors?: FieldErrors; draft?: string };
  /** A coder's own pass (double coding) shown instead of the agreed coding: no reports, no memo. */
  pass?: PassPanelModel;
  /** Double coding: the study's consensus page, beside its agreed coding. */
  consensusHref?: string;
}

const MAX_AUTHORS = 8;

/** A coder's pass that no longer changes (finished), or a study with no place left for them: shown, not edited. */
const locked = (model: StudyCodingModel) => model.pass?.state === 'finished' || model.pass?.state === 'full';

function Problems({ errors, only }: { errors?: FieldErrors; only?: readonly string[] }) {
  const entries = Object.entries(errors ?? {}).filter(([key]) => !only || only.includes(key));
  if (entries.length === 0) return null;
  return (
    <div class="alert alert-error" role="alert">
      {entries.map(([key, message]) => <p key={key}>{message}</p>)}
    </div>
  );
}

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

/** Checkboxes for an excerpt's codes, grouped like the chips. */
function CodeChecks({ model, prefix, checked, error }: { model: StudyCodingModel; prefix: string; checked: ReadonlySet<number>; error?: string }) {
  const check = (code: CodeNode) => (
    <label key={code.id} class={`code-check ${codeClass(code.id)}${code.depth >= 2 ? ' code-check-sub' : ''}`} title={code.description || undefined}>
      <input type="checkbox" name="codeIds" value={String(code.id)} checked={checked.has(code.id)} id={`${prefix}-code-${code.id}`} />
      {code.name}
    </label>
  );
  return (
    <fieldset class={error ? 'excerpt-codes has-error' : 'excerpt-codes'} aria-describedby={error ? `${prefix}-codes-error` : undefined}>
      <legend>Codes <span class="muted">(at least one)</span></legend>
      {error && <p class="error" id={`${prefix}-codes-error`}>{error}</p>}
      {model.groups.map((group) => (
        <div key={group.key} class="code-check-group" role="group" aria-label={group.name}>
          <span class="code-check-legend" aria-hidden="true">{group.name}</span>
          <div class="code-check-list">{group.codes.flatMap((code) => [check(code), ...code.children.map(check)])}</div>
        </div>
      ))}
    </fieldset>
  );
}

/** Adds an excerpt (`creating`, with its one-time token) or edits one (`action`). */
function ExcerptForm({ model, target, prefix, draft, errors, submit }: { model: StudyCodingModel; target: string | CreatingForm; prefix: string; draft: ExcerptDraft; errors?: FieldErrors; submit: string }) {
  const id = (name: string) => `${prefix}-${name}`;
  const fieldClass = (name: string, extra = '') => `field${extra}${errors?.[name] ? ' has-error' : ''}`;
  const action = typeof target === 'string' ? target : target.action;
  return (
    <form method="post" action={action} hx-post={action} hx-target="#excerpts" hx-swap="outerHTML" class="excerpt-form">
      <CsrfField token={model.csrfToken} />
      {typeof target !== 'string' && <FormTokenField form={target} />}
      <Problems errors={errors} only={['study', 'excerpt']} />
      <div class={fieldClass('text')}>
        <label for={id('text')}>Quoted text</label>
        <textarea id={id('text')} name="text" rows={4} required maxLength={MAX_EXCERPT_TEXT} aria-invalid={errors?.text ? true : undefined}>{draft.text}</textarea>
        {errors?.text && <p class="error">{errors.text}</p>}
      </div>
      <div class={fieldClass('location', ' field-location')}>
        <label for={id('location')}>Page or location</label>
        <input id={id('location')} name="location" type="text" value={draft.location} maxLength={MAX_LOCATION} placeholder="p. 12" />
        {errors?.location && <p class="error">{errors.location}</p>}
      </div>
      {/* Closed unless used: most passages are in the review's language. */}
      <details class="excerpt-language-fields" open={LANGUAGE_FIELDS.some((key) => draft[key] !== '' || errors?.[key])}>
        <summary>Quoted in another language</summary>
        <div class={fieldClass('language', ' field-language')}>
          <label for={id('language')}>Language of the original</label>
          <input id={id('language')} name="language" type="text" value={draft.language} maxLength={MAX_LANGUAGE} list="excerpt-languages" placeholder="it" autocomplete="off" aria-describedby={id('language-hint')} aria-invalid={errors?.language ? true : undefined} />
          <p class="hint" id={id('language-hint')}>A language code (BCP 47): it Italian, sv Swedish, de German… Empty: {languageName(REVIEW_LANGUAGE)}, the review’s language.</p>
          {errors?.language && <p class="error">{errors.language}</p>}
        </div>
        <div class={fieldClass('translation')}>
          <label for={id('translation')}>Translation <span class="muted">(into {languageName(REVIEW_LANGUAGE)}; the chapter quotes it, with the original in a note)</span></label>
          <textarea id={id('translation')} name="translation" rows={3} maxLength={MAX_TRANSLATION} aria-invalid={errors?.translation ? true : undefined}>{draft.translation}</textarea>
          {errors?.translation && <p class="error">{errors.translation}</p>}
        </div>
        <div class={fieldClass('translator')}>
          <label for={id('translator')}>Translated by</label>
          <input id={id('translator')} name="translator" type="text" value={draft.translator} maxLength={MAX_TRANSLATOR} aria-describedby={id('translator-hint')} aria-invalid={errors?.translator ? true : undefined} />
          <p class="hint" id={id('translator-hint')}>A person’s name, or the tool and who checked it: “DeepL, checked by Anna Rossi”.</p>
          {errors?.translator && <p class="error">{errors.translator}</p>}
        </div>
      </details>
      <CodeChecks model={model} prefix={prefix} checked={new Set(draft.codeIds)} error={errors?.codeIds} />
      <div class={fieldClass('memo')}>
        <label for={id('memo')}>Memo <span class="muted">(optional: why it matters, how you read it)</span></label>
        <textarea id={id('memo')} name="memo" rows={2} maxLength={MAX_EXCERPT_MEMO}>{draft.memo}</textarea>
        {errors?.memo && <p class="error">{errors.memo}</p>}
      </div>
      <button type="submit">{submit}</button>
    </form>
  );
}

function Excerpt({ model, excerpt }: { model: StudyCodingModel; excerpt: CodedExcerpt }) {
  const editing = model.excerpts?.editing?.id === excerpt.id ? model.excerpts.editing : undefined;
  const action = `${model.studyBase}/excerpts/${excerpt.id}`;
  const edited = excerpt.updatedAt !== excerpt.createdAt;
  return (
    <li class="excerpt" id={`excerpt-${excerpt.id}`} data-excerpt={excerpt.id}>
      <blockquote class="excerpt-text" lang={excerpt.language || undefined}>{excerpt.text}</blockquote>
      {excerpt.translation && (
        <div class="excerpt-translation">
          <p class="excerpt-translation-label">{languageName(REVIEW_LANGUAGE)} translation{excerpt.translator && <>{' by '}{excerpt.translator}</>}</p>
          <blockquote lang={REVIEW_LANGUAGE}>{excerpt.translation}</blockquote>
        </div>
      )}
      <p class="excerpt-meta">
        {excerpt.language && <span class="excerpt-language">{languageName(excerpt.language)}{!excerpt.translation && ', not translated'}</span>}
        {model.reports.reports.length > 1 && <span class="excerpt-report">Report #{excerpt.recordId}</span>}
        {excerpt.location && <span class="excerpt-location">{pageLocation(excerpt.location)}</span>}
        {excerpt.codeIds.map((id) => {
          const code = model.codesById.get(id);
          return code ? <CodeTag key={id} code={code} /> : null;
        })}
      </p>
      {excerpt.memo && <p class="excerpt-memo"><span class="muted">Memo:</span> {excerpt.memo}</p>}
      <div class="excerpt-foot">
        <span class="muted">
          Added by {excerpt.createdByName ?? 'someone'} <time datetime={excerpt.createdAt}>{when(excerpt.createdAt)}</time>
          {edited && <>{' · edited by '}{excerpt.updatedByName ?? 'someone'} <time datetime={excerpt.updatedAt}>{when(excerpt.updatedAt)}</time></>}
        </span>
        {!locked(model) && (
          <form method="post" action={`${action}/delete`} hx-post={`${action}/delete`} hx-target="#excerpts" hx-swap="outerHTML" class="inline" data-confirm="Delete this excerpt? Its text stays in the review history.">
            <CsrfField token={model.csrfToken} />
            <button type="submit" class="button-link">Delete<span class="visually-hidden"> excerpt</span></button>
          </form>
        )}
      </div>
      {!locked(model) && <details class="excerpt-edit" open={editing !== undefined}>
        <summary>Edit<span class="visually-hidden"> excerpt</span></summary>
        <ExcerptForm
          model={model}
          target={action}
          prefix={`f-excerpt-${excerpt.id}`}
          draft={editing?.draft ?? { text: excerpt.text, location: excerpt.location, memo: excerpt.memo, language: excerpt.language, translation: excerpt.translation, translator: excerpt.translator, codeIds: excerpt.codeIds }}
          errors={editing?.errors}
          submit="Save excerpt"
        />
      </details>}
    </li>
  );
}

/** The study's excerpts and the form adding one: the region each excerpt change answers with. */
export function ExcerptsRegion({ model }: { model: StudyCodingModel }) {
  const excerpts = model.coding.excerpts;
  const state = model.excerpts;
  return (
    <section id="excerpts" class="coding-excerpts" aria-labelledby="excerpts-heading">
      <h2 id="excerpts-heading">Excerpts <span class="count muted">{excerpts.length}</span></h2>
      {state?.notice && <p class="coding-notice" role="status">{state.notice}</p>}
      {state?.editing && <Problems errors={state.editing.errors} only={['study', 'excerpt']} />}
      <datalist id="excerpt-languages">
        {COMMON_LANGUAGES.filter((code) => code !== REVIEW_LANGUAGE).map((code) => <option key={code} value={code}>{languageName(code)}</option>)}
      </datalist>
      {excerpts.length === 0 ? <p class="empty">No excerpts yet: quote the passages that carry the codes.</p> : (
        <ol class="excerpt-list">
          {excerpts.map((excerpt) => <Excerpt key={excerpt.id} model={model} excerpt={excerpt} />)}
        </ol>
      )}
      {model.groups.length > 0 && !locked(model) && (
        <div class="card excerpt-add">
          <h3>Add an excerpt</h3>
          <ExcerptForm
            model={model}
            target={model.addExcerpt}
            prefix="f-excerpt-new"
            draft={state?.draft ?? { text: '', location: '', memo: '', language: '', translation: '', translator: '', codeIds: [] }}
            errors={state?.errors}
            submit="Add excerpt"
          />
        </div>
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
