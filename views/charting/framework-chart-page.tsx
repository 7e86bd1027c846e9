import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ChartCell, type ChartCellModel } from './chart-cell.js';

export interface ChartRow {
  name: string;
  description: string;
  emergent: boolean;
  /** Link to the theme's evidence page. */
  url: string;
  cells: ChartCellModel[];
}

export interface FrameworkChartPageModel {
  /** /reviews/:slug/synthesis */
  base: string;
  /** '' for all jurisdictions. */
  jurisdiction: string;
  jurisdictions: string[];
  columns: string[];
  rows: ChartRow[];
  studies: number;
  /** Why there is no chart (the codebook lacks the framework's groups), else null. */
  missing: string | null;
  notice?: string;
}

export const GRAIN_NOTE = 'Counted at the excerpt grain: an excerpt is in a cell when it carries the theme (or one of its sub-codes), the level and the direction itself; a code applied to a whole study counts for each of its excerpts that has none of that group.';

export const STUDY_GRAIN_NOTE = 'Counted at the excerpt grain: the study’s excerpts carrying the theme or one of its sub-codes; a theme applied to the whole study counts for each of its excerpts that has no theme of its own.';

/** The two charts, side by side in the page heading. */
export function ChartTabs({ base, current }: { base: string; current: 'framework' | 'studies' }) {
  return (
    <nav class="chart-tabs" aria-label="Charts">
      <a href={`${base}/chart`} aria-current={current === 'framework' ? 'page' : undefined}>Theme × level × direction</a>
      <a href={`${base}/chart/studies`} aria-current={current === 'studies' ? 'page' : undefined}>Study × theme</a>
    </nav>
  );
}

export function ChartDownloads({ base }: { base: string }) {
  return (
    <div class="synthesis-downloads">
      <span>Download the framework chart (both charts, every jurisdiction):</span>
      <a class="button button-secondary" href={`${base}/chart.xlsx`}>Excel (XLSX)</a> <a class="button button-secondary" href={`${base}/chart.docx`}>Word (DOCX)</a>
    </div>
  );
}

function JurisdictionChooser({ model }: { model: FrameworkChartPageModel }) {
  if (model.jurisdictions.length === 0) return <p class="hint">The framework has no jurisdictions (no jurisdiction extraction field, and no code group named Jurisdiction): the chart covers every study.</p>;
  return (
    <form method="get" action={`${model.base}/chart`} class="inline-form chart-jurisdiction">
      <div class="field field-narrow">
        <label for="chart-j">Jurisdiction</label>
        <select id="chart-j" name="j">
          <option value="" selected={model.jurisdiction === ''}>All jurisdictions</option>
          {model.jurisdictions.map((j) => <option key={j} value={j} selected={model.jurisdiction === j}>{j}</option>)}
        </select>
      </div>
      <button type="submit" class="button-secondary">Show</button>
    </form>
  );
}

export function FrameworkChartPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: FrameworkChartPageModel }) {
  const where = model.jurisdiction === '' ? 'all jurisdictions' : model.jurisdiction;
  return (
    <Layout ctx={ctx} title="Framework chart" review={review}>
      <p class="breadcrumb"><a href={model.base}>← Synthesis</a></p>
      <h1>Framework chart</h1>
      <ChartTabs base={model.base} current="framework" />
      <p class="lede">Each cell holds your summary of the evidence for a theme at a level and in a direction; its count opens the excerpts behind it.</p>
      {model.notice && <p class="alert alert-warn" role="status">{model.notice}</p>}
      {model.missing !== null ? <p class="empty">{model.missing}</p> : (
        <>
          <JurisdictionChooser model={model} />
          <ChartDownloads base={model.base} />
          <p class="hint">{GRAIN_NOTE} Cells show excerpts and the studies they come from, in {where}.</p>
          {model.studies === 0 && <p class="empty">No included studies yet: the counts fill in as studies are included and coded.</p>}
          <div class="matrix-scroll">
            <table class="matrix chart">
              <caption class="visually-hidden">Framework chart, {where}: themes by level and direction</caption>
              <thead>
                <tr>
                  <th scope="col">Theme</th>
                  {model.columns.map((c) => <th key={c} scope="col">{c}</th>)}
                </tr>
              </thead>
              <tbody>
                {model.rows.map((row) => (
                  <tr key={row.name}>
                    <th scope="row">
                      <a href={row.url}>{row.name}</a>
                      {row.emergent && <span class="badge code-origin" title="Emerged from the data, outside the a-priori framework">emergent</span>}
                    </th>
                    {row.cells.map((cell) => <td key={cell.id} class={cell.excerpts > 0 ? 'present' : undefined}><ChartCell cell={cell} /></td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Layout>
  );
}
