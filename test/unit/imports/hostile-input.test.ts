import { describe, expect, it } from 'vitest';
import { SANE_LENGTH } from '../../../src/imports/field-sizes.js';
import { parseText, ris } from './parse-text.js';

// Each case must end (a clean result or a failed record) well inside the import time limit;
// the per-test timeout turns a hang or a catastrophic regex into a failure.
const QUICK = { timeout: 5_000 };

describe('hostile input', () => {
  it('10,000 nested braces in a BibTeX title give a clean title', QUICK, () => {
    const parsed = parseText(`@article{k, title = {${'{'.repeat(10_000)}Deep${'}'.repeat(10_000)}}}`);
    expect(parsed.records[0]?.reference.title).toBe('Deep');
  });

  it('10,000 unclosed braces fail that entry only', QUICK, () => {
    const parsed = parseText(`@article{bad, title = {${'{'.repeat(10_000)}x}\n@article{good, title = {Fine}}`);
    expect(parsed.failures.map((f) => f.record)).toEqual([1]);
    expect(parsed.records[0]?.reference.title).toBe('Fine');
  });

  it('10,000 nested arrays in CSL-JSON and braces in RIS do not overflow the stack', QUICK, () => {
    const json = parseText(`[{"type": "book", "title": "Nested", "note": ${'['.repeat(10_000)}${']'.repeat(10_000)}}]`);
    expect(json.records[0]?.reference.title).toBe('Nested');
    expect(parseText(ris(`TI  - ${'{'.repeat(10_000)}x${'}'.repeat(10_000)}`)).found).toBe(1);
  });

  it('a 400 KB author field: 25,000 BibTeX names, or one enormous name', QUICK, () => {
    const many = parseText(`@article{k, title = {T}, author = {${'Smith, John and '.repeat(25_000)}Doe, Jane}}`);
    expect(many.records[0]?.reference.authors).toHaveLength(25_001);
    expect(many.records[0]?.reference.authors.at(-1)).toBe('Doe, Jane');
    // One 400 KB "name" is no name: that record fails with a reason, the next one imports.
    const one = parseText(`@article{k, title = {T}, author = {${'a'.repeat(200_000)} ${'B '.repeat(100_000)}}}\n@article{ok, title = {Fine}}`);
    expect(one.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^Author 1 is 400,000 characters long, more than any real one/)]);
    expect(one.records.map((r) => r.reference.title)).toEqual(['Fine']);
  });

  it('a 400 KB RIS author line, and runs of separators that would make a regex backtrack', QUICK, () => {
    expect(parseText(ris('TI  - T', `AU  - ${'Smith, John; '.repeat(33_000)}`)).records[0]?.reference.authors).toHaveLength(33_000);
    expect(parseText(ris('TI  - T', `AU  - ${', '.repeat(200_000)}x`)).records[0]?.reference.authors).toEqual(['x']);
    expect(parseText(ris(`TI  - x${'<script>'.repeat(50_000)}`, `AB  - ${'<a'.repeat(100_000)}`)).records[0]?.reference.title).toBe('x');
    expect(parseText(`@article{k, title={T}, pages={1${' '.repeat(400_000)}x}}\n${'@'.repeat(400_000)}`).found).toBe(1);
  });

  it('a field longer than any real one fails its record with the field named; long real values import', QUICK, () => {
    const parsed = parseText([
      ris(`TI  - ${'t'.repeat(SANE_LENGTH.title)}`, `IS  - ${'Suppl. 2, Special issue on probation practice in Europe: '.repeat(2)}`),
      ris(`TI  - ${'t'.repeat(SANE_LENGTH.title + 1)}`),
      ris('TI  - T', `KW  - ${'k'.repeat(SANE_LENGTH.other + 1)}`),
    ].join('\n'));
    expect(parsed.records.map((r) => r.position)).toEqual([1]);
    expect(parsed.failures.map((f) => f.message)).toEqual([
      'The title is 10,001 characters long, more than any real one (at most 10,000), so the record looks damaged.',
      'Keyword 1 is 2,001 characters long, more than any real one (at most 2,000), so the record looks damaged.',
    ]);
  });

  it('a <script> title is stripped, and HTML in other fields never reaches the output as tags', QUICK, () => {
    const ref = parseText(ris('TI  - <script>alert(1)</script><b onclick="x()">Bold</b> claim', 'T2  - <img src=x onerror=alert(1)>Journal', 'AU  - <i>Evil</i>, Eve')).records[0]?.reference;
    expect(ref?.title).toBe('<b>Bold</b> claim');
    expect(ref?.journal).toBe('Journal');
    expect(ref?.authors).toEqual(['Evil, Eve']);
  });
});
