/**
 * Chance-corrected agreement between raters on a nominal scale: Cohen's kappa with its
 * large-sample standard errors, PABAK, Gwet's AC1 with its standard error, and Krippendorff's
 * alpha for any number of coders with missing values. Pure functions over counts, shared by
 * screening, coding and appraisal agreement.
 *
 * Two-rater functions take a square contingency table: `table[i][j]` is the number of units rater A
 * put in category i and rater B in category j. It must list every category of the scale, used or
 * not: kappa does not depend on empty categories, but PABAK and AC1 do (Gwet 2014 and irrCAC's
 * `categ` argument ask for the full list of categories available to the raters).
 *
 * ```ts
 * const k = cohenKappa([[13, 0, 0], [0, 20, 7], [0, 4, 56]]);
 * // k.kappa 0.7964, k.standardError 0.0589, k.ci95 { low: 0.681, high: 0.912 }
 * ```
 */

/** A 95% interval; functions return null instead when it would be degenerate (zero width). */
export interface Interval {
  low: number;
  high: number;
}

export interface CohenKappa {
  /** Units both raters rated. */
  n: number;
  /** Observed agreement p_o, null when n = 0. */
  observedAgreement: number | null;
  /** Chance agreement p_e = Σ p_i. p_.i, null when n = 0. */
  expectedAgreement: number | null;
  /** (p_o − p_e) / (1 − p_e); null when n = 0 or p_e = 1 (both raters used one and the same category throughout). */
  kappa: number | null;
  /** Fleiss, Cohen & Everitt (1969) large-sample SE, not assuming κ = 0: the one for the interval. */
  standardError: number | null;
  /** FCE (1969) SE under H0: κ = 0, for the z-test only (what Stata's `kap` prints as "Std. err."). */
  nullStandardError: number | null;
  /** κ ± 1.96 · standardError, clipped to [−1, 1]; null when kappa is null or the interval is degenerate. */
  ci95: Interval | null;
}

export interface GwetAc1 {
  n: number;
  observedAgreement: number | null;
  /** Gwet's chance agreement p_e = (1/(q−1)) Σ π_k (1 − π_k), π_k the mean of the two raters' shares of category k. */
  expectedAgreement: number | null;
  ac1: number | null;
  /** Gwet (2008) SE for two raters, infinite population (no finite-population correction). */
  standardError: number | null;
  ci95: Interval | null;
}

export interface KrippendorffAlpha {
  /** Values that entered the coincidence matrix (those in units with at least two values). */
  pairableValues: number;
  /** Units with at least two values. */
  units: number;
  /** Nominal alpha; null when nothing is pairable or only one value occurs (expected disagreement 0). */
  alpha: number | null;
}

const Z_95 = 1.959963984540054;
/** Below this a standard error is rounding noise: perfect agreement gives an exact 0 only on paper. */
const ZERO_SE = 1e-12;

/**
 * Cohen's kappa (Cohen 1960) with both large-sample standard errors of Fleiss, Cohen & Everitt
 * (1969, Psychological Bulletin 72:323–327), in proportions p_ij = n_ij / n:
 *
 *   var(κ)  = [ Σ_ij p_ij (δ_ij − (1 − κ)(p_.i + p_j.))² − (κ − p_e(1 − κ))² ] / (n (1 − p_e)²)
 *   var₀(κ) = [ p_e + p_e² − Σ_i p_i. p_.i (p_i. + p_.i) ] / (n (1 − p_e)²)
 *
 * The first is FCE's non-null variance (their diagonal and off-diagonal sums written as one sum,
 * δ the identity), which SPSS reports as the asymptotic SE, psych::cohen.kappa and irrCAC use for
 * their intervals; the second holds only when κ = 0 and serves the z-test (Stata `kap`, irr::kappa2).
 * The 95% interval here uses the first, as an interval must not assume κ = 0.
 */
