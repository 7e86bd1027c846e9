/**
 * PRISMA_data() of the PRISMA2020 R package, re-implemented to read a CSV the way the package
 * does, in its two releases Coreview writes for (src/prisma/prisma-csv.ts says why two):
 *
 * - 1.1.4, the current release: R/PRISMA_data.R, R/PRISMA_default_or_csv.R and R/PRISMA_format.R
 *   of github.com/prisma-flowdiagram/PRISMA2020 at 4cdc0184e0b4f7c34d7089977c28ff20b4606d37
 *   (the same code as CRAN's 1.1.4 source).
 * - 1.1.1 (CRAN, February 2023): PRISMA_data() in R/PRISMA_flowdiagram.R, PRISMA_format_number_()
 *   in R/utils.R (commas dropped, then as.numeric: a scalar is.na() guard that one stored utils.R
 *   has would stop on the package's own template under R >= 4.2, so it is not the released one).
 *
 * Checked against R 4.2.2 running those functions, transcribed, on the same files. What R does
 * that matters is modelled: read.csv (a column of numbers and blanks becomes numeric, blanks NA;
 * otherwise "NA" is NA and a blank stays ""), grep() (NA never matches), TRE's leftmost-longest
 * gsub(), strsplit() (no trailing empty piece), as.numeric (white space trimmed, anything else NA),
 * scales::comma (thousands separators, NA stays NA), and PRISMA_default_or_csv_(), whose warning
 * for a missing box text evaluates the variable being assigned: R stops with "object '…' not found".
 * What Coreview never writes (decimals, hex, Inf, logical columns) throws rather than guess.
 */
import { parse } from 'csv-parse/sync';

/** A character vector as PRISMA_data() returns it; null is NA. */
export type RCharacter = Array<string | null>;
/** A parsed "name, n; name, n" list: the package's data.frame(reason, n). */
export interface RReasons {
  reason: RCharacter;
  n: RCharacter;
}
export interface PrismaData {
  fields: Record<string, RCharacter | RReasons>;
  tooltips: Map<string | null, string>;
  urls: Array<{ box: string | null; url: string | null }>;
  warnings: string[];
}

/** An error R would stop with: the message is R's conditionMessage(), after the warnings given so far. */
export class RError extends Error {
  warnings: string[] = [];
}

function stop(message: string, warnings: string[]): never {
  throw Object.assign(new RError(message), { warnings });
}

class NotModelled extends Error {}

type Cell = string | number | null;
interface Frame {
  names: string[];
  columns: Cell[][];
}

const R_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** as.numeric() of strings, with its warning when text that is not blank is no number. */
function asNumeric(values: Array<string | null>, warnings: string[]): Array<number | null> {
  let coerced = false;
  const numbers = values.map((value) => {
    if (value === null) return null;
    const trimmed = value.trim();
    if (R_NUMBER.test(trimmed)) return Number(trimmed);
    if (/^[+-]?(0x[0-9a-f]+|inf|infinity|nan)$/i.test(trimmed)) throw new NotModelled(`as.numeric("${value}")`);
    if (trimmed !== '') coerced = true;
    return null;
  });
  if (coerced) warnings.push('NAs introduced by coercion');
  return numbers;
}

/** as.character(): R writes 1e+05 for 100000, which is not modelled. */
function asCharacter(value: Cell): string | null {
  if (typeof value !== 'number') return value;
  if (!Number.isInteger(value) || Math.abs(value) >= 1e5) throw new NotModelled(`as.character(${value})`);
  return String(value);
}

/** read.csv(): header, "NA" as NA, each column converted as type.convert() does. */
export function readCsv(text: string): Frame {
  const [header, ...rows] = parse(text, { skip_empty_lines: true }) as string[][];
  if (!header || !header.every((name) => /^[A-Za-z][A-Za-z0-9._]*$/.test(name))) throw new NotModelled('a header R would rename');
  const columns = header.map((_, j) => {
    const values = rows.map((row) => row[j]!);
    const present = values.filter((v) => v !== 'NA' && v !== '');
    if (present.length === 0) return values.map(() => null);
    if (present.every((v) => /^(T|F|TRUE|FALSE|true|false|True|False)$/.test(v))) throw new NotModelled('a logical column');
    if (present.every((v) => R_NUMBER.test(v))) return values.map((v) => (v === 'NA' || v === '' ? null : Number(v)));
    return values.map((v) => (v === 'NA' ? null : v));
  });
  return { names: header, columns };
}

/** `data[grep(pattern, data[, position]), ]$name`; the patterns are names, some anchored with `$`. */
function lookUp(frame: Frame, pattern: string, position: 1 | 3, name: string): Cell[] {
  const key = frame.columns[position - 1]!;
  const column = frame.columns[frame.names.indexOf(name)] ?? [];
  const regex = new RegExp(pattern);
  const rows = key.flatMap((cell, i) => (cell !== null && regex.test(String(cell)) ? [i] : []));
  return frame.names.includes(name) ? rows.map((i) => column[i]!) : [];
}

