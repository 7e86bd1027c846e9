/**
 * The codebook as a JSON file, for moving a codebook between reviews and instances.
 *
 * The shape (version 1), written with two-space indentation and codes in codebook order:
 *
 * ```json
 * {
 *   "coreviewCodebook": 1,
 *   "codes": [
 *     { "name": "Level", "description": "At which level a factor works.", "colour": "#5b7db1", "origin": "a_priori",
 *       "children": [{ "name": "Individual", "description": "", "colour": "#5b7db1", "origin": "a_priori", "children": [] }] }
 *   ]
 * }
 * ```
 *
 * `origin` says whether a code is part of the a-priori framework ("a_priori") or emerged from the
 * data ("emergent"); files written before it existed have none, and their codes are a-priori.
 *
 * Export always writes all five fields. Import is strict: the version must be 1, every field must
 * have its type, unknown fields are refused (a misspelt "colour" must not silently vanish), names are
 * required (at most 200 characters) and unique among siblings (case aside), at most three levels and
 * 2,000 codes, the file at most 2 MB. `description` (default ""), `colour` (default: the parent's,
 * or a palette colour for a group) and `origin` (default "a_priori") may be left out, and so may `children`. Every problem is reported
 * at once, by its place in the file, and nothing is imported unless the whole file is good.
 */
import { ValidationError } from '../domain-errors.js';
import {
  cleanDescription, cleanName, descriptionProblem, isCodeOrigin, MAX_CODES, MAX_DEPTH, MAX_IMPORT_BYTES, nameKey, nameProblem, normaliseColour,
  type CodeOrigin,
} from './codebook-rules.js';

export const CODEBOOK_FORMAT = 1;

export interface CodebookFileCode {
  name: string;
  description: string;
  /** #rrggbb; null in an imported file that left it out (the parent's colour is used). */
  colour: string | null;
  origin: CodeOrigin;
  children: CodebookFileCode[];
}

export interface CodebookFile {
  coreviewCodebook: typeof CODEBOOK_FORMAT;
  codes: CodebookFileCode[];
}

/** What export writes for one code (the stored rows, already valid). */
export interface ExportableCode {
  name: string;
  description: string;
  colour: string;
  origin: CodeOrigin;
  children: readonly ExportableCode[];
}

export function codebookFile(codes: readonly ExportableCode[]): CodebookFile {
  const convert = (code: ExportableCode): CodebookFileCode => ({
    name: code.name,
    description: code.description,
    colour: code.colour,
    origin: code.origin,
    children: code.children.map(convert),
  });
  return { coreviewCodebook: CODEBOOK_FORMAT, codes: codes.map(convert) };
}

export function codebookJson(codes: readonly ExportableCode[]): string {
  return JSON.stringify(codebookFile(codes), null, 2) + '\n';
}

const MAX_PROBLEMS = 10;
const TOP_FIELDS = new Set(['coreviewCodebook', 'codes']);
const CODE_FIELDS = new Set(['name', 'description', 'colour', 'origin', 'children']);