export function cohenKappa(table: readonly (readonly number[])[]): CohenKappa {
  const { n, p, rows, columns } = proportions(table);
  const empty = { n, observedAgreement: null, expectedAgreement: null, kappa: null, standardError: null, nullStandardError: null, ci95: null };
  if (n === 0) return empty;
  const q = p.length;
  const po = trace(table) / n;
  const pe = sum(rows.map((r, i) => r * columns[i]!));
  // Kappa from whole counts, (n·Σn_ii − Σn_i.n_.i) / (n² − Σn_i.n_.i), one rounding only: perfect
  // agreement gives exactly 1, a band edge such as 0.2 stays 0.2, and p_e = 1 is an exact test.
  const rowCounts = table.map((row) => sum(row));
  const columnCounts = table.map((_, j) => sum(table.map((row) => row[j]!)));
  const chance = sum(rowCounts.map((r, i) => r * columnCounts[i]!));
  if (chance === n * n) return { ...empty, observedAgreement: po, expectedAgreement: pe };

  const kappa = (n * trace(table) - chance) / (n * n - chance);
  let weighted = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) weighted += p[i]![j]! * ((i === j ? 1 : 0) - (1 - kappa) * (columns[i]! + rows[j]!)) ** 2;
  }
  const variance = (weighted - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2);
  const nullVariance = (pe + pe * pe - sum(rows.map((r, i) => r * columns[i]! * (r + columns[i]!)))) / (n * (1 - pe) ** 2);
  const standardError = Math.sqrt(Math.max(0, variance));
  return {
    n,
    observedAgreement: po,
    expectedAgreement: pe,
    kappa,
    standardError,
    nullStandardError: Math.sqrt(Math.max(0, nullVariance)),
    ci95: interval95(kappa, standardError),
  };
}

/**
 * Prevalence- and bias-adjusted kappa (Byrt, Bishop & Carlin 1993, J Clin Epidemiol 46:423–429):
 * kappa with chance agreement fixed at 1/k for k categories, (k·p_o − 1) / (k − 1); 2p_o − 1 for two.
 * Null when no unit was rated or the scale has fewer than two categories.
 */
export function pabak(table: readonly (readonly number[])[]): number | null {
  const { n, p } = proportions(table);
  const k = p.length;
  if (n === 0 || k < 2) return null;
  return (k * trace(p) - 1) / (k - 1);
}

/**
 * Gwet's AC1 for two raters (Gwet 2008, Br J Math Stat Psychol 61:29–48; Handbook of Inter-Rater
 * Reliability, 4th ed. 2014, ch. 4), with π_k = (p_k. + p_.k)/2 over q categories:
 *
 *   p_e = (1/(q − 1)) Σ_k π_k (1 − π_k),  AC1 = (p_o − p_e) / (1 − p_e)
 *   var = [ p_o(1 − p_o) − 4(1 − AC1)((1/(q−1)) Σ_k p_kk (1 − π_k) − p_o p_e)
 *           + 4(1 − AC1)² ((1/(q−1)²) Σ_kl p_kl (1 − (π_k + π_l)/2)² − p_e²) ] / (n (1 − p_e)²)
 *
 * (Gwet 2008, eq. 28 with the sampling fraction f = 0.) The interval is AC1 ± 1.96 · SE, clipped.
 */
export function gwetAc1(table: readonly (readonly number[])[]): GwetAc1 {
  const { n, p, rows, columns } = proportions(table);
  const q = p.length;
  if (n === 0 || q < 2) return { n, observedAgreement: null, expectedAgreement: null, ac1: null, standardError: null, ci95: null };
  const pi = rows.map((r, k) => (r + columns[k]!) / 2);
  const po = trace(table) / n;
  const pe = sum(pi.map((x) => x * (1 - x))) / (q - 1);
  // Σ π_k(1 − π_k) ≤ 1 − 1/q, so p_e ≤ 1/q < 1: AC1 is defined as soon as one unit is rated.
  const ac1 = (po - pe) / (1 - pe);
  let diagonal = 0;
  let all = 0;
  for (let k = 0; k < q; k++) {
    diagonal += p[k]![k]! * (1 - pi[k]!);
    for (let l = 0; l < q; l++) all += p[k]![l]! * (1 - (pi[k]! + pi[l]!) / 2) ** 2;
  }
  const variance =
    (po * (1 - po) -
      4 * (1 - ac1) * (diagonal / (q - 1) - po * pe) +
      4 * (1 - ac1) ** 2 * (all / (q - 1) ** 2 - pe * pe)) /
    (n * (1 - pe) ** 2);
  const standardError = Math.sqrt(Math.max(0, variance));
  return { n, observedAgreement: po, expectedAgreement: pe, ac1, standardError, ci95: interval95(ac1, standardError) };
}

