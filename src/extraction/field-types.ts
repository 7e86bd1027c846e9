/**
 * THE ONE PLACE that defines the extraction form's field kinds: what each is called, how a value a
 * person typed is checked, normalised and stored (as JSON in extraction_value.value_json), and how a
 * stored value reads as text (the study form's summary, the synthesis matrix, every export).
 *
 * ```ts
 * parseFieldInput({ kind: 'number', choices: [] }, ' 12.50 ')       // { json: '12.5' }
 * parseFieldInput({ kind: 'number', choices: [] }, '12,5')          // { error: 'Use a decimal point …' }
 * parseFieldInput(field, '')                                         // { json: null }: no value (every field is optional)
 * displayValue({ kind: 'multiple_choice', choices: ['A', 'B'] }, '["A","B"]')   // 'A; B'
 * ```
 *
 * Stored shapes, by kind:
 * - short_text, long_text: a JSON string (short text on one line, ≤ 500 characters; long text keeps its
 *   line breaks, ≤ 20,000 characters).
 * - number: a JSON number (finite; written with a decimal point, never a comma).
 * - year: a JSON number, a whole year 1000–2999.
 * - single_choice: a JSON string, exactly one of the field's choices.
 * - multiple_choice: a JSON array of strings, a non-empty subset of the choices, in the choices' order.
 * - jurisdiction: a JSON string, one of the field's jurisdiction list (its `choices`, seeded with
 *   DEFAULT_JURISDICTIONS). When the list has an "Other" entry, "Other: <free text>" is allowed too,
 *   so a study from Germany is stored as "Other: Germany" and still groups under "Other"
 *   (`valueChoices`).
 * - yes_no_unclear: a JSON string, "yes", "no" or "unclear" (displayed Yes / No / Unclear).
 *
 * An empty input is no value ({ json: null }): the study's row for that field is removed. Every
 * field is optional, so there is no "required" here.
 */
import type { ExtractionKind } from '../db/schema.js';

/** A field of a review's extraction form, as the queries, services and views use it. */
export interface ExtractionField {
  id: number;
  position: number;
  label: string;
  help: string;
  kind: ExtractionKind;
  /** The options of single choice, multiple choice and jurisdiction fields; [] for the others. */
  choices: string[];
}

/** What parsing and display need to know about a field. */
export type FieldDefinition = Pick<ExtractionField, 'kind' | 'choices'>;

/**
 * What a form sent for one field: a text, the repeated values of a checkbox group (a multiple-choice
 * field; empty strings from the group's hidden marker are ignored), or a jurisdiction's choice with
 * the "Other" detail typed beside it.
 */
export type RawFieldInput = string | readonly string[] | undefined | { value: string | readonly string[] | undefined; other?: string | undefined };

export type ParsedFieldInput = { json: string | null } | { error: string };

export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 20_000;
export const YEAR_MIN = 1000;
export const YEAR_MAX = 2999;
export const OTHER_DETAIL_MAX = 200;
export const OTHER = 'Other';

/** The jurisdiction list a new jurisdiction field starts with (the owner can edit it like choices). */
export const DEFAULT_JURISDICTIONS: readonly string[] = ['England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', OTHER];

export const YES_NO_UNCLEAR = ['yes', 'no', 'unclear'] as const;
const YES_NO_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', unclear: 'Unclear' };

export interface KindSpec {
  kind: ExtractionKind;
  /** "Short text", shown in the builder's badges and kind menu. */
  label: string;
  /** One line for the builder: what a value of this kind is. */
  description: string;
  /** Whether the field has a list of options (its `choices`). */
  hasChoices: boolean;
  parse(field: FieldDefinition, raw: RawFieldInput): ParsedFieldInput;
  /** Text for a stored (already parsed) JSON value. */
  display(field: FieldDefinition, value: unknown): string;
}

/** The kinds, in the order the builder offers them. */
export const FIELD_KINDS: readonly ExtractionKind[] = ['short_text', 'long_text', 'number', 'year', 'single_choice', 'multiple_choice', 'jurisdiction', 'yes_no_unclear'];

export function isFieldKind(value: string): value is ExtractionKind {
  return (FIELD_KINDS as readonly string[]).includes(value);
}

// ---- reading what a form sent ------------------------------------------------------------------

function valuePart(raw: RawFieldInput): string | readonly string[] | undefined {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { value: string | readonly string[] | undefined }).value : (raw as string | readonly string[] | undefined);
}

function otherPart(raw: RawFieldInput): string {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? ((raw as { other?: string }).other ?? '') : '';
}

/** The non-empty values given (a checkbox group's hidden '' marker dropped). */
function valuesOf(raw: RawFieldInput): string[] {
  const value = valuePart(raw);
  const list = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  return list.map((v) => (typeof v === 'string' ? v.trim() : '')).filter((v) => v !== '');
}

/** The single value given, '' when none; null when several were sent for a one-value field. */
function singleOf(raw: RawFieldInput): string | null {
  const values = valuesOf(raw);
  if (values.length > 1) return null;
  return values[0] ?? '';
}

