/**
 * A review whose every PRISMA count is known, built through the real services: searches stored by
 * storeBatches, duplicates found by detectDuplicates, a preprint and its article decided
 * "versions" (two reports, one study), and screening by decide / resolve / setNotRetrieved.
 *
 * Searches (records):
 *   Scopus (database)             S1–S10   S9 preprint of S10
 *   Web of Science (database)     W1–W6    W1–W3 exact copies of S1–S3
 *   ClinicalTrials.gov (register) R1–R2
 *   Google Scholar (website)      G1–G3    G1 a poorer copy of S4
 *   Backward citations (citation) C1–C2
 *
 * Databases and registers: 18 identified, 3 duplicates (W1–W3), 15 screened.
 *   Title/abstract (one reviewer): 6 excluded, 8 included, 1 maybe (goes on) → 9 sought.
 *   Full text (two reviewers): 1 not retrieved → 8 assessed:
 *     excluded 4 — Wrong population 2 (both agree, twice); Wrong intervention 1 (Rita said
 *     "study design", Sam "intervention": the reason first in the protocol counts); Wrong study
 *     design 1 (a conflict resolved by the owner with that reason);
 *     included 4 — S9 and S10 among them (one study).
 * Other methods: 5 imported, 1 duplicate (G1), 4 screened: 1 excluded, 3 sought; 1 not retrieved
 *   → 2 assessed: 1 excluded (Wrong population), 1 included.
 * Included: 5 reports, 4 studies.
 */
import { decidePair } from '../../../src/dedup/dedup-service.js';
import { detectDuplicates } from '../../../src/dedup/detection.js';
import type { SourceType } from '../../../src/db/schema.js';
import type { RecordValues } from '../../../src/imports/batch-store.js';
import { storeBatches } from '../../support/store-batch.js';
import { decide, resolve, setNotRetrieved } from '../../../src/screening/screening-service.js';
import { changeSettings } from '../../../src/screening/settings-service.js';
import type { ScreeningDb } from '../../support/screening-fixtures.js';

export interface Spec {
  key: string;
  title: string;
  author: string;
  year: number;
  doi: string;
  journal?: string;
  type?: string;
  abstract?: string;
  volume?: string;
  pages?: string;
}

const TOPICS = [
  'Desistance from crime among members of social co-operatives in Italy',
  'Probation supervision and the therapeutic alliance in Scottish justice services',
  'Employment programmes for people leaving prison: a randomised evaluation',
  'Restorative justice conferencing and victim satisfaction in New Zealand',
  'Peer mentoring in youth justice: an ethnography of trust',
  'Housing first for people with convictions in Finland',
  'Electronic monitoring and breach rates across European jurisdictions',
  'Faith-based prison programmes and reconviction in Texas',
  'Mental health courts in Canada: outcomes after two years',
  'Drug treatment in custody and overdose after release in England',
  'Community sentences and social capital in rural Ireland',
  'Desistance narratives of women released from prison in Australia',
  'Gang exit interventions in Glasgow: a realist review',
  'Cognitive behavioural programmes for domestic abuse perpetrators in Spain',
  'Education in prison and post-release earnings in Norway',
  'Volunteer circles of support and accountability in the Netherlands',
  'Social enterprises employing former prisoners in South Korea',
  'Court-mandated treatment for alcohol-related offending in Germany',
  'Family visits in prison and recidivism in Minnesota',
  'Digital skills training for people on probation in Wales',
];

let topic = 0;
/** A distinct work each call: its own title, author, year and DOI. */
export function work(key: string, fields: Partial<Spec> = {}): Spec {
  const i = topic++;
  return {
    key,
    title: TOPICS[i % TOPICS.length]! + (i >= TOPICS.length ? ` (part ${Math.floor(i / TOPICS.length) + 1})` : ''),
    author: `${['Rossi', 'McNeill', 'Farrall', 'Maruna', 'Weaver', 'Bottoms', 'Shapland', 'Laub', 'Sampson', 'Giordano', 'Cid', 'Nugent', 'Schinkel', 'Burnett', 'King', 'Healy', 'Fox', 'Graham', 'Villeneuve', 'Kazemian'][i % 20]}, ${String.fromCharCode(65 + (i % 26))}.`,
    year: 1995 + ((i * 7) % 29),
    doi: `10.9999/prisma.${i + 1}`,
    journal: `Journal ${i + 1} of Criminology`,
    abstract: `Abstract of work ${i + 1}.`,
    volume: String(10 + i),
    pages: `${100 + i}-${120 + i}`,
    ...fields,
  };
}

export function copyOf(key: string, of: Spec, fields: Partial<Spec> = {}): Spec {
  return { ...of, key, ...fields };
}

function recordValues(spec: Spec, position: number): RecordValues {
  return {
    position,
    lineStart: position * 10,
    lineEnd: position * 10 + 8,
    title: spec.title,
    authorsJson: JSON.stringify([spec.author]),
    firstAuthor: spec.author,
    year: spec.year,
    journal: spec.journal ?? '',
    volume: spec.volume ?? '',
    issue: '',
    pages: spec.pages ?? '',
    doi: spec.doi,
    pmid: null,
    abstract: spec.abstract ?? '',
    keywordsJson: '[]',
    type: spec.type ?? 'article-journal',
    url: null,
    language: 'en',
    issn: '',
    publisher: '',
    cslJson: JSON.stringify({ type: spec.type ?? 'article-journal' }),
    raw: `TY  - JOUR\nTI  - ${spec.title}\nER  - `,
  };
}