/**
 * Krippendorff's alpha for nominal data by the coincidence matrix ("Computing Krippendorff's
 * Alpha-Reliability", 2011): each unit with m_u ≥ 2 values adds every ordered pair of its values
 * (from different coders) to o_ck with weight 1/(m_u − 1); n_c = Σ_k o_ck, n = Σ_c n_c, and
 *
 *   α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k
 *
 * `units[u]` holds the values the coders gave unit u, null (or absent) where a coder gave none.
 * Units with fewer than two values cannot be paired and are left out, as Krippendorff does.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): KrippendorffAlpha {
  const coincidences = new Map<string | number, Map<string | number, number>>();
  let pairableUnits = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is string | number => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    pairableUnits += 1;
    const counts = new Map<string | number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    // Ordered pairs of distinct coders: value c with value k, n_c·n_k of them (n_c·(n_c − 1) when c = k).
    for (const [c, nc] of counts) {
      const row = coincidences.get(c) ?? new Map<string | number, number>();
      coincidences.set(c, row);
      for (const [k, nk] of counts) row.set(k, (row.get(k) ?? 0) + (c === k ? nc * (nc - 1) : nc * nk) / (m - 1));
    }
  }
  const marginals = [...coincidences.values()].map((row) => sum([...row.values()]));
  const n = sum(marginals);
  const pairableValues = Math.round(n);
  const expected = n * n - sum(marginals.map((nc) => nc * nc)); // Σ_{c≠k} n_c n_k
  if (n === 0 || expected === 0) return { pairableValues, units: pairableUnits, alpha: null };
  let observed = 0; // Σ_{c≠k} o_ck
  for (const [c, row] of coincidences) for (const [k, o] of row) if (c !== k) observed += o;
  return { pairableValues, units: pairableUnits, alpha: 1 - ((n - 1) * observed) / expected };
}

/**
 * estimate ± 1.96 · SE clipped to [−1, 1], the range of these coefficients. Null when the interval
 * has no width (SE 0, as with perfect agreement: "1.000 to 1.000" would claim certainty that a
 * handful of records cannot give) or the inputs are not finite, so callers show no interval.
 */
export function interval95(estimate: number, standardError: number): Interval | null {
  if (!Number.isFinite(estimate) || !Number.isFinite(standardError) || standardError <= ZERO_SE) return null;
  const low = Math.max(-1, estimate - Z_95 * standardError);
  const high = Math.min(1, estimate + Z_95 * standardError);
  return high - low > ZERO_SE ? { low, high } : null;
}

function proportions(table: readonly (readonly number[])[]): { n: number; p: number[][]; rows: number[]; columns: number[] } {
  const q = table.length;
  for (const row of table) {
    if (row.length !== q) throw new RangeError(`An agreement table must be square: ${q} rows, a row of ${row.length}`);
    for (const count of row) if (!Number.isFinite(count) || count < 0) throw new RangeError(`Agreement counts must be ≥ 0, got ${count}`);
  }
  const n = sum(table.map((row) => sum(row)));
  const p = table.map((row) => row.map((count) => (n === 0 ? 0 : count / n)));
  const rows = p.map((row) => sum(row));
  const columns = p.map((_, j) => sum(p.map((row) => row[j]!)));
  return { n, p, rows, columns };
}

function trace(p: readonly (readonly number[])[]): number {
  return sum(p.map((row, i) => row[i]!));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