/** One line: every run of white space (line breaks, tabs) becomes one space. */
export function oneLine(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function multiLine(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+$/, ''))
    .join('\n')
    .trim();
}

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('en');

/** The field's own spelling of a choice typed in any case, or undefined. */
function matchChoice(choices: readonly string[], value: string): string | undefined {
  const clean = oneLine(value);
  return choices.find((c) => c === clean) ?? choices.find((c) => fold(c) === fold(clean));
}

const json = (value: unknown): ParsedFieldInput => ({ json: JSON.stringify(value) });
const none: ParsedFieldInput = { json: null };
const ONE_VALUE = 'Give one value only.';

function textKind(max: number, single: boolean): Pick<KindSpec, 'parse' | 'display'> {
  return {
    parse(_field, raw) {
      const value = singleOf(raw);
      if (value === null) return { error: ONE_VALUE };
      const clean = single ? oneLine(value) : multiLine(value);
      if (clean === '') return none;
      if (clean.length > max) return { error: `Keep it to ${max.toLocaleString('en')} characters (this is ${clean.length.toLocaleString('en')}).` };
      return json(clean);
    },
    display: (_field, value) => plain(value),
  };
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(plain).filter((v) => v !== '').join('; ');
  return JSON.stringify(value);
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The parts of a jurisdiction value: its list entry and, for "Other: Germany", the detail. */
export function splitJurisdiction(value: string): { choice: string; detail: string } {
  const match = /^other\s*:\s*(.*)$/is.exec(value);
  return match ? { choice: OTHER, detail: oneLine(match[1]!) } : { choice: value, detail: '' };
}

/** Whether a jurisdiction list has an “Other” entry (any case), so “Other: <name>” is allowed. */
export const hasOther = (choices: readonly string[]) => choices.some((c) => fold(c) === fold(OTHER));

export const KINDS: Record<ExtractionKind, KindSpec> = {
  short_text: {
    kind: 'short_text',
    label: 'Short text',
    description: `One line, up to ${SHORT_TEXT_MAX} characters.`,
    hasChoices: false,
    ...textKind(SHORT_TEXT_MAX, true),
  },
  long_text: {
    kind: 'long_text',
    label: 'Long text',
    description: `Paragraphs, up to ${LONG_TEXT_MAX.toLocaleString('en')} characters.`,
    hasChoices: false,
    ...textKind(LONG_TEXT_MAX, false),
  },
  number: {
    kind: 'number',
    label: 'Number',
    description: 'A number such as 42 or 12.5 (decimal point).',
    hasChoices: false,
    parse(_field, raw) {
      const value = singleOf(raw);
      if (value === null) return { error: ONE_VALUE };
      const clean = value.replace(/\s+/g, '');
      if (clean === '') return none;
      if (/^[+-]?\d*,\d+$/.test(clean) || /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(clean)) {
        return { error: 'Use a decimal point and no thousands separators, e.g. 1234.5.' };
      }
      const n = Number(clean);
      if (!NUMBER.test(clean) || !Number.isFinite(n)) return { error: 'Give a number, e.g. 42 or 12.5.' };
      return json(Object.is(n, -0) ? 0 : n);
    },
    display: (_field, value) => (typeof value === 'number' ? String(value) : plain(value)),
  },
  year: {
    kind: 'year',
    label: 'Year',
    description: `A year from ${YEAR_MIN} to ${YEAR_MAX}.`,
    hasChoices: false,
    parse(_field, raw) {
      const value = singleOf(raw);
      if (value === null) return { error: ONE_VALUE };
      if (value === '') return none;
      const n = /^\d{4}$/.test(value) ? Number(value) : NaN;
      if (!(n >= YEAR_MIN && n <= YEAR_MAX)) return { error: `Give a year from ${YEAR_MIN} to ${YEAR_MAX}, e.g. 2019.` };
      return json(n);
    },
    display: (_field, value) => plain(value),
  },
  single_choice: {
    kind: 'single_choice',
    label: 'Single choice',
    description: 'One of a list of options.',
    hasChoices: true,
    parse(field, raw) {
      const value = singleOf(raw);
      if (value === null) return { error: 'Choose one option only.' };
      if (value === '') return none;
      const choice = matchChoice(field.choices, value);
      return choice === undefined ? { error: 'Choose one of the options offered.' } : json(choice);
    },
    display: (_field, value) => plain(value),
  },
  multiple_choice: {
    kind: 'multiple_choice',
    label: 'Multiple choice',
    description: 'Any of a list of options.',
    hasChoices: true,
    parse(field, raw) {
      const chosen = new Set<string>();
      for (const value of valuesOf(raw)) {
        const choice = matchChoice(field.choices, value);
        if (choice === undefined) return { error: `“${oneLine(value).slice(0, 80)}” is not one of the options.` };
        chosen.add(choice);
      }
      if (chosen.size === 0) return none;
      return json(field.choices.filter((c) => chosen.has(c)));
    },
    display(field, value) {
      if (!Array.isArray(value)) return plain(value);
      // In the choices' current order (they may have been reordered since), unknown ones last.
      const order = (v: unknown) => {
        const i = typeof v === 'string' ? field.choices.indexOf(v) : -1;
        return i === -1 ? Number.MAX_SAFE_INTEGER : i;
      };
      return [...value].sort((a, b) => order(a) - order(b)).map(plain).join('; ');
    },
  },
  jurisdiction: {
    kind: 'jurisdiction',
    label: 'Jurisdiction',
    description: 'One of the review’s jurisdictions; “Other” with a name.',
    hasChoices: true,
    parse(field, raw) {
      const value = singleOf(raw);
      if (value === null) return { error: 'Choose one jurisdiction only.' };
      const other = oneLine(otherPart(raw));
      const otherAllowed = hasOther(field.choices);
      if (value === '' && other === '') return none;
      const { choice: picked, detail: typed } = splitJurisdiction(value === '' ? OTHER : value);
      const choice = matchChoice(field.choices, picked);
      if (choice === undefined) return { error: otherAllowed ? 'Choose one of the jurisdictions, or “Other” and name it.' : 'Choose one of the jurisdictions.' };
      const isOther = otherAllowed && fold(choice) === fold(OTHER);
      if (!isOther) {
        if (other !== '') return { error: `Choose “${OTHER}” to name another jurisdiction, or clear the name.` };
        return json(choice);
      }
      if (typed !== '' && other !== '' && fold(typed) !== fold(other)) return { error: 'Name the other jurisdiction once.' };
      const detail = other || typed;
      if (detail.length > OTHER_DETAIL_MAX) return { error: `Keep the jurisdiction’s name to ${OTHER_DETAIL_MAX} characters.` };
      return json(detail === '' ? choice : `${choice}: ${detail}`);
    },
    display: (_field, value) => plain(value),
  },
  yes_no_unclear: {
    kind: 'yes_no_unclear',
    label: 'Yes / no / unclear',
    description: 'Yes, no or unclear.',
    hasChoices: false,
    parse(_field, raw) {
      const value = singleOf(raw);
      if (value === null) return { error: 'Choose one answer only.' };
      if (value === '') return none;
      const answer = fold(value);
      return (YES_NO_UNCLEAR as readonly string[]).includes(answer) ? json(answer) : { error: 'Choose yes, no or unclear.' };
    },
    display: (_field, value) => (typeof value === 'string' ? (YES_NO_LABELS[value] ?? value) : plain(value)),
  },
};

/** Checks and normalises what a form sent for a field: `{ json }` to store (null: no value) or `{ error }` to show beside it. */
export function parseFieldInput(field: FieldDefinition, raw: RawFieldInput): ParsedFieldInput {
  return KINDS[field.kind].parse(field, raw);
}

function parseStored(valueJson: string | null | undefined): unknown {
  if (valueJson === null || valueJson === undefined || valueJson === '') return null;
  try {
    return JSON.parse(valueJson) as unknown;
  } catch {
    return valueJson;
  }
}

/** A stored value as text ('' for no value): multiple choice joined with "; ", yes/no/unclear capitalised. */
export function displayValue(field: FieldDefinition, valueJson: string | null | undefined): string {
  const value = parseStored(valueJson);
  return value === null ? '' : KINDS[field.kind].display(field, value);
}

/**
 * The choices a stored value uses, for grouping (the synthesis pivot) and for refusing to remove a
 * choice in use: a single choice's option, a multiple choice's options, a jurisdiction's list entry
 * ("Other: Germany" → ["Other"]). [] for kinds without choices and for no value.
 */
export function valueChoices(field: FieldDefinition, valueJson: string | null | undefined): string[] {
  if (!KINDS[field.kind].hasChoices) return [];
  const value = parseStored(valueJson);
  const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  if (field.kind !== 'jurisdiction') return strings;
  return strings.map((v) => {
    const direct = field.choices.find((c) => c === v);
    if (direct !== undefined) return direct;
    const { choice } = splitJurisdiction(v);
    return matchChoice(field.choices, choice) ?? v;
  });
}

/**
 * A stored value put back into the form, in the shape the form sends it: text for the one-value
 * kinds (a number as written by String), the options of a multiple choice, and a jurisdiction's list
 * entry with its "Other" detail. parseFieldInput(field, storedAsInput(field, json)) gives json back.
 */
export function storedAsInput(field: FieldDefinition, valueJson: string | null | undefined): RawFieldInput {
  const value = parseStored(valueJson);
  if (value === null) return field.kind === 'multiple_choice' ? [] : field.kind === 'jurisdiction' ? { value: '', other: '' } : '';
  if (field.kind === 'multiple_choice') return Array.isArray(value) ? value.map(plain) : [plain(value)];
  if (field.kind === 'jurisdiction' && typeof value === 'string') {
    if (field.choices.includes(value)) return { value, other: '' };
    const { choice, detail } = splitJurisdiction(value);
    return { value: matchChoice(field.choices, choice) ?? value, other: detail };
  }
  return plain(value);
}

/** The form's view of what was sent for a field: its first value, every value, and the "Other" detail. */
export function inputParts(raw: RawFieldInput): { value: string; values: string[]; other: string } {
  const values = valuesOf(raw);
  return { value: values[0] ?? '', values, other: otherPart(raw) };
}
