import type { TextSegment } from '../../src/records/abstract-snippet.js';
import { HighlightedText } from '../components/highlighted-text.js';
import { plainTitle, RecordTitle } from '../components/record-title.js';
import { BULK_FORM_ID, BulkBar, ScreeningBadges, type BulkModel, type ScreeningBadgeModel } from '../screening/screening-list.js';

export interface LinkModel {
  label: string;
  url: string;
}

export interface RecordRowModel {
  id: number;
  url: string;
  title: string;
  /** "Maruna, S. et al. · 2019 · Probation Journal" */
  byline: string;
  typeLabel: string;
  hasAbstract: boolean;
  snippet: TextSegment[];
  /** The viewer's screening decisions and, where visible, the outcome. */
  screening: ScreeningBadgeModel[];
  /** Its checkbox ticked for the bulk bar. */
  selected: boolean;
}

export interface RecordResultsModel {
  rows: RecordRowModel[];
  /** Number of the first row in the whole list (51 on page two). */
  firstNumber: number;
  /** "1,000+ records match desistance" */
  summary: string;
  /** Nothing matched the words as typed; these results are for a corrected spelling. */
  correction: { text: string; original: LinkModel } | null;
  /** Results are for the words as typed, but a far more common spelling exists. */
  suggestion: LinkModel | null;
  notes: string[];
  empty: { title: string; message: string; links: LinkModel[] } | null;
  paging: { label: string; previousUrl: string | null; nextUrl: string | null } | null;
  /** Bulk decisions on the rows ticked; null when there is nothing to decide. */
  bulk: BulkModel | null;
}

/** Active search replaces the results region in place and puts its address in the history. */
const swapResults = {
  'hx-target': '#record-results',
  'hx-swap': 'outerHTML show:top',
  'hx-push-url': 'true',
};

/**
 * The results region of the records list: the fragment htmx swaps on every search, filter and
 * page change, and the same function the full page renders.
 */
export function RecordResults({ model }: { model: RecordResultsModel }) {
  return (
    <div id="record-results" class="record-results">
      <p class="record-summary" role="status">{model.summary}</p>
      {model.correction && (
        <div class="search-notice">
          <p>
            Nothing matched the words as typed. Showing results for <strong>{model.correction.text}</strong>.
          </p>
          <p>
            Search instead for <a href={model.correction.original.url}>{model.correction.original.label}</a>
          </p>
        </div>
      )}
      {model.suggestion && (
        <p class="search-notice">
          Did you mean <a href={model.suggestion.url}>{model.suggestion.label}</a>?
        </p>
      )}
      {model.notes.map((note) => <p key={note} class="hint">{note}</p>)}
      {model.empty && (
        <div class="empty-state">
          <h2>{model.empty.title}</h2>
          <p>{model.empty.message}</p>
          {model.empty.links.length > 0 && (
            <ul>
              {model.empty.links.map((link) => (
                <li key={link.url}>
                  <a href={link.url}>{link.label}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {model.rows.length > 0 && model.bulk && <BulkBar model={model.bulk} />}
      {model.rows.length > 0 && (
        <ol class="record-list" start={model.firstNumber}>
          {model.rows.map((row) => (
            <li key={row.id} class={model.bulk ? 'record-row record-row-selectable' : 'record-row'}>
              {model.bulk && (
                <input
                  type="checkbox"
                  class="record-select"
                  name="ids"
                  value={String(row.id)}
                  form={BULK_FORM_ID}
                  checked={row.selected}
                  aria-label={`Select “${plainTitle(row.title)}”`}
                />
              )}
              <h2 class="record-row-title">
                <a href={row.url}><RecordTitle title={row.title} /></a>
              </h2>
              <p class="record-byline">
                {row.byline}
                <span class="badge">{row.typeLabel}</span>
                {!row.hasAbstract && <span class="badge badge-warn">No abstract</span>}
                <ScreeningBadges badges={row.screening} />
              </p>
              {row.snippet.length > 0 && (
                <p class="record-snippet"><HighlightedText segments={row.snippet} /></p>
              )}
            </li>
          ))}
        </ol>
      )}
      {model.paging && (
        <nav class="pager" aria-label="Pages of records">
          {model.paging.previousUrl ? (
            <a href={model.paging.previousUrl} rel="prev" hx-get={model.paging.previousUrl} {...swapResults}>← Previous</a>
          ) : <span />}
          <span class="pager-label">{model.paging.label}</span>
          {model.paging.nextUrl ? (
            <a href={model.paging.nextUrl} rel="next" hx-get={model.paging.nextUrl} {...swapResults}>Next →</a>
          ) : <span />}
        </nav>
      )}
    </div>
  );
}
