/**
 * What the framework chart's downloads hold, worked out once for both (chart-xlsx.ts, chart-docx.ts):
 * the theme × level × direction chart for all jurisdictions and for each one, then the study × theme
 * chart, every cell with its counts, its grain and the analyst's summary.
 */
import type { FrameworkAxes } from '../synthesis/framework-axes.js';
import type { SynthesisData } from '../synthesis/synthesis-data.js';
import { frameworkCellKey, studyCellKey, type ChartSummaries, type ChartSummary } from './chart-summaries.js';
import { ALL_JURISDICTIONS, frameworkChart, studyThemeCells } from './framework-chart.js';

export const FRAMEWORK_GRAIN = 'Counts are excerpts carrying the theme (or a sub-code), the level and the direction, and the studies they come from (excerpt grain: an excerpt carries the codes coded on it, and a group’s codes applied to its whole study when it has none of that group).';
export const STUDY_GRAIN = 'Counts are the study’s excerpts carrying the theme or one of its sub-codes (excerpt grain); “whole study”: the theme is applied to the study as a whole.';

export interface DocumentCell {
  excerpts: number;
  /** null in the study × theme chart (one study per cell). */
  studies: number | null;
  wholeStudy: boolean;
  summary: ChartSummary | null;
}

export interface DocumentTheme {
  name: string;
  emergent: boolean;
}

export interface FrameworkSection {
  /** "All jurisdictions", or the jurisdiction's label. */
  jurisdiction: string;
  columns: string[];
  rows: Array<{ theme: DocumentTheme; cells: DocumentCell[] }>;
}

export interface ChartDocument {
  title: string;
  framework: FrameworkSection[];
  studies: { themes: DocumentTheme[]; rows: Array<{ label: string; cells: DocumentCell[] }> };
}

/** "3 excerpts from 2 studies", "1 excerpt", "no excerpts". */
export function countsPhrase(cell: Pick<DocumentCell, 'excerpts' | 'studies'>): string {
  const n = (count: number, one: string, many: string) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
  if (cell.excerpts === 0) return 'no excerpts';
  return cell.studies === null ? n(cell.excerpts, 'excerpt', 'excerpts') : `${n(cell.excerpts, 'excerpt', 'excerpts')} from ${n(cell.studies, 'study', 'studies')}`;
}

export function chartDocument(data: SynthesisData, axes: FrameworkAxes, summaries: ChartSummaries, title: string): ChartDocument {
  const chart = frameworkChart(data, axes);
  const themes = chart.themes.map((t) => ({ name: t.code.name, emergent: t.emergent }));
  const jurisdictions = [ALL_JURISDICTIONS, ...chart.jurisdictions, ...[...summaries.jurisdictions].filter((j) => !chart.jurisdictions.includes(j))];
  const framework = jurisdictions.map((jurisdiction) => ({
    jurisdiction: jurisdiction === ALL_JURISDICTIONS ? 'All jurisdictions' : jurisdiction,
    columns: chart.columns.map((c) => c.label),
    rows: chart.themes.map((theme, t) => ({
      theme: themes[t]!,
      cells: chart.columns.map((column, c) => ({
        ...chart.cell(jurisdiction, t, c),
        wholeStudy: false,
        summary: summaries.framework.get(frameworkCellKey({ themeId: theme.code.id, levelId: column.level?.id ?? null, directionId: column.direction?.id ?? null, jurisdiction })) ?? null,
      })),
    })),
  }));
  const cells = studyThemeCells(data, chart.themes, data.studies);
  const studies = data.studies.map((study, s) => ({
    label: study.label,
    cells: chart.themes.map((theme, t) => ({ ...cells[s]![t]!, studies: null, summary: summaries.studies.get(studyCellKey(study.id, theme.code.id)) ?? null })),
  }));
  return { title, framework, studies: { themes, rows: studies } };
}
