import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';

const FIXTURE = 'test/fixtures/ranking/desistance-labelled.csv';
/** Rows of the fixture labelled relevant (1-based). */
const RELEVANT = [3, 7, 12, 16, 21, 27, 33, 38];

async function simulate(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), stdin: process.stdin, env: {} };
  const code = await main(['simulate', ...args], io);
  return { code, out, err: err.join('\n') };
}

describe('coreview simulate', () => {
  let scratch: string;
  const file = (name: string, content: string | Buffer) => {
    const path = join(scratch, name);
    writeFileSync(path, content);
    return path;
  };
  beforeAll(() => { scratch = mkdtempSync(join(tmpdir(), 'coreview-simulate-')); });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('screens the priors, then the model\'s order, until every relevant record is found, and ends with one JSON line', async () => {
    const { code, out } = await simulate('--labels', FIXTURE, '--prior', '3,1', '--seed', '7', '--json');
    expect(code).toBe(0);
    expect(out.slice(0, -1).join('\n')).toMatch(/^40 records, 8 relevant; priors: rows 3, 1\n.*WSS@95 [\d.]+%.*RRF@10 [\d.]+%.*ATD [\d.]+ records/s);
    const result = JSON.parse(out.at(-1)!);
    expect(result.order.slice(0, 2)).toEqual([3, 1]);
    expect(new Set(result.order).size).toBe(result.order.length);
    expect(result.order.filter((row: number) => RELEVANT.includes(row)).sort((a: number, b: number) => a - b)).toEqual(RELEVANT);
    expect(RELEVANT).toContain(result.order.at(-1)); // it stops at the last relevant record
    // The words of the relevant abstracts are shared, so the model finds them well before random order would.
    expect(result.order.length).toBeLessThan(20);
    expect(result.metrics.wss95).toBeGreaterThan(0.3);
    expect(result.stop).toBeGreaterThanOrEqual(result.order.length);
    expect(result.recallAtStop).toBe(1);
    const again = await simulate('--labels', FIXTURE, '--prior', '3,1', '--seed', '7', '--json');
    expect(again.out.at(-1)).toBe(out.at(-1));
  });

  it('chooses one relevant and one irrelevant prior by the seed, and retrains less often when asked', async () => {
    const { code, out } = await simulate('--labels', FIXTURE, '--seed', '3', '--retrain-every', '5', '--recall', '0.90', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out.at(-1)!);
    expect(result).toMatchObject({ priors: 2, retrainEvery: 5, recallTarget: 0.9, seed: 3 });
    expect(result.order.slice(0, 2).map((row: number) => RELEVANT.includes(row))).toEqual([true, false]);
  });

  it('reads the label from the columns ASReview accepts, and tab-separated files', async () => {
    const tsv = file('labelled.tsv', 'Title\tAbstract\tincluded\nDesistance and work\tCo-operatives employ former prisoners\t1\nInsomnia in older adults\tA trial\t0\nTax and giving\tGift aid\t0\n');
    const { code, out } = await simulate('--labels', tsv, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ records: 3, relevant: 1, order: [1, expect.any(Number)] });
  });

  it.each([
    ['a missing file', () => join(scratch, 'nope.csv'), /nope\.csv: there is no such file\.$/],
    ['a folder', () => scratch, /: it is a folder, not a file\.$/],
    ['an empty file', () => file('empty.csv', ''), /empty\.csv: it is empty \(0 bytes\)\.$/],
    ['a binary file', () => file('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])), /image\.csv: it is .*not a reference export/],
    ['a RIS file', () => file('refs.ris', 'TY  - JOUR\nTI  - Desistance\nER  - \n'), /refs\.ris: it has no title or abstract column/],
    ['no label column', () => file('nolabel.csv', 'title,abstract\nA,B\n'), /nolabel\.csv: it has no label column, such as label_included or included \(its columns are: title, abstract\)\.$/],
    ['a label other than 0/1', () => file('bad.csv', 'title,label_included\nA,1\nB,0\nC,yes\n'), /bad\.csv: row 3 has the label "yes" in label_included; every row needs 0 or 1\.$/],
    ['a missing label', () => file('blank.csv', 'title,label_included\nA,1\nB,\n'), /row 2 has no label in label_included/],
    ['a header alone', () => file('header.csv', 'title,label_included\n'), /header\.csv: it has a header but no records\.$/],
    ['no relevant record', () => file('none.csv', 'title,label_included\nA,0\nB,0\n'), /none\.csv: no record is labelled relevant \(1\), so there is nothing to find\.$/],
  ])('refuses %s in one line, exit 1', async (_, path, message) => {
    const { code, out, err } = await simulate('--labels', path());
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(/^coreview simulate: /);
    expect(err).toMatch(message);
  });

  it.each([
    [['--prior', '3'], '--prior: the priors must include at least one relevant and one irrelevant record'],
    [['--prior', '3,7'], '--prior: the priors must include at least one relevant and one irrelevant record'],
    [['--prior', '3,41'], '--prior: row 41 is not a data row (there are 40)'],
    [['--prior', '3,0'], '--prior takes 1-based row numbers separated by commas, not "0"'],
    [['--prior', '3,x'], '--prior takes 1-based row numbers separated by commas, not "x"'],
    [['--prior', '3,1,3'], '--prior: a row is named twice'],
    [['--seed=-1'], '--seed must be a whole number from 0 to 2147483647, not "-1"'],
    [['--seed', '1.5'], '--seed must be a whole number from 0 to 2147483647, not "1.5"'],
    [['--retrain-every', '0'], '--retrain-every must be a whole number from 1 to 1000000, not "0"'],
    [['--recall', '0.8'], '--recall must be 0.95 or 0.90, not "0.8"'],
  ])('refuses %j as misuse, exit 2', async (args, message) => {
    const { code, err } = await simulate('--labels', FIXTURE, ...args);
    expect(code).toBe(2);
    expect(err).toContain(`coreview simulate: ${message}\nUsage: coreview simulate --labels FILE`);
  });

  it('needs --labels', async () => {
    const { code, err } = await simulate();
    expect(code).toBe(2);
    expect(err).toContain('--labels is required');
  });
});
