/**
 * The framework chart's counts, at the excerpt grain (src/synthesis/excerpt-codes.ts): rows are the
 * themes (the Themes group's children, each with its sub-codes; a-priori first, then emergent),
 * columns the framework's level × direction (after one column for the theme as a whole), and each
 * cell counts the excerpts carrying the theme, the level and the direction themselves, and their
 * studies, for all jurisdictions and for each one.
 *
 * Every cell of every jurisdiction is worked out in one pass over the excerpts (calling cellEvidence
 * per cell reads them all once per cell: 60 codes × 7 columns × 11 jurisdictions at 20,000
 * excerpts is seconds). The counts equal cellEvidence's (framework-axes.ts), which lists a cell's excerpts.
 *
 * ```ts
 * const chart = frameworkChart(data, frameworkAxes(data)!);
 * chart.cell(ALL_JURISDICTIONS, themeIndex, columnIndex); // { excerpts: 3, studies: 2 }
 * ```
 */
import { excerptCodeIndex, holds } from '../synthesis/excerpt-codes.js';
import { axisValues, jurisdictionLabels, jurisdictionsOf, type AxisValue, type FrameworkAxes } from '../synthesis/framework-axes.js';
import type { SynthesisCode, SynthesisData, SynthesisStudy } from '../synthesis/synthesis-data.js';

/** The jurisdiction key of the chart over all jurisdictions. */
export const ALL_JURISDICTIONS = '';

export interface ChartTheme {
  code: SynthesisCode;
  /** The theme and its sub-codes. */
  ids: ReadonlySet<number>;
  emergent: boolean;
}

export interface ChartColumn {
  /** null: any level (the theme as a whole). */
  level: SynthesisCode | null;
  /** null: any direction. */
  direction: SynthesisCode | null;
  label: string;
}

export interface CellCount {
  excerpts: number;
  studies: number;
}

export interface FrameworkChart {
  themes: ChartTheme[];
  columns: ChartColumn[];
  /**
   * The jurisdictions to compare, without "all": the framework's list (the extraction field's or
   * the group's codes), then any label the evidence carries beyond it ("Other" for "Other: Australia").
   */
  jurisdictions: string[];
  cell(jurisdiction: string, theme: number, column: number): CellCount;
}

const EMPTY: CellCount = { excerpts: 0, studies: 0 };

/** The themes as rows: a-priori ones in codebook order, then the emergent ones. */
export function chartThemes(data: SynthesisData, axes: FrameworkAxes): ChartTheme[] {
  const themes = axisValues(data, axes.themes).map((v: AxisValue) => ({ code: v.code, ids: v.ids, emergent: v.code.origin === 'emergent' }));
  return [...themes.filter((t) => !t.emergent), ...themes.filter((t) => t.emergent)];
}

/** The theme as a whole, then each level × direction (each level alone when the codebook has no direction group). */
export function chartColumns(data: SynthesisData, axes: FrameworkAxes): ChartColumn[] {
  const levels = axisValues(data, axes.levels);
  const directions = axes.directions ? axisValues(data, axes.directions) : [];
  const columns: ChartColumn[] = [{ level: null, direction: null, label: 'Theme as a whole' }];
  for (const level of levels) {
    if (directions.length === 0) columns.push({ level: level.code, direction: null, label: level.code.name });
    for (const direction of directions) columns.push({ level: level.code, direction: direction.code, label: `${level.code.name} · ${direction.code.name}` });
  }
  return columns;
}

interface Tally {
  excerpts: Int32Array;
  studies: Int32Array;
  /** The last study counted in each cell, as its index + 1, so a study counts once per cell. */
  lastStudy: Int32Array;
}

