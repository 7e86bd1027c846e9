import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ScreeningFilterFields, type ScreeningFilterFormModel } from '../screening/screening-filter-fields.js';
import { RecordResults, type RecordResultsModel } from './record-results.js';

interface Choice {
  value: string;
  label: string;
}

export interface RecordListPageModel {
  review: ReviewNav;
  /** The list's own address, without query: the form's action. */
  listUrl: string;
  importUrl: string;
  form: {
    q: string;
    batch: string;
    from: string;
    to: string;
    type: string;
    title: string;
    abstract: string;
    duplicates: string;
    sort: string;
  };
  batches: Choice[];
  types: Choice[];
  sorts: Choice[];
  /** Stage, decision, reviewer, label, reason, outcome, conflict: only what the viewer may ask for. */
  screening: ScreeningFilterFormModel;
  filtersOpen: boolean;
  results: RecordResultsModel;
}

function Select({ name, label, value, choices, any }: { name: string; label: string; value: string; choices: Choice[]; any: string }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="" selected={value === ''}>{any}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} selected={choice.value === value}>{choice.label}</option>
        ))}
      </select>
    </div>
  );
}

/**
 * The records of a review: a search box and filters in one GET form (it works without JavaScript),
 * which htmx submits as you type and whose results region it swaps in place.
 */
export function RecordListPage({ ctx, model }: { ctx: PageContext; model: RecordListPageModel }) {
  const { form } = model;
  const activeSearch = {
    'hx-get': model.listUrl,
    'hx-trigger': 'submit, input changed delay:300ms, change changed',
    'hx-target': '#record-results',
    'hx-swap': 'outerHTML',
    'hx-push-url': 'true',
    'hx-sync': 'this:replace',
    'hx-indicator': '#record-search-busy',
  };
  return (
    <Layout ctx={ctx} title={`Records · ${model.review.title}`} review={model.review}>
      <div class="page-head">
        <h1>Records</h1>
        <a href={model.importUrl} class="button button-secondary">Import records</a>
        <a href={`/reviews/${model.review.slug}/exports`} class="button button-secondary export-link">Export</a>
      </div>
      <form method="get" action={model.listUrl} class="record-search" role="search" {...activeSearch}>
        <div class="record-search-box">
          <label for="f-q" class="visually-hidden">Search titles, abstracts, authors, keywords and journals</label>
          <input
            id="f-q"
            type="search"
            name="q"
            value={form.q}
            maxLength={2000}
            autocomplete="off"
            placeholder="Search titles, abstracts, authors, keywords…"
            aria-describedby="f-q-hint"
          />
          <button type="submit">Search</button>
          <span id="record-search-busy" class="htmx-indicator hint" aria-hidden="true">Searching…</span>
        </div>
        <p class="hint" id="f-q-hint">
          All words must appear. Use "quotes" for a phrase, OR for either word, and -word to leave a word out.
        </p>
        <details class="record-filters" open={model.filtersOpen}>
          <summary>Filter and sort</summary>
          <div class="record-filter-fields">
            <Select name="batch" label="Source" value={form.batch} choices={model.batches} any="All searches" />
            <div class="field field-year">
              <label for="f-from">Year from</label>
              <input id="f-from" name="from" type="number" min={1000} max={2999} value={form.from} />
            </div>
            <div class="field field-year">
              <label for="f-to">Year to</label>
              <input id="f-to" name="to" type="number" min={1000} max={2999} value={form.to} />
            </div>
            <Select name="type" label="Type" value={form.type} choices={model.types} any="All types" />
            <Select
              name="title"
              label="Title"
              value={form.title}
              choices={[{ value: 'with', label: 'With a title' }, { value: 'without', label: 'No title' }]}
              any="With or without"
            />
            <Select
              name="abstract"
              label="Abstract"
              value={form.abstract}
              choices={[{ value: 'with', label: 'With an abstract' }, { value: 'without', label: 'Without an abstract' }]}
              any="With or without"
            />
            <Select name="duplicates" label="Duplicates" value={form.duplicates} choices={[{ value: 'show', label: 'Show duplicates too' }]} any="One record per work" />
            <Select name="sort" label="Sort by" value={form.sort} choices={model.sorts} any="Best match, or import order" />
          </div>
          <ScreeningFilterFields model={model.screening} />
          <p>
            <button type="submit" class="button-secondary">Apply</button> <a href={model.listUrl}>Clear search and filters</a>
          </p>
        </details>
      </form>
      <RecordResults model={model.results} />
    </Layout>
  );
}
