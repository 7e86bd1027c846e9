import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordValues } from '../../../src/imports/batch-store.js';
import { readStagedValues, stageRecords } from '../../../src/imports/staging.js';
import { parseText, ris } from './parse-text.js';

const dir = mkdtempSync(join(tmpdir(), 'coreview-staging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all<T>(values: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of values) out.push(value);
  return out;
}

describe('staged records between preview and commit', () => {
  it('come back as the values to store, every one and in file order, however many batches they take', async () => {
    // Well past the reader's batches (200) times how far it may run ahead (4), and past one write slice.
    const text = Array.from({ length: 2_500 }, (_, i) => ris(`TI  - Record ${i + 1} "quoted" \\ é`, `AB  - Line one\nline two ${'x'.repeat(i % 700)}`)).join('\n');
    const parsed = parseText(text);
    const path = join(dir, 'many.jsonl');

    const summary = await stageRecords(path, parsed);
    const values = await all(readStagedValues(path));

    expect(summary).toMatchObject({ found: 2_500, imported: 2_500, failed: 0 });
    expect(values.map((v) => v.position)).toEqual(parsed.records.map((r) => r.position));
    expect(values).toEqual(parsed.records.map(recordValues));
  });

  it('keep U+2028 and U+2029 inside a record: escaped on disk, so no reader splits a line there', async () => {
    const ls = '\u2028';
    const ps = '\u2029';
    const text = [1, 2, 3].map((i) => ris(`TI  - Title ${i}${ls}with a line separator`, `AB  - Abstract${ps}paragraph ${i}`, `KW  - key${ls}word`)).join('\n');
    const parsed = parseText(text);
    const path = join(dir, 'separators.jsonl');

    await stageRecords(path, parsed);
    const onDisk = readFileSync(path, 'utf8');
    const values = await all(readStagedValues(path));

    expect(parsed.records.map((r) => r.raw).join('')).toMatch(/[\u2028\u2029]/);
    expect(onDisk).not.toMatch(/[\u2028\u2029]/);
    expect(onDisk.trimEnd().split('\n')).toHaveLength(3);
    expect(values).toEqual(parsed.records.map(recordValues));
  });

  it('fails the read, rather than ending it early, when a staged line is damaged', async () => {
    const path = join(dir, 'damaged.jsonl');
    await stageRecords(path, parseText(ris('TI  - Fine')));
    writeFileSync(path, '{"position": 2, "cut off here\n', { flag: 'a' });

    await expect(all(readStagedValues(path))).rejects.toThrow(/JSON/);
  });
});