export function frameworkChart(data: SynthesisData, axes: FrameworkAxes, studies: readonly SynthesisStudy[] = data.studies): FrameworkChart {
  const themes = chartThemes(data, axes);
  const columns = chartColumns(data, axes);
  const levels = axisValues(data, axes.levels);
  const directions = axes.directions ? axisValues(data, axes.directions) : [];
  // Where each level × direction pair sits among the columns (1: the theme as a whole is 0).
  const width = Math.max(1, directions.length);
  const columnOf = (level: number, direction: number) => 1 + level * width + direction;
  const size = themes.length * columns.length;
  const tallies = new Map<string, Tally>();
  const tally = (jurisdiction: string): Tally => {
    let found = tallies.get(jurisdiction);
    if (!found) {
      found = { excerpts: new Int32Array(size), studies: new Int32Array(size), lastStudy: new Int32Array(size) };
      tallies.set(jurisdiction, found);
    }
    return found;
  };
  tally(ALL_JURISDICTIONS);

  const codesOf = excerptCodeIndex(data);
  const whereFrom = jurisdictionsOf(data, axes);
  const cells: number[] = [];
  const heldLevels: number[] = [];
  const heldDirections: number[] = [];
  studies.forEach((study, s) => {
    for (const excerpt of study.excerpts) {
      const codes = codesOf(excerpt);
      cells.length = 0;
      heldLevels.length = 0;
      heldDirections.length = 0;
      levels.forEach((level, i) => holds(codes, level.ids) && heldLevels.push(i));
      directions.forEach((direction, i) => holds(codes, direction.ids) && heldDirections.push(i));
      themes.forEach((theme, t) => {
        if (!holds(codes, theme.ids)) return;
        const row = t * columns.length;
        cells.push(row);
        for (const l of heldLevels) {
          if (directions.length === 0) cells.push(row + columnOf(l, 0));
          for (const d of heldDirections) cells.push(row + columnOf(l, d));
        }
      });
      if (cells.length === 0) continue;
      const labels = new Set(whereFrom(study, excerpt).map((j) => j.label));
      for (const key of [ALL_JURISDICTIONS, ...labels]) {
        const { excerpts, studies: studyCounts, lastStudy } = tally(key);
        for (const cell of cells) {
          excerpts[cell]! += 1;
          if (lastStudy[cell] !== s + 1) {
            lastStudy[cell] = s + 1;
            studyCounts[cell]! += 1;
          }
        }
      }
    }
  });

  const listed = jurisdictionLabels(data, axes);
  const beyond = [...tallies.keys()].filter((key) => key !== ALL_JURISDICTIONS && !listed.includes(key)).sort((a, b) => a.localeCompare(b));
  return {
    themes,
    columns,
    jurisdictions: [...listed, ...beyond],
    cell(jurisdiction, theme, column) {
      const found = tallies.get(jurisdiction);
      if (!found || theme < 0 || theme >= themes.length || column < 0 || column >= columns.length) return EMPTY;
      const at = theme * columns.length + column;
      return { excerpts: found.excerpts[at]!, studies: found.studies[at]! };
    },
  };
}

export interface StudyThemeCell {
  /** The study's excerpts carrying the theme (at the excerpt grain). */
  excerpts: number;
  /** The theme is applied to the study as a whole. */
  wholeStudy: boolean;
}

/** Study × theme: for each study given, each theme's excerpt count, in one pass over its excerpts. */
export function studyThemeCells(data: SynthesisData, themes: readonly ChartTheme[], studies: readonly SynthesisStudy[]): StudyThemeCell[][] {
  const codesOf = excerptCodeIndex(data);
  return studies.map((study) => {
    const counts = themes.map(() => 0);
    for (const excerpt of study.excerpts) {
      const codes = codesOf(excerpt);
      themes.forEach((theme, t) => {
        if (holds(codes, theme.ids)) counts[t]! += 1;
      });
    }
    const own = new Set(study.codeIds);
    return themes.map((theme, t) => ({ excerpts: counts[t]!, wholeStudy: holds(own, theme.ids) }));
  });
}