/** scales::comma() of whole numbers. */
function comma(values: Array<number | null>): RCharacter {
  return values.map((x) => {
    if (x === null) return null;
    if (!Number.isInteger(x)) throw new NotModelled(`scales::comma(${x})`);
    return (x < 0 ? '-' : '') + String(Math.abs(x)).replace(/\B(?=(\d{3})+$)/g, ',');
  });
}

/** strsplit(x, split)[[1]] for a separator that cannot match empty. */
function strsplit(value: string | null, separator: RegExp): RCharacter {
  if (value === null) return [null];
  const pieces = value.split(separator);
  return pieces.at(-1) === '' ? pieces.slice(0, -1) : pieces;
}

/**
 * PRISMA_format_number_(): commas dropped, and in 1.1.4 (R/PRISMA_format.R) anything but digits
 * and dots too; 1.1.1's (R/utils.R) stops at the commas. Numbers pass as they are.
 */
function formatNumber(values: Cell[], version: '1.1.4' | '1.1.1', warnings: string[]): Array<number | null> {
  if (values.some((v) => typeof v === 'number')) return values as Array<number | null>;
  const strip = (v: string) => (version === '1.1.4' ? v.replace(/,/g, '').replace(/[^0-9.]/g, '') : v.replace(/,/g, ''));
  return asNumeric((values as Array<string | null>).map((v) => (v === null ? null : strip(v))), warnings);
}

/**
 * gsub(".*?,([ 0-9,]*)|.*()", "\\1", piece) as R's TRE engine does it: the first alternative (up to
 * the first comma, then digits, spaces and commas) wins only when it spans the whole piece, since
 * `.*` always does; then the number is what follows the comma, otherwise nothing.
 */
function numberAfterComma114(piece: string | null): string | null {
  if (piece === null) return null;
  const comma = piece.indexOf(',');
  if (comma < 0) return '';
  const tail = piece.slice(comma + 1);
  return /^[ 0-9,]*$/.test(tail) ? tail : '';
}

/** 1.1.4 R/PRISMA_format.R: PRISMA_parse_reasons_(). */
function parseReasons114(values: Cell[], warnings: string[]): RReasons {
  if (values.length !== 1) stop('the condition has length > 1', warnings);
  const text = asCharacter(values[0]!);
  if (text !== null && /[^0-9,]/.test(text)) {
    const pieces = strsplit(text, /;(?: )?/);
    return {
      reason: pieces.map((p) => (p === null ? null : p.replace(/,[\s\S]*$/, ''))),
      n: comma(formatNumber(pieces.map(numberAfterComma114), '1.1.4', warnings)),
    };
  }
  return { reason: [''], n: comma(formatNumber([text], '1.1.4', warnings)) };
}

/** 1.1.1: the data.frame(reason, n) PRISMA_data() builds inline, split at "; ". */
function parseReasons111(values: Cell[], warnings: string[]): RReasons {
  const pieces = values.flatMap((v) => strsplit(asCharacter(v), /; /));
  return {
    reason: pieces.map((p) => (p === null ? null : p.replace(/,[\s\S]*$/, ''))),
    // gsub(".*?,(.*)", "\\1", piece): everything after the first comma; a piece without one stays.
    n: comma(formatNumber(pieces.map((p) => (p === null || !p.includes(',') ? p : p.slice(p.indexOf(',') + 1))), '1.1.1', warnings)),
  };
}

/** The `data` rows PRISMA_data() reads for numbers and lists (with the default of a list in 1.1.4), in its order. */
const NUMBER_ROWS: ReadonlyArray<[name: string, list?: string]> = [
  ['previous_studies'], ['previous_reports'], ['register_results'], ['database_results'],
  ['database_specific_results', 'Database 1, xxx; Database 2, xxx; Database 3, xxx'],
  ['register_specific_results', 'Register 1, xxx; Register 2, xxx; Register 3, xxx'],
  ['website_results'], ['organisation_results'], ['citations_results'], ['duplicates'], ['excluded_automatic'], ['excluded_other'],
  ['records_screened'], ['records_excluded'], ['dbr_sought_reports'], ['dbr_notretrieved_reports'], ['other_sought_reports'],
  ['other_notretrieved_reports'], ['dbr_assessed'], ['dbr_excluded', 'Reason1, xxx; Reason2, xxx; Reason3, xxx'], ['other_assessed'],
  ['other_excluded', 'Reason1, xxx; Reason2, xxx; Reason3, xxx'], ['new_studies'], ['new_reports'], ['total_studies'], ['total_reports'],
  ['total_studies_ma'], ['total_reports_ma'],
];

