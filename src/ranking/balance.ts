/** ASReview v2 ELAS u4's balancer ratio (asreview/models/models.py: balancer_param={"ratio": 9.8}). */
export const BALANCE_RATIO = 9.8;

/**
 * ASReview v2's Balanced balancer (asreview/models/balancers.py): compute_sample_weight with class weight 1 for
 * relevant records and n1 / (ratio × n0) for irrelevant ones, then all scaled so they sum to the sample count.
 * With the default ratio the irrelevant records together weigh about a tenth of the relevant ones.
 */
export function balancedSampleWeights(labels: ArrayLike<number>, ratio = BALANCE_RATIO): Float64Array {
  if (!(ratio > 0)) throw new Error(`ratio must be positive, got ${ratio}`);
  let ones = 0;
  let zeros = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) ones++;
    else if (labels[i] === 0) zeros++;
    else throw new Error(`label ${labels[i]} is neither 0 nor 1`);
  }
  if (ones === 0 || zeros === 0) throw new Error('balancing needs at least one relevant and one irrelevant label');
  const zeroWeight = ones / (ratio * zeros);
  const scale = labels.length / (ones + zeros * zeroWeight);
  const weights = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) weights[i] = (labels[i] === 1 ? 1 : zeroWeight) * scale;
  return weights;
}
