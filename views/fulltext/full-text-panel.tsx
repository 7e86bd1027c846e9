import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../src/domain-errors.js';
import type { FullTextModel } from '../../src/fulltext/full-text-model.js';
import { CsrfField, FormErrors } from '../components/forms.js';

export interface FullTextPanelProps {
  /** The review's short name, for the panel's addresses. */
  slug: string;
  model: FullTextModel;
  csrfToken: string;
  /** COREVIEW_PDF_LIMIT_MB, shown beside the file field. */
  pdfLimitMb: number;
  /** Shows the PDF inline under its link (default). Off, the panel only links to it. */
  viewer?: boolean;
  /** Problems from the last change, by field: pdf, url, retrieval (others are listed on top). */
  errors?: FieldErrors;
  /** What the last change did ("PDF attached."), announced politely. */
  notice?: string;
  /** On the screening page: marking the report not retrieved finishes it there, so the next record follows. */
  moveOn?: boolean;
}

/** The panel's element id, the target its own forms swap with htmx. */
export const fullTextPanelId = (recordId: number) => `full-text-${recordId}`;

/** The record's full-text address: PDF, link, or "not retrieved" (all addresses are the record's). */
export function fullTextUrls(slug: string, recordId: number) {
  const base = `/reviews/${slug}/records/${recordId}/full-text`;
  return { pdf: `${base}.pdf`, attach: base, link: `${base}/link`, remove: `${base}/remove`, retrieval: `${base}/retrieval` };
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * A record's full text: the attached PDF (opened in a new tab, and shown inline), or a link, the
 * forms that change them, and — at the full-text stage — whether the report could be retrieved.
 * Every form works without script; with htmx the answer replaces this panel only.
 */
export function FullTextPanel(props: FullTextPanelProps) {
  const { slug, model, csrfToken, errors } = props;
  const viewer = props.viewer ?? true;
  const id = fullTextPanelId(model.recordId);
  const urls = fullTextUrls(slug, model.recordId);
  // The hash in the address lets the browser cache one PDF and fetch a replaced one.
  const pdfHref = model.pdf ? `${urls.pdf}?v=${model.pdf.sha256.slice(0, 16)}` : urls.pdf;
  const swap = { 'hx-target': `#${id}`, 'hx-swap': 'outerHTML' };
  // The panel comes back the same way after an htmx change (with or without the inline viewer).
  const hidden = () => (
    <>
      <CsrfField token={csrfToken} />
      {!viewer && <input type="hidden" name="viewer" value="0" />}
    </>
  );
  const removeForm = (part: 'pdf' | 'link', label: string, confirm: string) => (
    <form method="post" action={urls.remove} hx-post={urls.remove} {...swap} class="inline" data-confirm={confirm}>
      {hidden()}
      <input type="hidden" name="part" value={part} />
      <button type="submit" class="button-secondary">{label}</button>
    </form>
  );
  const pdfError = errors?.pdf;
  const urlError = errors?.url;
  const retrievalError = errors?.retrieval;
  return (
    <section id={id} class="full-text-panel card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Full text</h2>
      {props.notice && <p class="alert alert-ok" role="status">{props.notice}</p>}
      <FormErrors errors={errors} fields={model.retrieval ? ['pdf', 'url', 'retrieval'] : ['pdf', 'url']} />

      {model.pdf && (
        <div class="full-text-pdf">
          <p class="full-text-file">
            <span class="full-text-name">{model.pdf.name}</span> <span class="muted">PDF, {fileSize(model.pdf.size)}</span>
          </p>
          <div class="full-text-actions">
            <a href={pdfHref} target="_blank" rel="noopener" class="button">
              Open PDF<span class="visually-hidden"> (opens in a new tab)</span>
            </a>
            {removeForm('pdf', 'Remove PDF', `Remove ${model.pdf.name} from this record?`)}
          </div>
        </div>
      )}
      {model.url && (
        <div class="full-text-link">
          <p>Link: <a href={model.url} target="_blank" rel="noopener noreferrer">{model.url}</a></p>
          {removeForm('link', 'Remove link', 'Remove the link to the full text?')}
        </div>
      )}
      {model.pdf && viewer && <iframe class="full-text-viewer" src={pdfHref} title={`Full text: ${model.pdf.name}`} loading="lazy" />}
      {!model.pdf && !model.url && <p class="empty">No full text attached yet.</p>}
      {model.updated && (
        <p class="hint">Last changed{model.updated.by ? ` by ${model.updated.by}` : ''} on {when(model.updated.at)}.</p>
      )}

      <div class="full-text-forms">
        <form method="post" action={urls.attach} hx-post={urls.attach} {...swap} enctype="multipart/form-data" class="full-text-form">
          {hidden()}
          <div class={pdfError ? 'field has-error' : 'field'}>
            <label for={`${id}-pdf`}>{model.pdf ? 'Replace the PDF' : 'Attach a PDF'}</label>
            <input
              id={`${id}-pdf`}
              name="pdf"
              type="file"
              accept="application/pdf,.pdf"
              required
              aria-invalid={pdfError ? true : undefined}
              aria-describedby={[`${id}-pdf-hint`, pdfError && `${id}-pdf-error`].filter(Boolean).join(' ')}
            />
            <p class="hint" id={`${id}-pdf-hint`}>One PDF, up to {props.pdfLimitMb} MB. The same file attached to several records is stored once.</p>
            {pdfError && <p class="error" id={`${id}-pdf-error`}>{pdfError}</p>}
          </div>
          <button type="submit">{model.pdf ? 'Replace PDF' : 'Attach PDF'}</button>
        </form>

        <form method="post" action={urls.link} hx-post={urls.link} {...swap} class="full-text-form">
          {hidden()}
          <div class={urlError ? 'field has-error' : 'field'}>
            <label for={`${id}-url`}>Link to the full text</label>
            <input
              id={`${id}-url`}
              name="url"
              type="url"
              value={model.url ?? ''}
              maxLength={2000}
              required
              placeholder="https://"
              aria-invalid={urlError ? true : undefined}
              aria-describedby={[`${id}-url-hint`, urlError && `${id}-url-error`].filter(Boolean).join(' ')}
            />
            <p class="hint" id={`${id}-url-hint`}>The publisher's or repository's page; http:// or https:// only.</p>
            {urlError && <p class="error" id={`${id}-url-error`}>{urlError}</p>}
          </div>
          <button type="submit" class="button-secondary">{model.url ? 'Change link' : 'Save link'}</button>
        </form>
      </div>

      {model.retrieval && <Retrieval {...props} urls={urls} swap={swap} hidden={hidden} error={retrievalError} />}
    </section>
  );
}

function Retrieval(props: FullTextPanelProps & { urls: ReturnType<typeof fullTextUrls>; swap: Record<string, string>; hidden: () => ComponentChildren; error?: string }) {
  const retrieval = props.model.retrieval!;
  const id = `${fullTextPanelId(props.model.recordId)}-retrieval`;
  const status = retrieval.notRetrieved
    ? 'Not retrieved: PRISMA counts it among the reports not retrieved, and it is not assessed.'
    : retrieval.assessed
      ? 'Retrieved: it already has full-text decisions.'
      : 'Sought for full-text screening. Mark it not retrieved if the report cannot be obtained.';
  return (
    <div class={props.error ? 'full-text-retrieval has-error' : 'full-text-retrieval'} role="group" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Retrieval</h3>
      <p id={`${id}-status`} class="full-text-retrieval-status">{status}</p>
      {(retrieval.notRetrieved || !retrieval.assessed) && (
        <form method="post" action={props.urls.retrieval} hx-post={props.urls.retrieval} {...props.swap} class="inline">
          {props.hidden()}
          <input type="hidden" name="notRetrieved" value={retrieval.notRetrieved ? '0' : '1'} />
          {props.moveOn && !retrieval.notRetrieved && <input type="hidden" name="then" value="next" />}
          <button type="submit" class="button-secondary full-text-toggle" aria-pressed={retrieval.notRetrieved ? 'true' : 'false'} aria-describedby={`${id}-status`}>
            Not retrieved
          </button>
        </form>
      )}
      {props.error && <p class="error" role="alert">{props.error}</p>}
    </div>
  );
}