/** One search through the real batch store; returns record ids by key. */
export async function importSearch(s: ScreeningDb, sourceType: SourceType, sourceName: string, specs: Spec[]): Promise<Map<string, number>> {
  const [stored] = await storeBatches(s.db.kysely, { reviewId: s.reviewId, actorId: s.owner }, [
    {
      search: { sourceType, sourceName, searchedOn: '2025-03-12', query: 'desistance', notes: '' },
      file: { fileName: `${sourceName}.ris`, size: 100, sha256: `${sourceName}-${Math.random()}` },
      summary: { format: 'ris', formatLabel: 'RIS', encoding: 'utf-8', found: specs.length, imported: specs.length, failed: 0, warnings: [], failures: [] },
      records: specs.map((spec, i) => recordValues(spec, i + 1)),
    },
  ]);
  const rows = await s.db.kysely.selectFrom('record').select(['id', 'position']).where('batchId', '=', stored!.batchId).orderBy('position').execute();
  return new Map(rows.map((r) => [specs[r.position - 1]!.key, r.id]));
}

export interface Scripted {
  ids: Map<string, number>;
  id(key: string): number;
}

export async function buildScriptedReview(s: ScreeningDb): Promise<Scripted> {
  topic = 0;
  const owner = { reviewId: s.reviewId, actorId: s.owner };
  const [rita, sam] = s.reviewers.map((actorId) => ({ reviewId: s.reviewId, actorId }));
  const S = Array.from({ length: 10 }, (_, i) => work(`S${i + 1}`));
  // S9 is the preprint of S10: same title and author, its own DOI, a preprint server, a year earlier.
  S[8] = { ...S[9]!, key: 'S9', type: 'preprint', doi: '10.31234/osf.io/abc12', journal: 'SocArXiv', year: S[9]!.year - 1, volume: '', pages: '' };
  const W = [copyOf('W1', S[0]!), copyOf('W2', S[1]!), copyOf('W3', S[2]!), work('W4'), work('W5'), work('W6')];
  const R = [work('R1', { type: 'dataset' }), work('R2', { type: 'dataset' })];
  const G = [copyOf('G1', S[3]!, { abstract: '', volume: '', pages: '' }), work('G2'), work('G3')];
  const C = [work('C1'), work('C2')];

  const ids = new Map<string, number>();
  for (const [type, name, specs] of [
    ['database', 'Scopus', S],
    ['database', 'Web of Science', W],
    ['register', 'ClinicalTrials.gov', R],
    ['website', 'Google Scholar', G],
    ['citation_searching', 'Backward citations', C],
  ] as const) {
    for (const [key, id] of await importSearch(s, type, name, specs)) ids.set(key, id);
  }
  const id = (key: string) => {
    const value = ids.get(key);
    if (value === undefined) throw new Error(`no record ${key}`);
    return value;
  };

  const detected = await detectDuplicates(s.db.kysely, owner);
  if (detected.linked !== 4) throw new Error(`expected 4 duplicates linked, got ${detected.linked}`);
  const pending = await s.db.kysely.selectFrom('duplicatePair').select(['id', 'recordA', 'recordB']).where('reviewId', '=', s.reviewId).where('status', '=', 'pending').execute();
  if (pending.length !== 1 || ![pending[0]!.recordA, pending[0]!.recordB].sort().every((x, i) => x === [id('S9'), id('S10')].sort()[i])) {
    throw new Error(`expected the S9/S10 pair pending, got ${JSON.stringify(pending)}`);
  }
  await decidePair(s.db.kysely, owner, pending[0]!.id, 'versions');

  // Title and abstract: one reviewer (the owner).
  const ta = (key: string, decision: 'include' | 'maybe' | 'exclude') =>
    decide(s.db.kysely, owner, { recordId: id(key), stage: 'title_abstract', decision, reasonId: decision === 'exclude' ? s.reasons.title_abstract[0]! : null, note: '', labels: [] });
  for (const key of ['S5', 'S6', 'S7', 'W4', 'W5', 'R2']) await ta(key, 'exclude');
  for (const key of ['S1', 'S2', 'S3', 'S4', 'S8', 'S9', 'S10', 'R1']) await ta(key, 'include');
  await ta('W6', 'maybe');
  await ta('G2', 'exclude');
  for (const key of ['G3', 'C1', 'C2']) await ta(key, 'include');

  // Full text: two reviewers each.
  await changeSettings(s.db.kysely, owner, 'full_text', { reviewersNeeded: 2, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
  const [population, intervention, design] = s.reasons.full_text as [number, number, number];
  const ft = (who: typeof rita, key: string, decision: 'include' | 'exclude', reasonId: number | null = null) =>
    decide(s.db.kysely, who!, { recordId: id(key), stage: 'full_text', decision, reasonId, note: '', labels: [] });
  await setNotRetrieved(s.db.kysely, owner, id('R1'), true);
  await setNotRetrieved(s.db.kysely, owner, id('C2'), true);
  for (const key of ['S1', 'S2']) {
    await ft(rita, key, 'exclude', population);
    await ft(sam, key, 'exclude', population);
  }
  await ft(rita, 'S3', 'exclude', design);
  await ft(sam, 'S3', 'exclude', intervention);
  await ft(rita, 'S4', 'include');
  await ft(sam, 'S4', 'exclude', population);
  await resolve(s.db.kysely, owner, { recordId: id('S4'), stage: 'full_text', decision: 'exclude', reasonId: design, note: 'Agreed at the meeting' });
  for (const key of ['S8', 'S9', 'S10', 'W6', 'G3']) {
    await ft(rita, key, 'include');
    await ft(sam, key, 'include');
  }
  await ft(rita, 'C1', 'exclude', population);
  await ft(sam, 'C1', 'exclude', population);
  return { ids, id };
}
