import { pageLocation } from '../../src/synthesis/export-text.js';
import { isCodeColumn, type Matrix, type MatrixCell } from '../../src/synthesis/matrix.js';
import type { Grain } from '../../src/synthesis/excerpt-codes.js';
import { pivotCaption, pivotCellText, pivotRowLabel, type Pivot, type PivotCell } from '../../src/synthesis/pivot.js';
import type { SynthesisCode, SynthesisField } from '../../src/synthesis/synthesis-data.js';
import { CharacteristicsLinks } from '../characteristics/characteristics-links.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface SynthesisPageModel {
  /** /reviews/:slug/synthesis */
  base: string;
  /** The current address's query string ('' or '?…'), for exports and paging. */
  query: string;
  studies: number;
  codes: SynthesisCode[];
  fields: SynthesisField[];
  selected: Set<string>;
  filterCodes: Set<number>;
  filterField: { fieldId: number; value: string } | null;
  /** The appraisal judgements the studies are filtered to (a sensitivity check); empty: all. */
  filterAppraisal: Set<string>;
  /** The final judgements present among the studies, and "not yet appraised", to filter by. */
  appraisalChoices: Array<{ value: string; label: string }>;
  rowsBy: string | null;
  pivotGroupId: number | null;
  /** The group splitting the pivot's columns; 0 when the reader chose none, null when there is none. */
  splitGroupId: number | null;
  grain: Grain;
  matrix: Matrix;
  page: number;
  pages: number;
  pageUrl: (page: number) => string;
  pivot: Pivot | null;
  /** Whether the codebook has the framework's themes and levels groups the chapter skeleton needs. */
  chapter: boolean;
}

function Cell({ cell }: { cell: MatrixCell }) {
  if (cell.excerpts.length === 0) return <td class={cell.present ? 'present' : undefined}>{cell.text}</td>;
  return (
    <td class="present">
      <details>
        <summary>{cell.text || `${cell.excerpts.length} excerpts`}</summary>
        <ul class="cell-excerpts">
          {cell.excerpts.map((e) => (
            <li key={e.id}>
              <q>{e.text}</q>
              {e.location && <span class="muted"> ({pageLocation(e.location)})</span>}
              {e.memo && <p class="memo">{e.memo}</p>}
            </li>
          ))}
        </ul>
      </details>
    </td>
  );
}