/**
 * The box texts, in PRISMA_data()'s order: variable, the value grep()ed (in column 3, `box`, for
 * the title boxes). 1.1.4 passes each a default too, which it never reaches: see prismaData114.
 */
const TEXT_ROWS: ReadonlyArray<readonly [variable: string, key: string, position: 1 | 3]> = [
  ['previous_text', 'prevstud', 3], ['newstud_text', 'newstud', 3], ['other_text', 'othstud', 3],
  ...[
    'previous_studies', 'previous_reports', 'register_results', 'database_results', 'website_results', 'organisation_results',
    'citations_results', 'duplicates', 'excluded_automatic', 'excluded_other', 'records_screened', 'records_excluded',
    'dbr_sought_reports', 'dbr_notretrieved_reports', 'other_sought_reports', 'other_notretrieved_reports', 'dbr_assessed',
    'dbr_excluded', 'other_assessed', 'other_excluded', 'new_studies', 'new_reports', 'total_studies', 'total_reports',
    'identification', 'screening', 'included', 'total_studies_ma', 'total_reports_ma',
  ].map((key) => [`${key}_text`, key, 1] as const),
];

const META_ANALYSIS = new Set(['total_studies_ma', 'total_reports_ma', 'total_studies_ma_text', 'total_reports_ma_text']);

/** The tooltips list and the urls data.frame, built alike by both releases. */
function tooltipsAndUrls(frame: Frame, warnings: string[]): Pick<PrismaData, 'tooltips' | 'urls'> {
  const column = (name: string) => frame.columns[frame.names.indexOf(name)];
  const [data, box, tips, url] = [column('data'), column('box'), column('tooltips'), column('url')];
  // `if (!is.na(data[i, ]$tooltips))` on a missing column is `if (logical(0))`.
  if (!tips || !data || !box || !url) stop('argument is of length zero', warnings);
  const tooltips = new Map<string | null, string>();
  tips.forEach((tip, i) => {
    if (tip !== null) tooltips.set(asCharacter(data[i]!) ?? asCharacter(box[i]!), asCharacter(tip)!);
  });
  const seen = new Set<Cell>();
  const urls = box.flatMap((b, i) => (seen.has(b) ? [] : (seen.add(b), [{ box: asCharacter(b), url: asCharacter(url[i]!) }])));
  return { tooltips, urls };
}

/** 1.1.4 anchors total_studies and total_reports (and their texts) with `$`, and no other name. */
function anchored114(key: string): string {
  return key === 'total_studies' || key === 'total_reports' ? `${key}$` : key;
}

function warningFor(variable: string, fallback: string | number): string {
  return `Variable ${variable} was not processed because it does not appear to exist within the CSV file using default value: ${fallback}`;
}

/** PRISMA_data(read.csv(file)) of 1.1.4. */
export function prismaData114(csv: string): PrismaData {
  const frame = readCsv(csv);
  const warnings: string[] = [];
  const fields: PrismaData['fields'] = {};
  /** PRISMA_default_or_csv_(expr, default, var_name) with a quoted var_name. */
  const orDefault = (found: Cell[], fallback: string | number, variable: string): Cell[] => {
    if (found.length > 0) return found;
    warnings.push(warningFor(variable, fallback));
    return [fallback];
  };
  for (const [name, list] of NUMBER_ROWS) {
    const pattern = anchored114(name);
    const found = lookUp(frame, pattern, 1, 'n');
    fields[name] = list === undefined ? comma(formatNumber(orDefault(found, 0, pattern), '1.1.4', warnings)) : parseReasons114(orDefault(found, list, name), warnings);
  }
  const rest = tooltipsAndUrls(frame, warnings);
  for (const [variable, key, position] of TEXT_ROWS) {
    const found = lookUp(frame, anchored114(key), position, 'boxtext');
    // var_name is the unevaluated variable being assigned: the warning evaluates it, and R stops.
    if (found.length === 0) stop(`object '${variable}' not found`, warnings);
    fields[variable] = found.map(asCharacter);
  }
  return { fields, ...rest, warnings };
}

/** PRISMA_data(read.csv(file)) of 1.1.1: no defaults, no meta-analysis rows, total_* unanchored. */
export function prismaData111(csv: string): PrismaData {
  const frame = readCsv(csv);
  const warnings: string[] = [];
  const fields: PrismaData['fields'] = {};
  for (const [name, list] of NUMBER_ROWS) {
    if (META_ANALYSIS.has(name)) continue;
    const found = lookUp(frame, name, 1, 'n');
    fields[name] = list === undefined ? comma(formatNumber(found, '1.1.1', warnings)) : parseReasons111(found, warnings);
  }
  const rest = tooltipsAndUrls(frame, warnings);
  for (const [variable, key, position] of TEXT_ROWS) {
    if (!META_ANALYSIS.has(variable)) fields[variable] = lookUp(frame, key, position, 'boxtext').map(asCharacter);
  }
  return { fields, ...rest, warnings };
}
