import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ChartCell, type ChartCellModel } from './chart-cell.js';
import { ChartDownloads, ChartTabs, STUDY_GRAIN_NOTE } from './framework-chart-page.js';

export interface StudyChartPageModel {
  /** /reviews/:slug/synthesis */
  base: string;
  themes: Array<{ name: string; emergent: boolean; url: string }>;
  rows: Array<{ label: string; url: string; cells: ChartCellModel[] }>;
  studies: number;
  page: number;
  pages: number;
  missing: string | null;
}

export function StudyChartPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: StudyChartPageModel }) {
  const pageUrl = (n: number) => `${model.base}/chart/studies${n === 1 ? '' : `?page=${n}`}`;
  return (
    <Layout ctx={ctx} title="Study × theme chart" review={review}>
      <p class="breadcrumb"><a href={model.base}>← Synthesis</a></p>
      <h1>Framework chart</h1>
      <ChartTabs base={model.base} current="studies" />
      <p class="lede">Each cell holds your summary of what a study says on a theme; its count opens the study’s excerpts on it.</p>
      {model.missing !== null ? <p class="empty">{model.missing}</p> : (
        <>
          <ChartDownloads base={model.base} />
          <p class="hint">{STUDY_GRAIN_NOTE}</p>
          {model.rows.length === 0 ? <p class="empty">No included studies yet: studies appear here once they are included at full text.</p> : (
            <div class="matrix-scroll">
              <table class="matrix chart">
                <caption class="visually-hidden">Study × theme chart{model.pages > 1 ? `, page ${model.page} of ${model.pages}` : ''}</caption>
                <thead>
                  <tr>
                    <th scope="col">Study</th>
                    {model.themes.map((t) => (
                      <th key={t.url} scope="col">
                        <a href={t.url}>{t.name}</a>
                        {t.emergent && <span class="badge code-origin" title="Emerged from the data, outside the a-priori framework">emergent</span>}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {model.rows.map((row) => (
                    <tr key={row.url}>
                      <th scope="row"><a href={row.url}>{row.label}</a></th>
                      {row.cells.map((cell) => <td key={cell.id} class={cell.excerpts > 0 ? 'present' : undefined}><ChartCell cell={cell} /></td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {model.pages > 1 && (
            <nav class="pager" aria-label="Pages of studies">
              {model.page > 1 && <a href={pageUrl(model.page - 1)} rel="prev">← Previous</a>}
              <span>Studies page {model.page} of {model.pages} ({model.studies.toLocaleString('en-GB')} studies)</span>
              {model.page < model.pages && <a href={pageUrl(model.page + 1)} rel="next">Next →</a>}
            </nav>
          )}
        </>
      )}
    </Layout>
  );
}
