import { SUMMARY_MAX, type ChartSummary } from '../../src/charting/chart-summaries.js';
import { CsrfField } from '../components/forms.js';

/** One charted cell: its counts (linking to the excerpts behind them), the analyst's summary, and the form that edits it. */
export interface ChartCellModel {
  /** DOM id, unique on the page: the region htmx swaps. */
  id: string;
  /** "Employment · Individual · Enables (Italy)", for labels. */
  name: string;
  excerpts: number;
  /** null: the cell counts excerpts only (a study × theme cell is one study). */
  studies: number | null;
  /** The theme is applied to the study as a whole (study × theme only). */
  wholeStudy?: boolean;
  summary: ChartSummary | null;
  /** The cell's page: its excerpts and the summary form; `?edit=1` asks for the form. */
  url: string;
  /** Where the form posts, with the cell's fields. */
  action: string;
  fields: Record<string, string>;
  csrfToken: string;
  /** The form, with the text to show. */
  editing?: { draft: string; error?: string };
  /** Sent in place of the cell (htmx): the keyboard's focus moves into it, on the text or the edit link. */
  focus?: boolean;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "3 excerpts from 2 studies", "No excerpts". */
export function countsText(excerpts: number, studies: number | null): string {
  if (excerpts === 0) return 'No excerpts';
  return studies === null ? plural(excerpts, 'excerpt', 'excerpts') : `${plural(excerpts, 'excerpt', 'excerpts')} from ${plural(studies, 'study', 'studies')}`;
}

const when = (at: string) => at.slice(0, 10);

/** The cell's content: what the chart shows, or its form while editing. Swapped whole by htmx. */
export function ChartCell({ cell }: { cell: ChartCellModel }) {
  const swap = { 'hx-target': `#${cell.id}`, 'hx-swap': 'outerHTML' };
  const counts = (
    <a href={cell.url} class={cell.excerpts === 0 ? 'chart-counts muted' : 'chart-counts'} aria-label={`${countsText(cell.excerpts, cell.studies)}: ${cell.name}`}>
      {countsText(cell.excerpts, cell.studies)}
    </a>
  );
  if (cell.editing) {
    const textId = `${cell.id}-summary`;
    return (
      <div id={cell.id} class="chart-cell chart-cell-editing">
        {counts}
        <form method="post" action={cell.action} hx-post={cell.action} {...swap} class="chart-form">
          <CsrfField token={cell.csrfToken} />
          {Object.entries(cell.fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
          <label for={textId} class="visually-hidden">Summary of {cell.name}</label>
          <textarea
            id={textId}
            name="summary"
            rows={5}
            maxLength={SUMMARY_MAX}
            autofocus={cell.focus}
            aria-invalid={cell.editing.error ? true : undefined}
            aria-describedby={cell.editing.error ? `${textId}-error` : undefined}
          >{cell.editing.draft}</textarea>
          {cell.editing.error && <p class="error" id={`${textId}-error`}>{cell.editing.error}</p>}
          <div class="chart-form-actions">
            <button type="submit">Save</button>
            <a href={cell.url} hx-get={cell.url} {...swap}>Cancel</a>
          </div>
        </form>
      </div>
    );
  }
  const editUrl = `${cell.url}${cell.url.includes('?') ? '&' : '?'}edit=1`;
  return (
    <div id={cell.id} class="chart-cell">
      {counts}
      {cell.wholeStudy && <span class="badge chart-whole" title="The theme is applied to the study as a whole">whole study</span>}
      {cell.summary && (
        <>
          <p class="chart-summary">{cell.summary.text}</p>
          <p class="chart-by">{cell.summary.by ?? 'A former member'}, <time datetime={cell.summary.at}>{when(cell.summary.at)}</time></p>
        </>
      )}
      <a href={editUrl} hx-get={editUrl} {...swap} class="chart-edit" autofocus={cell.focus} aria-label={`${cell.summary ? 'Edit the summary' : 'Write a summary'} of ${cell.name}`}>
        {cell.summary ? 'Edit' : 'Summarise'}
      </a>
    </div>
  );
}