/** A file that cannot be imported; `problems` lists every reason found (at most ten, then a count). */
export class CodebookFileError extends ValidationError {
  constructor(readonly problems: string[]) {
    super(Object.fromEntries(problems.map((p, i) => [i === 0 ? 'file' : `file-${i + 1}`, p])));
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a codebook file. Returns the codes to add (names and descriptions cleaned, colours in
 * lower case); throws CodebookFileError with every problem otherwise.
 */
export function parseCodebookFile(text: string): CodebookFileCode[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES) {
    throw new CodebookFileError([`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; a codebook file is far smaller. Nothing was imported.`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'it could not be read';
    throw new CodebookFileError([`The file is not valid JSON (${detail}). Nothing was imported.`]);
  }
  const problems: string[] = [];
  let extra = 0;
  const problem = (message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(message);
    else extra++;
  };

  if (!isObject(data)) {
    throw new CodebookFileError(['The file must hold one JSON object: { "coreviewCodebook": 1, "codes": [ … ] }. Nothing was imported.']);
  }
  if (!('coreviewCodebook' in data)) {
    throw new CodebookFileError(['This is not a Coreview codebook: the "coreviewCodebook" field is missing. Nothing was imported.']);
  }
  if (data.coreviewCodebook !== CODEBOOK_FORMAT) {
    throw new CodebookFileError([`This file is codebook format ${JSON.stringify(data.coreviewCodebook)?.slice(0, 40)}; this Coreview reads format ${CODEBOOK_FORMAT}. Nothing was imported.`]);
  }
  for (const key of Object.keys(data)) if (!TOP_FIELDS.has(key)) problem(`Unknown field ${JSON.stringify(key.slice(0, 60))} at the top of the file.`);
  if (!Array.isArray(data.codes)) {
    throw new CodebookFileError(['"codes" must be a list of codes: "codes": [ … ]. Nothing was imported.']);
  }

  let count = 0;
  let tooMany = false;
  const readList = (list: unknown[], path: string, depth: number): CodebookFileCode[] => {
    const out: CodebookFileCode[] = [];
    const seen = new Map<string, string>();
    for (const [i, item] of list.entries()) {
      if (tooMany) break;
      const at = `${path}[${i}]`;
      if (++count > MAX_CODES) {
        tooMany = true;
        problem(`The file holds more than ${MAX_CODES.toLocaleString('en-GB')} codes; a codebook holds at most ${MAX_CODES.toLocaleString('en-GB')}.`);
        break;
      }
      if (!isObject(item)) {
        problem(`${at}: each code must be an object with a "name".`);
        continue;
      }
      let name = '';
      if (typeof item.name !== 'string') {
        problem(`${at}: "name" is required and must be text.`);
      } else {
        name = cleanName(item.name);
        const wrong = nameProblem(name);
        if (wrong) problem(`${at}: ${wrong}`);
      }
      const label = name === '' ? at : `${at} (“${name.slice(0, 60)}”)`;
      for (const key of Object.keys(item)) if (!CODE_FIELDS.has(key)) problem(`${label}: unknown field ${JSON.stringify(key.slice(0, 60))} (a code has name, description, colour, origin and children).`);
      let description = '';
      if (item.description !== undefined) {
        if (typeof item.description !== 'string') problem(`${label}: "description" must be text.`);
        else {
          description = cleanDescription(item.description);
          const wrong = descriptionProblem(description);
          if (wrong) problem(`${label}: ${wrong}`);
        }
      }
      let colour: string | null = null;
      if (item.colour !== undefined) {
        colour = typeof item.colour === 'string' ? normaliseColour(item.colour) : null;
        if (colour === null) problem(`${label}: "colour" must be a colour written #rrggbb, like "#5b7db1".`);
      }
      let origin: CodeOrigin = 'a_priori';
      if (item.origin !== undefined) {
        if (isCodeOrigin(item.origin)) origin = item.origin;
        else problem(`${label}: "origin" must be "a_priori" (part of the framework) or "emergent" (from the data).`);
      }
      if (name !== '') {
        const key = nameKey(name);
        const first = seen.get(key);
        if (first !== undefined) problem(`${label}: the name “${name.slice(0, 60)}” is already used at this level (${first}); names must differ among siblings.`);
        else seen.set(key, at);
      }
      let children: CodebookFileCode[] = [];
      if (item.children !== undefined) {
        if (!Array.isArray(item.children)) problem(`${label}: "children" must be a list of codes.`);
        else if (item.children.length > 0 && depth >= MAX_DEPTH) {
          problem(`${label}: too deep — a codebook has at most ${MAX_DEPTH} levels (group → code → sub-code), and this code's children would be a fourth.`);
        } else children = readList(item.children, `${at}.children`, depth + 1);
      }
      out.push({ name, description, colour, origin, children });
    }
    return out;
  };
  const codes = readList(data.codes, 'codes', 1);
  if (count === 0 && problems.length === 0) problem('The file holds no codes.');
  if (problems.length > 0) {
    if (extra > 0) problems.push(`…and ${extra} more ${extra === 1 ? 'problem' : 'problems'}.`);
    problems.push('Nothing was imported.');
    throw new CodebookFileError(problems);
  }
  return codes;
}

/** How many codes a list holds, all levels. */
export function countCodes(codes: readonly { children: readonly unknown[] }[]): number {
  let n = 0;
  const walk = (list: readonly { children: readonly unknown[] }[]) => {
    for (const code of list) {
      n++;
      walk(code.children as { children: readonly unknown[] }[]);
    }
  };
  walk(codes);
  return n;
}