function ColumnChooser({ model }: { model: SynthesisPageModel }) {
  const groups = model.codes.filter((c) => c.depth === 0);
  const checkbox = (value: string, label: string) => (
    <label key={value} class="choice">
      <input type="checkbox" name="col" value={value} checked={model.selected.has(value)} /> {label}
    </label>
  );
  return (
    <details class="synthesis-columns card" open={model.matrix.columns.length === 0}>
      <summary>Columns, rows and filters</summary>
      <form method="get" action={model.base} class="synthesis-form">
        <div class="column-groups">
          {groups.map((group) => (
            <fieldset key={group.id}>
              <legend>{checkbox(`group:${group.id}`, group.name)}</legend>
              {model.codes.filter((c) => c.path[0] === group.name && c.depth > 0).map((code) => checkbox(`code:${code.id}`, `${'— '.repeat(code.depth - 1)}${code.name}`))}
            </fieldset>
          ))}
          {model.fields.length > 0 && (
            <fieldset>
              <legend>Extraction fields</legend>
              {model.fields.map((field) => checkbox(`field:${field.id}`, field.label))}
            </fieldset>
          )}
          <fieldset>
            <legend>Quality appraisal</legend>
            {checkbox('appraisal', 'Appraisal column')}
            <p class="hint">Sensitivity check: only studies appraised as</p>
            {model.appraisalChoices.map((choice) => (
              <label key={choice.value} class="choice">
                <input type="checkbox" name="appraisal" value={choice.value} checked={model.filterAppraisal.has(choice.value)} /> {choice.label}
              </label>
            ))}
          </fieldset>
        </div>
        <div class="inline-form">
          <div class="field">
            <label for="f-rows">Pivot rows by</label>
            <select id="f-rows" name="rows">
              <option value="">No pivot</option>
              {model.fields.map((f) => <option key={f.id} value={`field:${f.id}`} selected={model.rowsBy === `field:${f.id}`}>{f.label}</option>)}
              {groups.map((g) => <option key={g.id} value={`group:${g.id}`} selected={model.rowsBy === `group:${g.id}`}>{g.name} (codes)</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-pivot">Pivot columns by</label>
            <select id="f-pivot" name="pivot">
              {groups.map((g) => <option key={g.id} value={String(g.id)} selected={model.pivotGroupId === g.id}>{g.name}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-split">Split columns by</label>
            <select id="f-split" name="split">
              <option value="none" selected={model.splitGroupId === 0 || model.splitGroupId === null}>No split</option>
              {groups.map((g) => <option key={g.id} value={String(g.id)} selected={model.splitGroupId === g.id}>{g.name}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-grain">Count</label>
            <select id="f-grain" name="grain">
              <option value="excerpt" selected={model.grain === 'excerpt'}>Excerpts carrying both codes</option>
              <option value="study" selected={model.grain === 'study'}>Studies carrying both anywhere (study level)</option>
            </select>
          </div>
          <div class="field">
            <label for="f-code">Only studies coded</label>
            <select id="f-code" name="code">
              <option value="">Any</option>
              {model.codes.filter((c) => c.depth > 0).map((c) => <option key={c.id} value={String(c.id)} selected={model.filterCodes.has(c.id)}>{c.path.join(' › ')}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-field">Only studies whose field</label>
            <select id="f-field" name="field">
              <option value="">Any field</option>
              {model.fields.map((f) => <option key={f.id} value={String(f.id)} selected={model.filterField?.fieldId === f.id}>{f.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-value">is</label>
            <input id="f-value" name="value" type="text" maxlength={500} value={model.filterField?.value ?? ''} />
          </div>
          <button type="submit">Show</button>
        </div>
      </form>
    </details>
  );
}

function MatrixTable({ model }: { model: SynthesisPageModel }) {
  const { matrix } = model;
  if (matrix.rows.length === 0) {
    return <p class="empty">{model.studies === 0 ? 'No included studies yet: studies appear here once they are included at full text.' : 'No study matches these filters.'}</p>;
  }
  return (
    <div class="matrix-scroll">
      <table class="matrix">
        <caption class="visually-hidden">Synthesis matrix: included studies by the chosen codes and fields</caption>
        <thead>
          <tr>
            <th scope="col">Study</th>
            {matrix.columns.map((column, i) => (
              <th key={i} scope="col">
                {column.context && <span class="column-context">{column.context}</span>}
                {isCodeColumn(column.spec) ? <a href={`${model.base}/codes/${column.spec.codeId}`}>{column.label}</a> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.study.id}>
              <th scope="row"><a href={`${model.base.replace(/\/synthesis$/, '')}/coding/studies/${row.study.id}`}>{row.study.label}</a></th>
              {row.cells.map((cell, i) => <Cell key={i} cell={cell} />)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A pivot cell: its number, opening on the studies behind it (at the excerpt grain, with how many of their excerpts). */
function PivotCellView({ pivot, cell }: { pivot: Pivot; cell: PivotCell }) {
  if (cell.studies.length === 0) return <td>{pivotCellText(pivot, cell)}</td>;
  return (
    <td class="present">
      <details>
        <summary>{pivotCellText(pivot, cell)}</summary>
        <ul>
          {cell.studies.map((s) => {
            const n = pivot.grain === 'excerpt' ? cell.excerpts.filter((e) => e.reportId === s.id || s.excerpts.includes(e)).length : 0;
            return <li key={s.id}>{s.label}{n > 0 && <span class="muted"> · {n === 1 ? '1 excerpt' : `${n} excerpts`}</span>}</li>;
          })}
        </ul>
      </details>
    </td>
  );
}

function PivotTable({ pivot }: { pivot: Pivot }) {
  return (
    <section aria-labelledby="pivot-heading">
      <h2 id="pivot-heading">{pivot.rowsBy} × {pivot.columnsBy} <span class="grain-badge">{pivot.grain === 'excerpt' ? 'excerpt level' : 'study level'}</span></h2>
      <p class="hint">{pivotCaption(pivot)} Open a count to see what is behind it.</p>
      <table class="pivot">
        <thead>
          <tr>
            <th scope="col">{pivot.rowsBy}</th>
            {pivot.columns.map((c) => <th key={c} scope="col">{c}</th>)}
            <th scope="col">Studies</th>
          </tr>
        </thead>
        <tbody>
          {pivot.rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{pivotRowLabel(row)}</th>
              {row.cells.map((cell, i) => <PivotCellView key={i} pivot={pivot} cell={cell} />)}
              <td>{row.studies.length}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total (each counted once)</th>
            {pivot.totals.map((cell, i) => <td key={i}>{pivotCellText(pivot, cell)}</td>)}
            <td>{pivot.studies}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function Downloads({ model }: { model: SynthesisPageModel }) {
  const link = (format: string, label: string) => <a class="button button-secondary" href={`${model.base}/matrix.${format}${model.query}`}>{label}</a>;
  return (
    <div class="synthesis-downloads">
      <span>Download the matrix:</span> {link('xlsx', 'Excel (XLSX)')} {link('docx', 'Word (DOCX)')} {link('csv', 'CSV')} {link('md', 'Markdown')}
      {model.chapter && (
        <>
          <span>Framework:</span>
          <a class="button button-secondary" href={`${model.base}/chart`}>Framework chart (charted summaries)</a>
          <span>Chapter skeleton:</span>
          <a class="button" href={`${model.base}/chapter.docx`}>Chapter (DOCX)</a> <a class="button button-secondary" href={`${model.base}/chapter.md`}>Chapter (Markdown)</a>
        </>
      )}
    </div>
  );
}

export function SynthesisPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: SynthesisPageModel }) {
  return (
    <Layout ctx={ctx} title="Synthesis" review={review}>
      <div class="page-head">
        <h1>Synthesis</h1>
      </div>
      <p class="lede">
        {model.studies} included {model.studies === 1 ? 'study' : 'studies'} × the codes, code groups and{' '}
        <a href={`/reviews/${review.slug}/coding/form`}>extraction fields</a> you choose.
        {model.matrix.rows.length !== model.studies && ` ${model.matrix.rows.length} match the filters.`}
      </p>
      <ColumnChooser model={model} />
      <Downloads model={model} />
      <CharacteristicsLinks slug={review.slug} />
      {model.pivot && <PivotTable pivot={model.pivot} />}
      <section aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">Matrix</h2>
        <MatrixTable model={model} />
        {model.pages > 1 && (
          <nav class="pager" aria-label="Pages">
            {model.page > 1 && <a href={model.pageUrl(model.page - 1)} rel="prev">← Previous</a>}
            <span class="muted">Page {model.page} of {model.pages}</span>
            {model.page < model.pages && <a href={model.pageUrl(model.page + 1)} rel="next">Next →</a>}
          </nav>
        )}
      </section>
    </Layout>
  );
}
