import { describe, expect, it } from 'vitest';
import { codebookJson, CodebookFileError, parseCodebookFile, type CodebookFileCode, type ExportableCode } from '../../../src/coding/codebook-json.js';
import { FRAMEWORK_TEMPLATE } from '../../../src/coding/framework-template.js';

/** The problems a file is refused with (fails the test when it is accepted). */
function problems(text: string): string[] {
  try {
    parseCodebookFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CodebookFileError);
    return (error as CodebookFileError).problems;
  }
  throw new Error('The file was accepted');
}

const file = (codes: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ coreviewCodebook: 1, codes, ...extra });
const leaf = (name: string, more: Record<string, unknown> = {}) => ({ name, ...more });

describe('the codebook file', () => {
  it('writes the documented shape, every field present, and reads it back unchanged', () => {
    const exportable = (c: CodebookFileCode): ExportableCode => ({ ...c, colour: c.colour!, children: c.children.map(exportable) });
    const json = codebookJson(FRAMEWORK_TEMPLATE.map(exportable));
    const data = JSON.parse(json) as { coreviewCodebook: number; codes: CodebookFileCode[] };
    expect(data.coreviewCodebook).toBe(1);
    expect(Object.keys(data.codes[0]!)).toEqual(['name', 'description', 'colour', 'origin', 'children']);
    expect(Object.keys(data.codes[0]!.children[0]!)).toEqual(['name', 'description', 'colour', 'origin', 'children']);
    // The framework is the a-priori one: every code says so.
    expect(json.match(/"origin": "a_priori"/g)).toHaveLength(25);
    expect(json.endsWith('\n')).toBe(true);
    expect(parseCodebookFile(json)).toEqual(FRAMEWORK_TEMPLATE);
  });

  it('cleans what it reads: names collapsed and trimmed, colours in lower case, missing fields defaulted, a BOM ignored', () => {
    const codes = parseCodebookFile('\uFEFF' + file([{ name: '  Level\t of  work ', colour: '#ABCDEF', children: [leaf('Individual')] }]));
    expect(codes).toEqual([{ name: 'Level of work', description: '', colour: '#abcdef', origin: 'a_priori', children: [{ name: 'Individual', description: '', colour: null, origin: 'a_priori', children: [] }] }]);
  });

  it('reads each code’s origin, a-priori when the file does not say (files written before origins), and writes it back', () => {
    const codes = parseCodebookFile(file([leaf('Themes', { children: [leaf('Hope'), leaf('Peer mentoring', { origin: 'emergent', children: [leaf('Lived experience', { origin: 'emergent' })] })] })]));
    const origins = (list: readonly CodebookFileCode[]): unknown[] => list.map((c) => [c.name, c.origin, origins(c.children)]);
    expect(origins(codes)).toEqual([['Themes', 'a_priori', [['Hope', 'a_priori', []], ['Peer mentoring', 'emergent', [['Lived experience', 'emergent', []]]]]]]);
    const exportable = (c: CodebookFileCode): ExportableCode => ({ ...c, colour: c.colour ?? '#5b7db1', children: c.children.map(exportable) });
    expect(origins(parseCodebookFile(codebookJson(codes.map(exportable))))).toEqual(origins(codes));
    expect(problems(file([leaf('A', { origin: 'inductive' }), leaf('B', { origin: null })]))).toEqual([
      'codes[0] (“A”): "origin" must be "a_priori" (part of the framework) or "emergent" (from the data).',
      'codes[1] (“B”): "origin" must be "a_priori" (part of the framework) or "emergent" (from the data).',
      'Nothing was imported.',
    ]);
  });

  it('refuses what is not JSON, not an object, or not a Coreview codebook of version 1', () => {
    expect(problems('{ "coreviewCodebook": 1, "codes": [ }')[0]).toMatch(/^The file is not valid JSON \(.+\)\. Nothing was imported\.$/);
    expect(problems('[1, 2]')[0]).toMatch(/must hold one JSON object/);
    expect(problems('null')[0]).toMatch(/must hold one JSON object/);
    expect(problems('{ "codes": [] }')[0]).toBe('This is not a Coreview codebook: the "coreviewCodebook" field is missing. Nothing was imported.');
    expect(problems(file([leaf('A')], { coreviewCodebook: 2 }))[0]).toBe('This file is codebook format 2; this Coreview reads format 1. Nothing was imported.');
    expect(problems(file([leaf('A')], { coreviewCodebook: '1' }))[0]).toMatch(/format "1"; this Coreview reads format 1/);
    expect(problems(JSON.stringify({ coreviewCodebook: 1, codes: { name: 'A' } }))[0]).toMatch(/"codes" must be a list/);
    expect(problems(file([]))).toEqual(['The file holds no codes.', 'Nothing was imported.']);
  });

  it('names every problem by its place in the file, all at once', () => {
    const found = problems(file([
      leaf('Level', { colour: 'blue', children: [leaf(''), 42, leaf('x'.repeat(201))] }),
      { name: 7 },
      leaf('Themes', { description: ['not', 'text'], colur: '#ffffff', children: 'none' }),
    ], { extra: true }));
    expect(found).toEqual([
      'Unknown field "extra" at the top of the file.',
      'codes[0] (“Level”): "colour" must be a colour written #rrggbb, like "#5b7db1".',
      'codes[0].children[0]: Give the code a name.',
      'codes[0].children[1]: each code must be an object with a "name".',
      'codes[0].children[2]: Keep the name under 200 characters.',
      'codes[1]: "name" is required and must be text.',
      'codes[2] (“Themes”): unknown field "colur" (a code has name, description, colour, origin and children).',
      'codes[2] (“Themes”): "description" must be text.',
      'codes[2] (“Themes”): "children" must be a list of codes.',
      'Nothing was imported.',
    ]);
  });

  it('refuses names used twice among siblings (case and spacing aside), but not in different places', () => {
    expect(problems(file([leaf('Level'), leaf('Direction'), leaf(' level ')]))).toEqual([
      'codes[2] (“level”): the name “level” is already used at this level (codes[0]); names must differ among siblings.',
      'Nothing was imported.',
    ]);
    expect(parseCodebookFile(file([leaf('A', { children: [leaf('Other')] }), leaf('B', { children: [leaf('Other')] })]))).toHaveLength(2);
  });

  it('refuses a fourth level', () => {
    const deep = file([leaf('Group', { children: [leaf('Code', { children: [leaf('Sub-code', { children: [leaf('Too deep')] })] })] })]);
    expect(problems(deep)[0]).toBe('codes[0].children[0].children[0] (“Sub-code”): too deep — a codebook has at most 3 levels (group → code → sub-code), and this code\'s children would be a fourth.');
    // Hostile nesting is refused without walking it (and JSON.parse copes with it).
    const nested = '{"coreviewCodebook":1,"codes":[' + '{"name":"a","children":['.repeat(5000) + ']}'.repeat(5000) + ']}';
    expect(problems(nested)[0]).toMatch(/too deep/);
  });

  it('refuses more than 2,000 codes and files over 2 MB', () => {
    const many = file(Array.from({ length: 2001 }, (_, i) => leaf(`Code ${i}`)));
    expect(problems(many)[0]).toBe('The file holds more than 2,000 codes; a codebook holds at most 2,000.');
    expect(parseCodebookFile(file(Array.from({ length: 2000 }, (_, i) => leaf(`Code ${i}`))))).toHaveLength(2000);
    const big = file([leaf('A', { description: 'x'.repeat(2 * 1024 * 1024) })]);
    expect(problems(big)[0]).toMatch(/^The file is larger than 2 MB/);
  });

  it('stops listing after ten problems and says how many more there were', () => {
    const found = problems(file(Array.from({ length: 15 }, () => ({ name: 1 }))));
    expect(found).toHaveLength(12);
    expect(found.at(-2)).toBe('…and 5 more problems.');
    expect(found.at(-1)).toBe('Nothing was imported.');
  });
});
