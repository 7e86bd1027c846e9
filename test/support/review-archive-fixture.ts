import { completeConsensus, takePassExcerpt } from '../../src/double-coding/consensus-service.js';
import { addPassExcerpt, finishPass, setCodingMode, setPassCode } from '../../src/double-coding/pass-service.js';
import { recordConsensus, saveAppraisal, saveAppraisalSetting, saveCustomInstrument } from '../../src/appraisal/appraisal-service.js';
import { addExcerpt, setStudyCode, setStudyMemo } from '../../src/coding/coding-service.js';
import { addCode } from '../../src/coding/codebook-service.js';
import { decidePair } from '../../src/dedup/dedup-service.js';
import { addField } from '../../src/extraction/form-service.js';
import { addFinding } from '../../src/findings/findings-service.js';
import { saveFrameworkSummary, saveStudySummary } from '../../src/charting/chart-summaries.js';
import { saveExtraction } from '../../src/extraction/values-service.js';
import { emptyBoxes, saveBoxes } from '../../src/prisma/prisma-boxes.js';
import { saveTerms } from '../../src/reviews/highlight-terms.js';
import { addItem, CRITERIA } from '../../src/reviews/ordered-items.js';
import { decide, resolve, setNotRetrieved, undoLatest } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import type { DatabaseLocation } from '../../src/db/database.js';
import { rowsOf, type RawQuery } from '../../src/review-archive/archive-query.js';
import { withSnapshot, withTarget } from '../../src/review-archive/archive-store.js';
import type { Row } from '../../src/review-archive/id-remap.js';
import { recountSteps } from '../../src/review-archive/recount-counters.js';
import { EXPORTED_TABLES } from '../../src/review-archive/review-tables.js';
import { risExport } from './archive-fixtures.js';
import { importFiles } from './imports.js';
import { minimalPdf } from './pdf-fixture.js';
import { reviewIdOf } from './record-fixtures.js';
import { addPeople, createReview, setupOwner, type Client, type TestApp } from './test-app.js';

export interface TeamReview {
  slug: string;
  reviewId: number;
  owner: Client;
  ris: string;
  pdf: Uint8Array;
}

/**
 * A review the way a team leaves it after a few weeks, with rows in every table a review archive
 * carries: two searches (one duplicate merged automatically, one pair decided by a person), blind
 * title/abstract screening by two with a conflict resolved, an undone decision, full-text
 * decisions, a PDF and a report not retrieved, the framework codebook plus an emergent sub-code,
 * codes, excerpts (one quoted in Italian with its translation) and memos, an extraction form with values, quality appraisal by two with a consensus, PRISMA boxes, a review finding with its CERQual assessment, protocol and history.
 */
