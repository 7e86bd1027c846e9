/**
 * The identities a PRISMA 2020 diagram's numbers must satisfy (screened = identified − removed;
 * assessed = sought − not retrieved; …), each with its figures, for the page and the tests.
 */
import type { PrismaCounts, ReportFlow } from './prisma-counts.js';

export interface Check {
  id: string;
  /** The identity in words: "Records screened = records identified − records removed". */
  label: string;
  /** The same with the numbers: "360 = 420 − 60". */
  figures: string;
  left: number;
  right: number;
  ok: boolean;
  /** What to do when it fails. */
  hint?: string;
}

const fmt = (n: number) => n.toLocaleString('en-GB');
const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

function check(id: string, label: string, left: number, rightTerms: Array<[sign: 1 | -1, n: number]>, hint?: string): Check {
  const right = rightTerms.reduce((total, [sign, n]) => total + sign * n, 0);
  const figures = rightTerms.length === 0 ? `${fmt(left)} = 0` : `${fmt(left)} = ${rightTerms.map(([sign, n], i) => (i === 0 ? (sign < 0 ? `−${fmt(n)}` : fmt(n)) : `${sign < 0 ? '−' : '+'} ${fmt(n)}`)).join(' ')}`;
  return { id, label, figures, left, right, ok: left === right, ...(left === right || !hint ? {} : { hint }) };
}

/** Every identity the diagram's numbers must satisfy, with its figures. */
export function reconciliationChecks(counts: PrismaCounts): Check[] {
  const d = counts.databasesAndRegisters;
  const o = counts.otherMethods;
  const checks: Check[] = [
    check('dbr-screened', 'Records screened = records identified − records removed before screening', d.screened, [[1, d.identified], [-1, d.duplicates], [-1, d.automation], [-1, d.otherReasons]],
      'Records removed by automation tools or for other reasons were never imported (Coreview screens every imported record that is not a duplicate): count them among the records identified but not imported, or set the removed boxes to what applies.'),
    check('dbr-screening-outcomes', 'Records screened = records excluded + reports sought + still being screened', d.screened, [[1, d.recordsExcluded], [1, d.sought], [1, d.stillScreened]],
      'The full-text stage does not match the title/abstract outcomes: check the screening settings (do maybes go on to full text?).'),
    check('dbr-assessed', 'Reports assessed = reports sought − reports not retrieved', d.assessed, [[1, d.sought], [-1, d.notRetrieved]]),
    check('dbr-assessment-outcomes', 'Reports assessed = reports excluded + reports included + still being assessed', d.assessed, [[1, d.excluded], [1, d.included], [1, d.stillAssessed]]),
    check('dbr-reasons', 'Reports excluded = the sum of the exclusion reasons', d.excluded, d.reasons.map((r) => [1, r.reports] as [1, number])),
  ];
  if (o.shown) {
    const i = o.imported;
    if (i.records > 0) {
      checks.push(i.notScreened === 0
        ? check('other-imported', 'Imported records from other methods = duplicates + excluded on title and abstract + reports sought + still being screened', i.records, [[1, i.duplicates], [1, i.recordsExcluded], [1, i.sought], [1, i.stillScreened]])
        : check('other-imported', 'Imported records from other methods = duplicates + excluded on title and abstract + reports sought + still being screened + not screened (stopped)', i.records, [[1, i.duplicates], [1, i.recordsExcluded], [1, i.sought], [1, i.stillScreened], [1, i.notScreened]]));
    }
    checks.push(
      check('other-assessed', 'Reports assessed via other methods = reports sought − reports not retrieved', o.assessed, [[1, o.sought], [-1, o.notRetrieved]]),
      check('other-assessment-outcomes', 'Reports assessed via other methods = reports excluded + reports included + still being assessed', o.assessed, [[1, o.excluded], [1, o.included], [1, o.stillAssessed]]),
      check('other-reasons', 'Reports excluded via other methods = the sum of the exclusion reasons', o.excluded, o.reasons.map((r) => [1, r.reports] as [1, number])),
    );
  }
  checks.push(check('included-reports', 'Reports of included studies = reports included via databases and registers + via other methods', counts.included.reports, [[1, d.included], [1, o.included]]));
  const studiesOk = counts.included.studies <= counts.included.reports && (counts.included.reports === 0) === (counts.included.studies === 0);
  checks.push({
    id: 'studies-reports',
    label: 'Studies included ≤ reports of included studies (each study has at least one report)',
    figures: `${fmt(counts.included.studies)} ≤ ${fmt(counts.included.reports)}`,
    left: counts.included.studies,
    right: counts.included.reports,
    ok: studiesOk,
  });
  const negative = Object.entries({ ...flat('dbr', d), ...flat('other', o), studies: counts.included.studies, reports: counts.included.reports }).filter(([, n]) => n < 0);
  if (negative.length > 0) {
    checks.push({ id: 'non-negative', label: 'No count is negative', figures: negative.map(([k, n]) => `${k} = ${fmt(n)}`).join(', '), left: sum(negative.map(([, n]) => n)), right: 0, ok: false });
  }
  return checks;
}

function flat(prefix: string, flow: ReportFlow & { identified: number }): Record<string, number> {
  return { [`${prefix}.identified`]: flow.identified, [`${prefix}.sought`]: flow.sought, [`${prefix}.notRetrieved`]: flow.notRetrieved, [`${prefix}.assessed`]: flow.assessed, [`${prefix}.excluded`]: flow.excluded, [`${prefix}.included`]: flow.included };
}

/** The identities that fail: [] when the diagram reconciles. */
export function reconcile(counts: PrismaCounts): Check[] {
  return reconciliationChecks(counts).filter((c) => !c.ok);
}
