/** The excerpts of a study on its coding page: the list, each with its edit form, and the form adding one. */
import { codeClass } from '../../src/coding/code-colours.js';
import type { CodeNode, CodedExcerpt } from '../../src/coding/coding-queries.js';
import { MAX_EXCERPT_MEMO, MAX_EXCERPT_TEXT, MAX_LOCATION, MAX_TRANSLATION, MAX_TRANSLATOR } from '../../src/coding/coding-service.js';
import { COMMON_LANGUAGES, languageName, MAX_LANGUAGE, REVIEW_LANGUAGE } from '../../src/coding/excerpt-language.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { pageLocation } from '../../src/synthesis/export-text.js';
import { CsrfField, FormTokenField } from '../components/forms.js';
import { CodeTag, Problems, when } from './code-parts.js';
import { LANGUAGE_FIELDS, locked, type ExcerptDraft, type StudyCodingModel } from './study-coding-model.js';

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
