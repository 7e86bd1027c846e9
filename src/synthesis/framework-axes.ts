/**
 * The framework's axes, found in the codebook and the extraction form by name, and the excerpts at
 * each of their intersections: theme × level × direction, within a jurisdiction or all of them.
 * The chapter, the framework chart and the evidence pages all read the framework through here, at
 * the excerpt grain (excerpt-codes.ts).
 */
import { splitJurisdiction } from '../extraction/field-types.js';
import { excerptCodeIndex, holds } from './excerpt-codes.js';
import { codeAndDescendants, type SynthesisCode, type SynthesisData, type SynthesisExcerpt, type SynthesisField, type SynthesisStudy } from './synthesis-data.js';

export type JurisdictionSource = { kind: 'field'; field: SynthesisField } | { kind: 'group'; group: SynthesisCode };

export interface FrameworkAxes {
  themes: SynthesisCode;
  levels: SynthesisCode;
  /** Enables / constrains; null when the codebook has no such group. */
  directions: SynthesisCode | null;
  /** A jurisdiction extraction field, else a code group named so; null when neither exists. */
  jurisdiction: JurisdictionSource | null;
}

/** The codebook's top-level group whose name matches, if any. */
function group(data: SynthesisData, pattern: RegExp): SynthesisCode | null {
  return data.codes.find((c) => c.depth === 0 && pattern.test(c.name)) ?? null;
}

/** The axes, or null without a themes group and a level group (the chapter needs both). */
export function frameworkAxes(data: SynthesisData): FrameworkAxes | null {
  const themes = group(data, /theme/i);
  const levels = group(data, /level/i);
  if (!themes || !levels) return null;
  const field = data.fields.find((f) => f.kind === 'jurisdiction');
  const jurisdictionGroup = group(data, /jurisdiction|countr/i);
  return {
    themes,
    levels,
    directions: group(data, /direction|enabl|constrain|facilitat|barrier/i),
    jurisdiction: field ? { kind: 'field', field } : jurisdictionGroup ? { kind: 'group', group: jurisdictionGroup } : null,
  };
}

/** A code and its sub-codes, with its place for labels. */
export interface AxisValue {
  code: SynthesisCode;
  ids: ReadonlySet<number>;
}

export function axisValues(data: SynthesisData, parent: SynthesisCode): AxisValue[] {
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  return parent.childIds.flatMap((id) => {
    const code = byId.get(id);
    return code ? [{ code, ids: new Set(codeAndDescendants(data, id)) }] : [];
  });
}

export const OTHER_JURISDICTIONS = 'Other';
export const NO_JURISDICTION = 'Jurisdiction not recorded';

/**
 * The jurisdictions in the order a comparison lists them: the field's list (or the group's codes),
 * each once. Free-text "Other: Australia" values group under "Other", never rows of their own.
 */
export function jurisdictionLabels(data: SynthesisData, axes: FrameworkAxes): string[] {
  if (!axes.jurisdiction) return [];
  if (axes.jurisdiction.kind === 'field') return [...axes.jurisdiction.field.choices];
  return axisValues(data, axes.jurisdiction.group).map((v) => v.code.name);
}

/**
 * Where an excerpt speaks from: its study's jurisdiction field (the list entry: "Other" for
 * "Other: Australia", with the name as the detail), or the jurisdiction codes it carries at the
 * excerpt grain. Empty when not recorded.
 */
export function jurisdictionsOf(
  data: SynthesisData,
  axes: FrameworkAxes,
): (study: SynthesisStudy, excerpt: SynthesisExcerpt | null) => Array<{ label: string; detail: string }> {
  const source = axes.jurisdiction;
  if (source === null) return () => [];
  if (source.kind === 'field') {
    const choices = new Map(source.field.choices.map((c) => [c.toLocaleLowerCase(), c]));
    return (study) => {
      const value = study.fields.get(source.field.id) ?? '';
      if (value === '') return [];
      const { choice, detail } = splitJurisdiction(value);
      return [{ label: choices.get(choice.toLocaleLowerCase()) ?? (detail === '' ? choice : OTHER_JURISDICTIONS), detail }];
    };
  }
  const values = axisValues(data, source.group);
  const codesOf = excerptCodeIndex(data);
  return (study, excerpt) => {
    const codes = excerpt ? codesOf(excerpt) : new Set(study.codeIds.concat(study.excerpts.flatMap((e) => e.codeIds)));
    return values.filter((v) => holds(codes, v.ids)).map((v) => ({ label: v.code.name, detail: '' }));
  };
}

export interface EvidenceItem {
  study: SynthesisStudy;
  excerpt: SynthesisExcerpt;
}

/** What a framework cell asks for: a theme, a level and a direction (null: any), within a jurisdiction (null: all). */
export interface CellSpec {
  themeId: number;
  levelId: number | null;
  directionId: number | null;
  jurisdiction: string | null;
}

/**
 * The excerpts in a framework cell: carrying the theme (or a sub-code), the level and the direction
 * (each with its sub-codes), in `studies` (all included studies unless given: a sensitivity filter
 * passes fewer), from the jurisdiction asked. In the studies' order, each study's in its order.
 */
export function cellEvidence(data: SynthesisData, axes: FrameworkAxes, cell: CellSpec, studies: readonly SynthesisStudy[] = data.studies): EvidenceItem[] {
  const codesOf = excerptCodeIndex(data);
  const required = [cell.themeId, cell.levelId, cell.directionId].filter((id): id is number => id !== null).map((id) => new Set(codeAndDescendants(data, id)));
  const whereFrom = jurisdictionsOf(data, axes);
  const out: EvidenceItem[] = [];
  for (const study of studies) {
    for (const excerpt of study.excerpts) {
      const codes = codesOf(excerpt);
      if (!required.every((ids) => holds(codes, ids))) continue;
      if (cell.jurisdiction !== null && !whereFrom(study, excerpt).some((j) => j.label === cell.jurisdiction)) continue;
      out.push({ study, excerpt });
    }
  }
  return out;
}

/** Distinct studies of some evidence, in its order. */
export function studiesOf(items: readonly EvidenceItem[]): SynthesisStudy[] {
  return [...new Set(items.map((i) => i.study))];
}
