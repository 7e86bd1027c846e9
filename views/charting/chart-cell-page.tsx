import { pageLocation } from '../../src/synthesis/export-text.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ChartCell, countsText, type ChartCellModel } from './chart-cell.js';

export interface CellExcerpt {
  id: number;
  studyLabel: string;
  /** The study's coding page, at the excerpt. */
  url: string;
  text: string;
  location: string;
  memo: string;
}

export interface ChartCellPageModel {
  /** "Employment · Individual · Enables", "Maruna (2001) × Identity". */
  title: string;
  /** "England and Wales", or "all jurisdictions"; null for a study × theme cell. */
  where: string | null;
  /** The chart, at this cell. */
  backUrl: string;
  grain: string;
  cell: ChartCellModel;
  excerpts: CellExcerpt[];
}

/** A chart cell on its own: the summary (with its form) and every excerpt behind it, each linked to its place in the study's coding. */
export function ChartCellPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: ChartCellPageModel }) {
  return (
    <Layout ctx={ctx} title={`${model.title} · Framework chart`} review={review}>
      <p class="breadcrumb"><a href={model.backUrl}>← Framework chart</a></p>
      <h1>{model.title}</h1>
      {model.where !== null && <p class="lede">In {model.where}</p>}
      <section class="card chart-cell-summary" aria-label="Summary">
        <h2>Summary</h2>
        <ChartCell cell={model.cell} />
      </section>
      <h2>{countsText(model.excerpts.length, model.cell.studies === null ? null : new Set(model.excerpts.map((e) => e.studyLabel)).size)}</h2>
      <p class="hint">{model.grain}</p>
      {model.excerpts.length === 0 ? <p class="empty">No excerpt carries this cell’s codes yet.</p> : (
        <ol class="evidence-list">
          {model.excerpts.map((e) => (
            <li key={e.id} class="card">
              <p class="evidence-study"><a href={e.url}>{e.studyLabel}</a>{e.location && <span class="muted"> ({pageLocation(e.location)})</span>}</p>
              <q>{e.text}</q>
              {e.memo && <p class="memo">{e.memo}</p>}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
