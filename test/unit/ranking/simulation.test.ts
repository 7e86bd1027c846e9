import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabelledCsv } from '../../../src/ranking/labelled-csv.js';
import { seededRank } from '../../../src/ranking/seeded-rank.js';
import { seededPriors, simulate, simulateRandom } from '../../../src/ranking/simulation.js';

const docs = parseLabelledCsv(readFileSync('test/fixtures/ranking/desistance-labelled.csv', 'utf8'));
const labels = docs.map((d) => d.label);

describe('simulation', () => {
  it('takes as priors the first relevant and the first irrelevant row in the seeded order', () => {
    const [relevant, irrelevant] = seededPriors(labels, 5);
    const firstOf = (label: number) => labels.map((_, row) => row).filter((row) => labels[row] === label).sort((a, b) => seededRank(5, a + 1) - seededRank(5, b + 1))[0];
    expect([relevant, irrelevant]).toEqual([firstOf(1), firstOf(0)]);
  });

  it('screens in random order as the baseline: the priors, then the seeded order, up to the last relevant record', () => {
    const result = simulateRandom(labels, { seed: 5, recallTarget: 0.95 });
    const rest = result.order.slice(2);
    expect(rest).toEqual([...rest].sort((a, b) => seededRank(5, a + 1) - seededRank(5, b + 1)));
    expect(labels[result.order.at(-1)!]).toBe(1);
    expect(result.order.filter((row) => labels[row] === 1)).toHaveLength(8);
  });

  it('finds the relevant records sooner in the model\'s order than at random, whatever the retraining interval', () => {
    const random = simulateRandom(labels, { seed: 5, recallTarget: 0.95 });
    for (const retrainEvery of [1, 4]) {
      const model = simulate(docs, { seed: 5, retrainEvery, recallTarget: 0.95 });
      expect(model.order.slice(0, 2)).toEqual(random.order.slice(0, 2));
      expect(model.order.length).toBeLessThan(random.order.length);
      expect(model.metrics.atd!).toBeLessThan(random.metrics.atd!);
    }
  });

  it('refuses priors that are not one of each kind', () => {
    expect(() => simulate(docs, { prior: [2, 6], seed: 1, retrainEvery: 1, recallTarget: 0.95 })).toThrow('at least one relevant and one irrelevant');
  });
});
