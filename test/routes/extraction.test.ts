import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractionForm, extractionOfStudies } from '../../src/extraction/extraction-queries.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'desistance';
const FORM = `/reviews/${SLUG}/coding/form`;
const study = (id: number) => `/reviews/${SLUG}/coding/studies/${id}/extraction`;

describe('the extraction form', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let outsider: Client;
  let reviewId: number;
  let otherReviewId: number;
  let ownerId: number;
  let ids: number[];
  /** Field ids by kind, in the order added. */
  const fieldIds: Record<string, number> = {};

  const audit = (action: string) =>
    t.app.db.selectFrom('auditEvent').select(['actorId', 'entityId', 'beforeJson', 'afterJson']).where('reviewId', '=', reviewId).where('action', '=', action).orderBy('id').execute();
  const values = (recordId: number) =>
    t.app.db.selectFrom('extractionValue').select(['fieldId', 'valueJson', 'updatedBy']).where('recordId', '=', recordId).orderBy('fieldId').execute();
  const statusOf = async (recordId: number) =>
    (await t.app.db.selectFrom('extractionStatus').select('status').where('recordId', '=', recordId).executeTakeFirst())?.status ?? 'not_started';

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    for (const [name, email] of [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']]) {
      await addPerson(t.app, owner, { name: name!, email: `${email}@example.org`, password: `${email}-password-1` });
    }
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Desistance and co-operatives', slug: SLUG, question: '', description: '' });
    await owner.post('/reviews', { title: 'Another review', slug: 'another', question: '', description: '' });
    rita = await signIn(t.app, 'rita@example.org', 'rita-password-1');
    await addMember(owner, SLUG, rita, 'rita@example.org');
    outsider = await signIn(t.app, 'otto@example.org', 'otto-password-1');
    reviewId = await reviewIdOf(t.app.db, SLUG);
    otherReviewId = await reviewIdOf(t.app.db, 'another');
    ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    ({ ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: 4 }, (_, i) => ({ title: `Study ${i + 1} of <i>desistance</i>`, authors: [`Author${i}, A.`], year: 2010 + i }))));
    // Studies 1–3 are included; study 4 never gets past screening.
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, ids.slice(0, 3));
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  describe('the builder', () => {
    it('is shown to members, editable by owners only, and to no one else', async () => {
      const page = await owner.get(FORM);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>Extraction form</h1>');
      expect(page.body).toContain('Add a field');
      expect(page.body).toContain('aria-current="page">Coding</a>');

      const seen = await rita.get(FORM);
      expect(seen.statusCode).toBe(200);
      expect(seen.body).not.toContain('Add a field');
      expect(seen.body).toContain('Only review owners change the form.');
      expect((await rita.post(`${FORM}/fields`, { label: 'Sneaky', kind: 'short_text' })).statusCode).toBe(403);

      expect((await outsider.get(FORM)).statusCode).toBe(404);
      expect((await outsider.post(`${FORM}/fields`, { label: 'Sneaky', kind: 'short_text' })).statusCode).toBe(404);
      expect(await t.app.db.selectFrom('extractionField').selectAll().execute()).toEqual([]);
    });

    it('adds a field of every kind, jurisdiction with the default list', async () => {
      await owner.get(FORM);
      const add = async (label: string, kind: string, choices = '', help = '') => {
        const response = await owner.post(`${FORM}/fields`, { label, kind, choices, help });
        expect(response.statusCode).toBe(303);
        const row = await t.app.db.selectFrom('extractionField').select('id').where('reviewId', '=', reviewId).where('label', '=', label).executeTakeFirstOrThrow();
        fieldIds[kind] = row.id;
        expect(response.headers.location).toBe(`${FORM}#extraction-field-${row.id}`);
      };
      await add('Setting', 'short_text', 'ignored\nfor text', 'The organisation studied');
      await add('Findings', 'long_text');
      await add('Sample size', 'number');
      await add('Fieldwork year', 'year');
      await add('Design', 'single_choice', 'Qualitative\nQuantitative\n\n  Mixed methods  ');
      await add('Data', 'multiple_choice', 'Interviews\nSurvey\nDocuments');
      await add('Jurisdiction', 'jurisdiction');
      await add('Peer reviewed', 'yes_no_unclear');

      const form = await extractionForm(t.app.db, reviewId);
      expect(form.map((f) => [f.label, f.kind, f.position])).toEqual([
        ['Setting', 'short_text', 0],
        ['Findings', 'long_text', 1],
        ['Sample size', 'number', 2],
        ['Fieldwork year', 'year', 3],
        ['Design', 'single_choice', 4],
        ['Data', 'multiple_choice', 5],
        ['Jurisdiction', 'jurisdiction', 6],
        ['Peer reviewed', 'yes_no_unclear', 7],
      ]);
      expect(form[0]!.choices).toEqual([]);
      expect(form[0]!.help).toBe('The organisation studied');
      expect(form[4]!.choices).toEqual(['Qualitative', 'Quantitative', 'Mixed methods']);
      expect(form[6]!.choices).toEqual(['England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other']);

      const page = await owner.get(FORM);
      expect(page.body).toContain('Multiple choice</span>');
      expect(page.body).toContain('<li class="chip">Mixed methods</li>');
      const added = await audit('extraction-field.add');
      expect(added).toHaveLength(8);
      expect(JSON.parse(added[4]!.afterJson!)).toEqual({ label: 'Design', help: '', kind: 'single_choice', choices: ['Qualitative', 'Quantitative', 'Mixed methods'] });
      expect(added[0]!.actorId).toBe(ownerId);
    });

    it('refuses a bad field with messages beside the add form, keeping what was typed', async () => {
      const noKind = await owner.post(`${FORM}/fields`, { label: 'Country of origin', kind: '' });
      expect(noKind.statusCode).toBe(422);
      expect(noKind.body).toContain('Choose what kind of field this is.');
      expect(noKind.body).toContain('value="Country of origin"');

      const oneChoice = await owner.post(`${FORM}/fields`, { label: 'Method', kind: 'single_choice', choices: 'Only one' }, { headers: fragment });
      expect(oneChoice.statusCode).toBe(422);
      expect(oneChoice.body.startsWith('<div id="extraction-builder"')).toBe(true);
      expect(oneChoice.body).toContain('Give at least 2 choices, one per line.');

      const twice = await owner.post(`${FORM}/fields`, { label: 'Method', kind: 'multiple_choice', choices: 'Survey\nsurvey' });
      expect(twice.body).toContain('“survey” is there twice.');
      expect((await owner.post(`${FORM}/fields`, { label: ' setting ', kind: 'short_text' })).body).toContain('The form already has a field called “setting”.');
      expect((await owner.post(`${FORM}/fields`, { label: 'x'.repeat(201), kind: 'short_text' })).statusCode).toBe(422);
      expect((await owner.post(`${FORM}/fields`, { label: 'Bad kind', kind: 'date' })).body).toContain('Choose one of the kinds offered.');
      expect((await owner.post(`${FORM}/fields`, { label: 'Too many', kind: 'single_choice', choices: Array.from({ length: 51 }, (_, i) => `C${i}`).join('\n') })).body).toContain('at most 50 choices');
      expect(await t.app.db.selectFrom('extractionField').select('id').where('reviewId', '=', reviewId).execute()).toHaveLength(8);
    });

    it('edits a field in place and reorders fields, answering htmx with the builder', async () => {
      const edited = await owner.post(`${FORM}/fields/${fieldIds.short_text}`, { label: 'Setting studied', help: 'Name the organisation', choices: '' }, { headers: fragment });
      expect(edited.statusCode).toBe(200);
      expect(edited.body.startsWith('<div id="extraction-builder"')).toBe(true);
      expect(edited.body).toContain('Field saved.');
      const edits = await audit('extraction-field.edit');
      expect(JSON.parse(edits.at(-1)!.beforeJson!)).toEqual({ label: 'Setting', help: 'The organisation studied' });
      expect(JSON.parse(edits.at(-1)!.afterJson!)).toEqual({ label: 'Setting studied', help: 'Name the organisation' });

      const moved = await owner.post(`${FORM}/fields/${fieldIds.long_text}/move`, { direction: 'up' });
      expect(moved.statusCode).toBe(303);
      expect((await extractionForm(t.app.db, reviewId)).slice(0, 2).map((f) => f.label)).toEqual(['Findings', 'Setting studied']);
      await owner.post(`${FORM}/fields/${fieldIds.long_text}/move`, { direction: 'up' }); // already first: stays
      await owner.post(`${FORM}/fields/${fieldIds.long_text}/move`, { direction: 'down' });
      expect((await extractionForm(t.app.db, reviewId)).slice(0, 2).map((f) => f.label)).toEqual(['Setting studied', 'Findings']);
      expect(await audit('extraction-field.move')).toHaveLength(2);

      expect((await rita.post(`${FORM}/fields/${fieldIds.short_text}`, { label: 'Hijack' })).statusCode).toBe(403);
      expect((await rita.post(`${FORM}/fields/${fieldIds.short_text}/move`, { direction: 'down' })).statusCode).toBe(403);
      expect((await rita.post(`${FORM}/fields/${fieldIds.short_text}/delete`, {})).statusCode).toBe(403);
      expect((await owner.post(`${FORM}/fields/99999/move`, { direction: 'down' })).statusCode).toBe(404);
      expect((await owner.post(`${FORM}/fields/abc`, { label: 'x' })).statusCode).toBe(404);
    });

    it('refuses another review’s field', async () => {
      const { id } = await t.app.db
        .insertInto('extractionField')
        .values({ reviewId: otherReviewId, position: 0, label: 'Theirs', kind: 'short_text', createdAt: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      fieldIds.foreign = id;
      expect((await owner.post(`${FORM}/fields/${id}`, { label: 'Mine now' })).statusCode).toBe(404);
      expect((await owner.post(`${FORM}/fields/${id}/delete`, { confirm: '0' })).statusCode).toBe(404);
      expect((await t.app.db.selectFrom('extractionField').select('label').where('id', '=', id).executeTakeFirstOrThrow()).label).toBe('Theirs');
    });
  });

  describe('a study’s extraction', () => {
    const full = () => ({
      [`f${fieldIds.short_text}`]: 'Social co-operative in Bologna',
      [`f${fieldIds.long_text}`]: 'Work gave <b>structure</b>.\r\n\r\nHope mattered.',
      [`f${fieldIds.number}`]: '12.50',
      [`f${fieldIds.year}`]: '2016',
      [`f${fieldIds.single_choice}`]: 'Qualitative',
      [`f${fieldIds.jurisdiction}`]: 'Other',
      [`f${fieldIds.jurisdiction}-other`]: 'Germany',
      [`f${fieldIds.yes_no_unclear}`]: 'unclear',
    });
    /** A form body with the multiple-choice field's boxes as repeated values (and its hidden marker). */
    const body = (fields: Record<string, string>, multi: string[] = []) => {
      const params = new URLSearchParams(fields);
      params.append(`f${fieldIds.multiple_choice}`, '');
      for (const v of multi) params.append(`f${fieldIds.multiple_choice}`, v);
      return params;
    };
    /** Posts a form body with repeated names (Client.post takes one value per name), as the client's browser would. */
    const postForm = async (client: Client, url: string, params: URLSearchParams, headers: Record<string, string> = {}) => {
      params.set('_csrf', client.csrfToken);
      const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${client.cookie(name) ?? ''}`).join('; ');
      return t.app.inject({ method: 'POST', url, payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers } });
    };

    it('shows the form for an included study, as a fragment for htmx and as a page', async () => {
      const part = await rita.get(study(ids[0]!), fragment);
      expect(part.statusCode).toBe(200);
      expect(part.body.startsWith(`<section id="extraction-${ids[0]}"`)).toBe(true);
      expect(part.body).toContain('name="_csrf"');
      expect(part.body).toContain(`id="extraction-${ids[0]}-f${fieldIds.number}"`);
      expect(part.body).toContain('type="number" step="any"');
      expect(part.body).toMatch(new RegExp(`<fieldset[^>]*><legend>Design</legend>`));
      expect(part.body).toContain(`type="radio" name="f${fieldIds.yes_no_unclear}" value="unclear"`);
      expect(part.body).toContain(`type="checkbox" name="f${fieldIds.multiple_choice}" value="Survey"`);
      expect(part.body).toContain(`<select id="extraction-${ids[0]}-f${fieldIds.jurisdiction}" name="f${fieldIds.jurisdiction}"`);
      expect(part.body).toContain('Not started');
      expect(part.body).not.toContain('<html');
      expect(part.headers.vary).toContain('HX-Request');

      const page = await rita.get(study(ids[0]!));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<!doctype html>');
      expect(page.body).toContain('Author0 (2010)');
      expect(page.body).toContain('<i>desistance</i>');
      expect(page.body).toContain(`<section id="extraction-${ids[0]}"`);
      expect(page.body).not.toContain('Edit the form');
      expect((await owner.get(study(ids[0]!))).body).toContain('Edit the form');
    });

    it('saves every kind and shows the values back', async () => {
      await rita.get(study(ids[0]!));
      const saved = await postForm(rita, study(ids[0]!), body(full(), ['Documents', 'Interviews']));
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(study(ids[0]!));
      const ritaId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'rita@example.org').executeTakeFirstOrThrow()).id;
      const stored = new Map((await values(ids[0]!)).map((v) => [v.fieldId, v.valueJson]));
      expect(stored.get(fieldIds.short_text!)).toBe('"Social co-operative in Bologna"');
      expect(stored.get(fieldIds.long_text!)).toBe('"Work gave <b>structure</b>.\\n\\nHope mattered."');
      expect(stored.get(fieldIds.number!)).toBe('12.5');
      expect(stored.get(fieldIds.year!)).toBe('2016');
      expect(stored.get(fieldIds.single_choice!)).toBe('"Qualitative"');
      expect(stored.get(fieldIds.multiple_choice!)).toBe('["Interviews","Documents"]');
      expect(stored.get(fieldIds.jurisdiction!)).toBe('"Other: Germany"');
      expect(stored.get(fieldIds.yes_no_unclear!)).toBe('"unclear"');
      expect((await values(ids[0]!)).every((v) => v.updatedBy === ritaId)).toBe(true);
      expect(await statusOf(ids[0]!)).toBe('in_progress');

      expect(String(saved.headers['set-cookie'])).toContain('cv_flash=');
      const page = await rita.get(study(ids[0]!));
      expect(page.body).toContain('value="Social co-operative in Bologna"');
      expect(page.body).toContain('>Work gave &lt;b>structure&lt;/b>.\n\nHope mattered.</textarea>');
      expect(page.body).toContain('value="12.5"');
      expect(page.body).toContain('value="2016"');
      expect(page.body).toMatch(/value="Qualitative" checked/);
      expect(page.body).toMatch(/value="Interviews" checked/);
      expect(page.body).toMatch(/value="Documents" checked/);
      expect(page.body).not.toMatch(/value="Survey" checked/);
      expect(page.body).toMatch(/<option value="Other" selected>/);
      expect(page.body).toContain('value="Germany"');
      expect(page.body).toMatch(/value="unclear" checked/);
      expect(page.body).toContain('8 of 8 fields filled');
      expect(page.body).toContain('In progress');
      expect(page.body).toContain('last saved by Rita Reviewer');

      const saves = await audit('extraction.save');
      expect(saves).toHaveLength(1);
      expect(saves[0]!.entityId).toBe(String(ids[0]));
      expect(JSON.parse(saves[0]!.afterJson!)).toMatchObject({ Data: 'Interviews; Documents', Jurisdiction: 'Other: Germany', 'Peer reviewed': 'Unclear', 'Sample size': '12.5' });
      expect(JSON.parse(saves[0]!.beforeJson!)).toMatchObject({ Data: '' });
      expect(await audit('extraction.status')).toHaveLength(1);
    });

    it('writes only what changed, clears emptied fields, and answers htmx with the section', async () => {
      await rita.get(study(ids[0]!));
      const fields = { ...full(), [`f${fieldIds.number}`]: '', [`f${fieldIds.year}`]: '2017' };
      const response = await postForm(rita, study(ids[0]!), body(fields, ['Documents', 'Interviews']), fragment);
      expect(response.statusCode).toBe(200);
      expect(response.body.startsWith(`<section id="extraction-${ids[0]}"`)).toBe(true);
      expect(response.body).toContain('Saved 2 changes.');
      expect(response.headers['hx-trigger']).toBe('extractionSaved');
      const stored = new Map((await values(ids[0]!)).map((v) => [v.fieldId, v.valueJson]));
      expect(stored.has(fieldIds.number!)).toBe(false);
      expect(stored.get(fieldIds.year!)).toBe('2017');
      const last = (await audit('extraction.save')).at(-1)!;
      expect(JSON.parse(last.beforeJson!)).toEqual({ 'Sample size': '12.5', 'Fieldwork year': '2016' });
      expect(JSON.parse(last.afterJson!)).toEqual({ 'Sample size': '', 'Fieldwork year': '2017' });

      // A field the form did not send (e.g. added while it was open) keeps its value.
      await postForm(rita, study(ids[0]!), new URLSearchParams({ [`f${fieldIds.year}`]: '2018' }));
      expect(new Map((await values(ids[0]!)).map((v) => [v.fieldId, v.valueJson])).get(fieldIds.short_text!)).toBe('"Social co-operative in Bologna"');
    });

    it('refuses invalid values with a message per field and writes nothing', async () => {
      const before = await values(ids[0]!);
      const auditBefore = (await audit('extraction.save')).length;
      const bad = {
        ...full(),
        [`f${fieldIds.short_text}`]: 'Changed but must not be saved',
        [`f${fieldIds.number}`]: '12,5',
        [`f${fieldIds.year}`]: '3016',
        [`f${fieldIds.single_choice}`]: 'Ethnography',
        [`f${fieldIds.jurisdiction}`]: 'Scotland',
        [`f${fieldIds.jurisdiction}-other`]: 'Germany',
        [`f${fieldIds.yes_no_unclear}`]: 'perhaps',
      };
      await rita.get(study(ids[0]!));
      const response = await postForm(rita, study(ids[0]!), body(bad, ['Telepathy']), fragment);
      expect(response.statusCode).toBe(422);
      expect(response.body.startsWith(`<section id="extraction-${ids[0]}"`)).toBe(true);
      expect(response.body).toContain('Nothing was saved: 6 values need correcting.');
      expect(response.body).toContain(`id="extraction-${ids[0]}-f${fieldIds.number}-error">Use a decimal point`);
      expect(response.body).toContain(`id="extraction-${ids[0]}-f${fieldIds.year}-error">Give a year from 1000 to 2999`);
      expect(response.body).toContain('Choose one of the options offered.');
      expect(response.body).toContain('“Telepathy” is not one of the options.');
      expect(response.body).toContain('Choose “Other” to name another jurisdiction');
      expect(response.body).toContain('Choose yes, no or unclear.');
      // What was typed is shown back.
      expect(response.body).toContain('value="Changed but must not be saved"');
      expect(response.body).toContain('value="12,5"');
      expect(await values(ids[0]!)).toEqual(before);
      expect(await audit('extraction.save')).toHaveLength(auditBefore);

      const plain = await postForm(rita, study(ids[0]!), body({ [`f${fieldIds.year}`]: 'soon' }));
      expect(plain.statusCode).toBe(422);
      expect(plain.body).toContain('<!doctype html>');
      expect(plain.body).toContain('Give a year from 1000 to 2999');
    });

    it('refuses a field of another review’s form, writing nothing', async () => {
      const before = await values(ids[0]!);
      await rita.get(study(ids[0]!));
      const response = await postForm(rita, study(ids[0]!), new URLSearchParams({ [`f${fieldIds.short_text}`]: 'New setting', [`f${fieldIds.foreign}`]: 'Injected' }));
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('A field you filled in is not on the review’s extraction form');
      expect(await values(ids[0]!)).toEqual(before);
      expect(await t.app.db.selectFrom('extractionValue').select('recordId').where('fieldId', '=', fieldIds.foreign!).execute()).toEqual([]);
    });

    it('refuses records that are not included studies of this review', async () => {
      await rita.get(study(ids[0]!));
      expect((await rita.get(study(ids[3]!))).statusCode).toBe(404);
      expect((await rita.get(study(ids[3]!), fragment)).statusCode).toBe(404);
      expect((await rita.post(study(ids[3]!), { [`f${fieldIds.short_text}`]: 'x' })).statusCode).toBe(404);
      expect((await rita.post(`${study(ids[3]!)}/status`, { status: 'complete' })).statusCode).toBe(404);
      expect((await rita.get(study(99999999))).statusCode).toBe(404);
      expect((await rita.get(`/reviews/${SLUG}/coding/studies/abc/extraction`)).statusCode).toBe(404);
      const { ids: theirs } = await insertSearch(t.app.db, otherReviewId, [{ title: 'Their study' }]);
      await includeStudies(t.app.db, { reviewId: otherReviewId, actorId: ownerId }, theirs);
      expect((await owner.get(study(theirs[0]!))).statusCode).toBe(404);
      expect((await owner.get(`/reviews/another/coding/studies/${theirs[0]}/extraction`)).statusCode).toBe(200);
      expect(await values(ids[3]!)).toEqual([]);
    });

    it('marks a study complete and back in progress, with the status bar for htmx', async () => {
      await rita.get(study(ids[0]!));
      const done = await rita.post(`${study(ids[0]!)}/status`, { status: 'complete' }, { headers: fragment });
      expect(done.statusCode).toBe(200);
      expect(done.body.startsWith(`<div id="extraction-${ids[0]}-status"`)).toBe(true);
      expect(done.body).toContain('Complete');
      expect(done.body).toContain('Mark in progress');
      expect(await statusOf(ids[0]!)).toBe('complete');

      // Saving a complete study keeps it complete.
      await postForm(rita, study(ids[0]!), new URLSearchParams({ [`f${fieldIds.year}`]: '2019' }));
      expect(await statusOf(ids[0]!)).toBe('complete');

      const back = await rita.post(`${study(ids[0]!)}/status`, { status: 'in_progress' });
      expect(back.statusCode).toBe(303);
      expect(await statusOf(ids[0]!)).toBe('in_progress');
      expect((await rita.post(`${study(ids[0]!)}/status`, { status: 'finished' })).statusCode).toBe(400);

      // "Save and mark complete" does both in one go, even on an untouched study with empty fields.
      await rita.get(study(ids[1]!));
      const both = await postForm(rita, study(ids[1]!), withStatus(body({ [`f${fieldIds.short_text}`]: 'Probation office' })));
      expect(both.statusCode).toBe(303);
      expect(await statusOf(ids[1]!)).toBe('complete');

      const statuses = await audit('extraction.status');
      expect(statuses.map((s) => [JSON.parse(s.beforeJson!).status, JSON.parse(s.afterJson!).status])).toEqual([
        ['not_started', 'in_progress'],
        ['in_progress', 'complete'],
        ['complete', 'in_progress'],
        ['not_started', 'complete'],
      ]);
    });

    it('refuses posts without the CSRF token', async () => {
      expect((await rita.post(study(ids[0]!), { [`f${fieldIds.short_text}`]: 'x' }, { csrf: false })).statusCode).toBe(403);
      expect((await rita.post(`${study(ids[0]!)}/status`, { status: 'complete' }, { csrf: false })).statusCode).toBe(403);
      expect((await owner.post(`${FORM}/fields`, { label: 'No token', kind: 'short_text' }, { csrf: false })).statusCode).toBe(403);
      expect(await t.app.db.selectFrom('extractionField').select('id').where('label', '=', 'No token').execute()).toEqual([]);
    });

    it('is out of reach for non-members', async () => {
      expect((await outsider.get(study(ids[0]!))).statusCode).toBe(404);
      expect((await outsider.post(study(ids[0]!), { [`f${fieldIds.short_text}`]: 'x' })).statusCode).toBe(404);
      expect((await outsider.post(`${study(ids[0]!)}/status`, { status: 'complete' })).statusCode).toBe(404);
    });

    it('reads the extraction of many studies at once for the synthesis', async () => {
      const byStudy = await extractionOfStudies(t.app.db, reviewId, [ids[0]!, ids[1]!, ids[2]!]);
      expect([...byStudy.keys()]).toEqual([ids[0], ids[1], ids[2]]);
      const first = byStudy.get(ids[0]!)!;
      expect(first.status).toBe('in_progress');
      expect(first.values.get(fieldIds.multiple_choice!)).toMatchObject({ json: '["Interviews","Documents"]', display: 'Interviews; Documents' });
      expect(first.values.get(fieldIds.yes_no_unclear!)?.display).toBe('Unclear');
      expect(byStudy.get(ids[1]!)!.status).toBe('complete');
      expect(byStudy.get(ids[2]!)).toMatchObject({ status: 'not_started', statusUpdatedAt: null });
      expect(byStudy.get(ids[2]!)!.values.size).toBe(0);
      expect((await extractionOfStudies(t.app.db, reviewId, [])).size).toBe(0);
    });
  });

  describe('changing a form that holds values', () => {
    it('refuses to remove a choice in use, saying how many studies use it', async () => {
      await owner.get(FORM);
      const refused = await owner.post(`${FORM}/fields/${fieldIds.single_choice}`, { label: 'Design', help: '', choices: 'Quantitative\nMixed methods' }, { headers: fragment });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('“Qualitative” (1 study)');
      expect(refused.body).toContain('<details class="extraction-field-edit" open');
      const multi = await owner.post(`${FORM}/fields/${fieldIds.multiple_choice}`, { label: 'Data', help: '', choices: 'Survey' + '\nObservation' });
      expect(multi.statusCode).toBe(422);
      expect(multi.body).toContain('“Interviews” (1 study), “Documents” (1 study)');
      const place = await owner.post(`${FORM}/fields/${fieldIds.jurisdiction}`, { label: 'Jurisdiction', help: '', choices: 'Scotland\nItaly' });
      expect(place.body).toContain('“Other” (1 study)');
      expect((await extractionForm(t.app.db, reviewId)).find((f) => f.id === fieldIds.single_choice)!.choices).toEqual(['Qualitative', 'Quantitative', 'Mixed methods']);

      // Unused choices go, new ones come, order changes: fine.
      const fine = await owner.post(`${FORM}/fields/${fieldIds.single_choice}`, { label: 'Design', help: '', choices: 'Mixed methods\nQualitative\nCase study' });
      expect(fine.statusCode).toBe(303);
      expect((await extractionForm(t.app.db, reviewId)).find((f) => f.id === fieldIds.single_choice)!.choices).toEqual(['Mixed methods', 'Qualitative', 'Case study']);
    });

    it('deletes a field holding values only at the second, explicit step', async () => {
      await owner.get(FORM);
      const asked = await owner.post(`${FORM}/fields/${fieldIds.year}/delete`, {}, { headers: fragment });
      expect(asked.statusCode).toBe(200);
      expect(asked.body).toContain('“Fieldwork year” holds a value for 1 study.');
      expect(asked.body).toContain('name="confirm" value="1"');
      expect(asked.body).toContain('Delete the field and its 1 value');
      expect(await t.app.db.selectFrom('extractionField').select('id').where('id', '=', fieldIds.year!).execute()).toHaveLength(1);

      // A confirmation for another count (values saved in between) asks again.
      const stale = await owner.post(`${FORM}/fields/${fieldIds.year}/delete`, { confirm: '5' });
      expect(stale.statusCode).toBe(200);
      expect(stale.body).toContain('name="confirm" value="1"');
      expect(await t.app.db.selectFrom('extractionField').select('id').where('id', '=', fieldIds.year!).execute()).toHaveLength(1);

      const gone = await owner.post(`${FORM}/fields/${fieldIds.year}/delete`, { confirm: '1' });
      expect(gone.statusCode).toBe(303);
      expect(await t.app.db.selectFrom('extractionField').select('id').where('id', '=', fieldIds.year!).execute()).toEqual([]);
      expect(await t.app.db.selectFrom('extractionValue').select('recordId').where('fieldId', '=', fieldIds.year!).execute()).toEqual([]);
      const deleted = await audit('extraction-field.delete');
      expect(JSON.parse(deleted.at(-1)!.beforeJson!)).toMatchObject({ label: 'Fieldwork year', kind: 'year', values: 1 });
      expect((await extractionForm(t.app.db, reviewId)).map((f) => f.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it('deletes a field without values at once', async () => {
      await owner.get(FORM);
      await owner.post(`${FORM}/fields`, { label: 'Unused', kind: 'short_text' });
      const unused = (await extractionForm(t.app.db, reviewId)).find((f) => f.label === 'Unused')!;
      const gone = await owner.post(`${FORM}/fields/${unused.id}/delete`, {}, { headers: fragment });
      expect(gone.statusCode).toBe(200);
      expect(gone.body).toContain('Field “Unused” deleted.');
      expect((await extractionForm(t.app.db, reviewId)).some((f) => f.label === 'Unused')).toBe(false);
    });
  });
});

function withStatus(params: URLSearchParams): URLSearchParams {
  params.set('status', 'complete');
  return params;
}