export async function teamReview(t: TestApp, slug = 'coops'): Promise<TeamReview> {
  const owner = await setupOwner(t.app);
  await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam']]);
  await createReview(owner, { title: 'Social co-operatives after prison', slug, codebookTemplate: true }, ['rita', 'sam']);
  const reviewId = await reviewIdOf(t.app.db, slug);
  const account = async (email: string) => (await t.app.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const [ownerId, ritaId, samId] = [await account('owner@example.org'), await account('rita@example.org'), await account('sam@example.org')];
  const as = (actorId: number) => ({ reviewId, actorId });

  await addItem(t.app.db, CRITERIA, as(ownerId), 'inclusion', 'Adults with a criminal record in work');
  await saveTerms(t.app.db, as(ownerId), { include: ['desist*', 'co-operative'], exclude: ['juvenile'] });
  const ris = risExport([
    { title: 'Work, identity and desistance', doi: '10.1177/0264550520000001', year: 2020 },
    { title: 'Social co-operatives in Italian prisons', year: 2019, author: 'Rossi, Maria' },
    { title: 'Co-production of justice services', year: 2021, author: 'Weaver, Beth' },
    { title: 'Hope and agency after release', year: 2018, author: 'Farrall, Stephen' },
    { title: 'Stigma, records and employers', year: 2017, author: 'Pager, Devah' },
    { title: 'Prison labour in Sweden', year: 2016, author: 'Nilsson, Anders' },
  ]);
  await importFiles(owner, slug, [{ name: 'scopus.ris', content: ris }], { sourceName: 'Scopus' });
  // The same work from another database (merged automatically) and a near-copy left for a person.
  await importFiles(owner, slug, [{ name: 'wos.ris', content: risExport([
    { title: 'Work, identity and desistance', doi: '10.1177/0264550520000001', year: 2020 },
    { title: 'Social co-operatives in Italian prisons', year: 2020, author: 'Rossi, Maria' },
  ]) }], { sourceName: 'Web of Science' });
  const pending = await t.app.db.selectFrom('duplicatePair').select('id').where('reviewId', '=', reviewId).where('status', '=', 'pending').execute();
  for (const pair of pending) await decidePair(t.app.db, as(ownerId), pair.id, 'different');

  const ids = (await t.app.db.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('duplicateOf', 'is', null).orderBy('id').execute()).map((r) => r.id);
  const reasons = async (list: 'title_abstract' | 'full_text') =>
    (await t.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', list).orderBy('position').execute()).map((r) => r.id);
  const [taReason] = await reasons('title_abstract');
  const [ftReason] = await reasons('full_text');
  await changeSettings(t.app.db, as(ownerId), 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'random', orderSeed: 7, maybeAdvances: true, arbiterId: samId });
  const value = (decision: 'include' | 'exclude' | 'maybe', reasonId: number | null = null, note = '', labels: string[] = []) => ({ decision, reasonId, note, labels });
  for (const id of ids.slice(0, 4)) {
    await decide(t.app.db, as(ritaId), { recordId: id, stage: 'title_abstract', ...value('include', null, 'Fits the question', ['uk']) });
  }
  for (const id of ids.slice(0, 3)) await decide(t.app.db, as(samId), { recordId: id, stage: 'title_abstract', ...value('include') });
  await decide(t.app.db, as(samId), { recordId: ids[3]!, stage: 'title_abstract', ...value('exclude', taReason!, 'Not about work') });
  await resolve(t.app.db, as(ownerId), { recordId: ids[3]!, stage: 'title_abstract', decision: 'include', reasonId: null, note: 'Employment is central' });
  await decide(t.app.db, as(ritaId), { recordId: ids[4]!, stage: 'title_abstract', ...value('maybe') });
  await undoLatest(t.app.db, as(ritaId), 'title_abstract');
  await decide(t.app.db, as(ritaId), { recordId: ids[4]!, stage: 'title_abstract', ...value('exclude', taReason!) });

  for (const id of ids.slice(0, 2)) await decide(t.app.db, as(ownerId), { recordId: id, stage: 'full_text', ...value('include') });
  await decide(t.app.db, as(ownerId), { recordId: ids[2]!, stage: 'full_text', ...value('exclude', ftReason!, 'Wrong population') });
  await setNotRetrieved(t.app.db, as(ownerId), ids[3]!, true);
  const pdf = minimalPdf('Work, identity and desistance');
  await owner.get(`/reviews/${slug}/records/${ids[0]}`);
  const attached = await owner.postMultipart(`/reviews/${slug}/records/${ids[0]}/full-text`, { _csrf: owner.csrfToken }, [{ field: 'pdf', name: 'maruna 2020.pdf', content: new Uint8Array(pdf) }]);
  if (attached.statusCode !== 303) throw new Error(`attaching the PDF answered ${attached.statusCode}`);
  await owner.get(`/reviews/${slug}`);

  const [level] = await t.app.db.selectFrom('code').select('id').where('reviewId', '=', reviewId).where('parentId', 'is not', null).orderBy('id').execute();
  const sub = await addCode(t.app.db, as(ownerId), { name: 'Work identity', description: 'Seeing oneself as a worker', colour: '', parentId: level!.id, origin: 'emergent' });
  await setStudyCode(t.app.db, as(ritaId), ids[0]!, level!.id, true);
  await addExcerpt(t.app.db, as(ritaId), ids[0]!, { text: 'Work gave me a reason to stay out', location: 'p. 12', memo: 'Key quote', codeIds: [sub, level!.id] });
  await addExcerpt(t.app.db, as(ritaId), ids[1]!, {
    text: 'Il lavoro mi ha dato un motivo per restare fuori', language: 'it', translation: 'Work gave me a reason to stay out', translator: 'DeepL, checked by Maria Rossi',
    location: 'p. 3', memo: '', codeIds: [sub],
  });
  await setStudyMemo(t.app.db, as(samId), ids[1]!, 'Strong on governance');
  const field = await addField(t.app.db, as(ownerId), { label: 'Sample size', help: 'Participants', kind: 'number', choicesText: '' });
  await saveExtraction(t.app.db, as(ritaId), ids[0]!, new Map([[field, '42']]), { markComplete: true });
  await saveBoxes(t.app.db, as(ownerId), { ...emptyBoxes(), counts: { ...emptyBoxes().counts, database_not_imported: 3 } });
  const person = (actorId: number) => ({ ...as(actorId), isOwner: actorId === ownerId });
  await saveCustomInstrument(t.app.db, person(ownerId), { name: 'Co-operative fit', questions: 'Is the co-operative described?', answers: 'Yes\nNo' });
  await saveAppraisalSetting(t.app.db, person(ownerId), 'casp-qualitative', 2);
  const appraised = (answer: string, overall: string) => ({ category: '', answers: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), { answer, comment: '' }])), overall, note: '' });
  await saveAppraisal(t.app.db, person(ritaId), ids[0]!, appraised('yes', 'high'), true);
  await saveAppraisal(t.app.db, person(samId), ids[0]!, appraised('cant_tell', 'moderate'), true);
  await recordConsensus(t.app.db, person(ritaId), ids[0]!, appraised('yes', 'moderate'));
  // A review finding on the two included studies, with its supporting excerpt and CERQual assessment.
  const quoted = await t.app.db.selectFrom('excerpt').select('id').where('recordId', '=', ids[0]!).executeTakeFirstOrThrow();
  const judged = (concern: string) => ({ concern, explanation: concern === 'none' ? '' : 'Two studies, thin data' });
  await addFinding(t.app.db, as(ritaId), {
    statement: 'Work gave members a reason to stay out',
    codeId: level!.id,
    studyIds: [ids[0]!, ids[1]!],
    excerptIds: [quoted.id],
    assessment: { components: { methodologicalLimitations: judged('minor'), coherence: judged('none'), adequacy: judged('moderate'), relevance: judged('minor') }, confidence: 'moderate', explanation: 'Moderate concerns about adequacy' },
  });
  // Charted summaries: a study × theme cell and a theme × level × direction cell within a jurisdiction.
  const codeNamed = (name: string) => t.app.db.selectFrom('code').select(['id', 'parentId']).where('reviewId', '=', reviewId).where('name', '=', name).executeTakeFirstOrThrow();
  const [employment, individual, enables] = [await codeNamed('Employment and work identity'), await codeNamed('Individual'), await codeNamed('Enables')];
  const groups = { themes: employment.parentId!, levels: individual.parentId!, directions: enables.parentId! };
  await saveStudySummary(t.app.db, as(ritaId), ids[0]!, employment.id, groups.themes, 'Work as a reason to stay out');
  await saveFrameworkSummary(t.app.db, as(samId), { themeId: employment.id, levelId: individual.id, directionId: enables.id, jurisdiction: 'Italy' }, groups, new Set(['Italy']), 'Wages and worth');
  // Independent double coding of the second study: two passes, one excerpt taken into the agreed
  // coding, the consensus complete; then the review goes back to shared coding (its rows stay).
  await setCodingMode(t.app.db, as(ownerId), 'double');
  const passExcerpt = (text: string) => ({ text, location: 'p. 5', memo: '', codeIds: [level!.id], language: '', translation: '', translator: '' });
  await setPassCode(t.app.db, as(ritaId), ids[1]!, level!.id, true);
  await addPassExcerpt(t.app.db, as(ritaId), ids[1]!, passExcerpt('Members ran the co-operative together'));
  await addPassExcerpt(t.app.db, as(samId), ids[1]!, passExcerpt('The members decided together'));
  for (const coder of [ritaId, samId]) await finishPass(t.app.db, as(coder), ids[1]!);
  const ritas = await t.app.db.selectFrom('passExcerpt').select('id').where('reviewId', '=', reviewId).where('coderId', '=', ritaId).executeTakeFirstOrThrow();
  await takePassExcerpt(t.app.db, person(samId), ids[1]!, ritas.id);
  await completeConsensus(t.app.db, person(samId), ids[1]!);
  await setCodingMode(t.app.db, as(ownerId), 'shared');
  return { slug, reviewId, owner, ris, pdf };
}

/** Every row of a review, table by table, as stored (through the archive's own reading, on either database). */
export function reviewTables(location: DatabaseLocation, reviewId: number): Promise<Map<string, Row[]>> {
  return withSnapshot(location, async (snapshot) => {
    const tables = new Map<string, Row[]>();
    for (const spec of EXPORTED_TABLES) {
      const rows: Row[] = [];
      for await (const row of snapshot.rows(spec, reviewId)) rows.push(row);
      tables.set(spec.name, rows);
    }
    return tables;
  });
}

/** Rows of one query, as the database names their columns, on either database. */
export function storedRows(location: DatabaseLocation, query: RawQuery): Promise<Row[]> {
  return withSnapshot(location, (snapshot) => snapshot.run(rowsOf(query)));
}

/** Sets a review's counters from its rows, as an import does, in a transaction of its own. */
export function recount(location: DatabaseLocation, dataDir: string, reviewId: number): Promise<void> {
  return withTarget(location, { stagingDir: dataDir }, (target) => target.transact(recountSteps(target.kysely, reviewId)));
}
