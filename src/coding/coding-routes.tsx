import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { create as contentDisposition } from 'content-disposition';
import { codeGroups } from '../../views/coding/code-parts.js';
import { CodebookPage, CodebookRegion, type CodebookModel, type FailedForm } from '../../views/coding/codebook-page.js';
import { CodingPage } from '../../views/coding/coding-page.js';
import { ExcerptsRegion, StudyCodesRegion, StudyCodingPage, StudyMemoRegion, type ExcerptDraft, type StudyCodingModel } from '../../views/coding/study-coding-page.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { sendError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { redirectAfterPost, wantsFragment } from '../http/htmx.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { uploadedFiles } from '../http/uploads.js';
import { readCounters } from '../reviews/stage-counters.js';
import { includedStudies } from '../studies/included-studies.js';
import { colourStylesheet, colourVersion } from './code-colours.js';
import { CodebookFileError } from './codebook-json.js';
import { MAX_IMPORT_BYTES } from './codebook-rules.js';
import { addCode, addTemplate, deleteCode, editCode, exportCodebook, importCodebook, mergeCode, moveCode, reparentCode, type CodingContext } from './codebook-service.js';
import { codebookTree, codeUsage, codingOfStudies, codingProgress, flattenCodebook, type CodeNode } from './coding-queries.js';
import { addExcerpt, assertIncludedStudy, deleteExcerpt, editExcerpt, setStudyCode, setStudyMemo } from './coding-service.js';
import { pathId } from '../http/path-params.js';
import { positiveInt } from '../http/query-values.js';

const param = (request: FastifyRequest, name: string, what: string) => pathId(request, name, `There is no such ${what} in this review.`);
const idOf = (value: string) => positiveInt(value);

/** The colours stylesheet's address, versioned by the colours so a change shows at once. */
function coloursHref(base: string, codes: readonly Pick<CodeNode, 'id' | 'colour'>[]): string {
  return `${base}/colours.css?v=${colourVersion([...codes].sort((a, b) => a.id - b.id))}`;
}

type StudyPart = 'codes' | 'excerpts' | 'memo';
type StudyState = Pick<StudyCodingModel, 'codes' | 'excerpts' | 'memo'>;

/**
 * Coding, inside /reviews/:slug: the overview, the codebook (owners edit it; every member reads it)
 * and the coding page of each included study (any member codes). Changes answer htmx with the
 * region they change (422 with the problems), and plain forms with a redirect or the page.
 */
export async function codingRoutes(app: FastifyInstance) {
  // Only this plugin's routes: a codebook file over its limit gets its own message.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
      const message = `Import one codebook file of at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Nothing was imported.`;
      return sendError(request, reply, { status: 413, title: 'Too large', message });
    }
    throw error;
  });

  const ctx = (request: FastifyRequest): CodingContext => ({ reviewId: currentReview(request).id, actorId: request.account!.id });
  const baseOf = (request: FastifyRequest) => `/reviews/${currentReview(request).slug}/coding`;
  const nav = (request: FastifyRequest) => {
    const review = currentReview(request);
    return { slug: review.slug, title: review.title, isOwner: review.role === 'owner', section: 'coding' as const };
  };

  // ---------------------------------------------------------------------------------------------
  // Overview

  app.get('/coding', async (request, reply) => {
    const review = currentReview(request);
    const base = baseOf(request);
    const [studies, progress, tree, usage, counters] = await Promise.all([
      includedStudies(app.db, review.id),
      codingProgress(app.db, review.id),
      codebookTree(app.db, review.id),
      codeUsage(app.db, review.id),
      readCounters(app.db, review.id),
    ]);
    const none = { codes: 0, excerpts: 0, memo: false };
    const model = {
      base,
      slug: review.slug,
      coloursHref: coloursHref(base, flattenCodebook(tree)),
      isOwner: review.role === 'owner',
      studies: studies.map((s) => ({ ...s, progress: progress.get(s.id) ?? none })),
      tree,
      usage,
      coded: counters.studies_coded,
      excerpts: counters.excerpts,
    };
    return sendPage(reply, <CodingPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />);
  });

  app.get('/coding/colours.css', async (request, reply) => {
    const codes = await app.db.selectFrom('code').select(['id', 'colour']).where('reviewId', '=', currentReview(request).id).orderBy('id').execute();
    const etag = `"${colourVersion(codes)}"`;
    reply.header('Cache-Control', 'private, no-cache').header('ETag', etag).type('text/css; charset=utf-8');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(colourStylesheet(codes));
  });

  // ---------------------------------------------------------------------------------------------
  // The codebook

  async function codebookModel(request: FastifyRequest, reply: FastifyReply, state: { notice?: string; failed?: FailedForm } = {}): Promise<CodebookModel> {
    const review = currentReview(request);
    const base = baseOf(request);
    const [tree, usage] = await Promise.all([codebookTree(app.db, review.id), codeUsage(app.db, review.id)]);
    const flat = flattenCodebook(tree);
    return { base, coloursHref: coloursHref(base, flat), csrfToken: reply.generateCsrf(), isOwner: review.role === 'owner', tree, flat, usage, ...state };
  }

  async function sendCodebook(request: FastifyRequest, reply: FastifyReply, state: { notice?: string; failed?: FailedForm }, status = 200) {
    const model = await codebookModel(request, reply, state);
    if (wantsFragment(request)) return sendFragment(reply, <CodebookRegion model={model} />, status);
    return sendPage(reply, <CodebookPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />, status);
  }

  /** Runs a codebook change: the region (htmx) or a redirect back (a plain form); a refusal shows the form again with its problems. */
  async function codebookChange(request: FastifyRequest, reply: FastifyReply, form: string, values: Record<string, string> | undefined, run: () => Promise<{ notice: string; anchor?: string }>) {
    let outcome: { notice: string; anchor?: string };
    try {
      outcome = await run();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendCodebook(request, reply, { failed: { form, errors: error.fields, values } }, 422);
    }
    if (wantsFragment(request)) return sendCodebook(request, reply, { notice: outcome.notice });
    setFlash(reply, outcome.notice);
    return redirectAfterPost(request, reply, `${baseOf(request)}/codebook${outcome.anchor ? `#${outcome.anchor}` : ''}`);
  }

  app.get('/coding/codebook', async (request, reply) => sendCodebook(request, reply, {}));

  app.get('/coding/codebook.json', async (request, reply) => {
    const review = currentReview(request);
    const json = await exportCodebook(app.db, review.id);
    return reply
      .type('application/json; charset=utf-8')
      .header('Content-Disposition', contentDisposition(`${review.slug}-codebook.json`))
      .header('Cache-Control', 'private, no-store')
      .send(json);
  });

  const owner = { preHandler: requireReviewOwner };

  function codeFields(request: FastifyRequest) {
    const form = new FormInput(request.body);
    // Lengths are the service's to judge (its messages name the limits); this only bounds the input.
    const values = {
      name: form.text('name', { label: 'Name', max: 10_000 }),
      description: form.text('description', { label: 'Description', max: 100_000 }),
      colour: form.text('colour', { label: 'Colour', max: 20 }),
    };
    return { form, values };
  }

  app.post('/coding/codebook/codes', owner, async (request, reply) => {
    const { form, values } = codeFields(request);
    const parentText = form.text('parentId', { label: 'Parent', max: 20 });
    const parentId = parentText === '' ? null : idOf(parentText);
    const formName = parentId === null ? 'add-top' : `add-${parentId}`;
    return codebookChange(request, reply, formName, values, async () => {
      if (parentText !== '' && parentId === null) form.fail('parentId', 'That parent code is not in this codebook.');
      form.assertValid();
      const id = await addCode(app.db, ctx(request), { parentId, ...values });
      return { notice: `Added “${values.name.replace(/\s+/g, ' ').trim()}”.`, anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId', owner, async (request, reply) => {
    const id = param(request, 'codeId', 'code');
    const { form, values } = codeFields(request);
    return codebookChange(request, reply, `edit-${id}`, values, async () => {
      form.assertValid();
      const changed = await editCode(app.db, ctx(request), id, values);
      return { notice: changed ? 'Code saved.' : 'Nothing to change.', anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/move', owner, async (request, reply) => {
    const id = param(request, 'codeId', 'code');
    const form = new FormInput(request.body);
    const direction = form.oneOf('direction', ['up', 'down'] as const, 'Direction');
    return codebookChange(request, reply, `move-${id}`, undefined, async () => {
      form.assertValid();
      const moved = await moveCode(app.db, ctx(request), id, direction);
      return { notice: moved ? `Moved ${direction}.` : `Already at the ${direction === 'up' ? 'top' : 'bottom'}.`, anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/parent', owner, async (request, reply) => {
    const id = param(request, 'codeId', 'code');
    const form = new FormInput(request.body);
    const parentText = form.text('parentId', { label: 'Parent', max: 20 });
    const parentId = parentText === '' ? null : idOf(parentText);
    return codebookChange(request, reply, `parent-${id}`, undefined, async () => {
      if (parentText !== '' && parentId === null) form.fail('parentId', 'That parent code is not in this codebook.');
      form.assertValid();
      const moved = await reparentCode(app.db, ctx(request), id, parentId);
      return { notice: moved ? 'Code moved.' : 'It is already there.', anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/merge', owner, async (request, reply) => {
    const id = param(request, 'codeId', 'code');
    const form = new FormInput(request.body);
    const intoText = form.text('into', { label: 'Code to merge into', max: 20 });
    const into = idOf(intoText);
    return codebookChange(request, reply, `merge-${id}`, undefined, async () => {
      if (into === null) form.fail('into', 'Choose the code to merge into.');
      form.assertValid();
      const s = await mergeCode(app.db, ctx(request), id, into!);
      const moved = s.studyCodesMoved + s.excerptCodesMoved;
      const collapsed = s.studyCodesCollapsed + s.excerptCodesCollapsed;
      const notice = `Merged “${s.from}” into “${s.into}”: ${moved} ${moved === 1 ? 'use' : 'uses'} moved`
        + (collapsed > 0 ? `, ${collapsed} already there` : '')
        + (s.subCodesMoved.length + s.subCodesMerged.length > 0 ? `, ${s.subCodesMoved.length + s.subCodesMerged.length} sub-codes moved or merged` : '')
        + '.';
      return { notice, anchor: `code-${into}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/delete', owner, async (request, reply) => {
    const id = param(request, 'codeId', 'code');
    return codebookChange(request, reply, `delete-${id}`, undefined, async () => {
      await deleteCode(app.db, ctx(request), id);
      return { notice: 'Code deleted.' };
    });
  });

  app.post('/coding/codebook/template', owner, async (request, reply) => {
    return codebookChange(request, reply, 'template', undefined, async () => {
      const added = await addTemplate(app.db, ctx(request));
      return { notice: `Added the framework: ${added} codes in four groups. Adapt it as you need.` };
    });
  });

  app.post(
    '/coding/codebook/import',
    { ...owner, config: { multipartOptions: { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } } } },
    async (request, reply) => {
      const [file] = uploadedFiles(request.body, 'file');
      try {
        if (!file || file.size === 0) throw new ValidationError({ file: 'Choose a codebook file (.json) to import.' });
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file.tempPath));
        } catch {
          throw new CodebookFileError(['The file is not UTF-8 text, so it is not a codebook file. Nothing was imported.']);
        }
        const added = await importCodebook(app.db, ctx(request), text, file.fileName);
        setFlash(reply, `Imported ${added} ${added === 1 ? 'code' : 'codes'} from ${file.fileName || 'the file'}.`);
        return redirectAfterPost(request, reply, `${baseOf(request)}/codebook`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const model = await codebookModel(request, reply, { failed: { form: 'import', errors: error.fields } });
        return sendPage(reply, <CodebookPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />, 422);
      }
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Coding one study

  /** The study's record id: 404 outside the review; a record that is not an included study is refused calmly. */
  async function includedStudyParam(request: FastifyRequest): Promise<number> {
    const id = param(request, 'id', 'record');
    await assertIncludedStudy(app.db, currentReview(request).id, id);
    return id;
  }

  async function studyModel(request: FastifyRequest, reply: FastifyReply, recordId: number, state: StudyState): Promise<StudyCodingModel> {
    const review = currentReview(request);
    const base = baseOf(request);
    const [studies, tree, coding, record] = await Promise.all([
      includedStudies(app.db, review.id),
      codebookTree(app.db, review.id),
      codingOfStudies(app.db, review.id, [recordId]),
      app.db.selectFrom('record').select('abstract').where('reviewId', '=', review.id).where('id', '=', recordId).executeTakeFirst(),
    ]);
    const index = studies.findIndex((s) => s.id === recordId);
    const study = studies[index];
    if (!study || !record) throw new NotFoundError(`Record #${recordId} is not an included study of this review.`);
    const flat = flattenCodebook(tree);
    return {
      base,
      studyBase: `${base}/studies/${recordId}`,
      coloursHref: coloursHref(base, flat),
      csrfToken: reply.generateCsrf(),
      study: { ...study, abstract: record.abstract, recordHref: `/reviews/${review.slug}/records/${recordId}` },
      nav: {
        index,
        total: studies.length,
        previous: index > 0 ? { id: studies[index - 1]!.id, label: studies[index - 1]!.label } : null,
        next: index < studies.length - 1 ? { id: studies[index + 1]!.id, label: studies[index + 1]!.label } : null,
      },
      groups: codeGroups(tree),
      codesById: new Map(flat.map((c) => [c.id, c])),
      coding: coding.get(recordId)!,
      ...state,
    };
  }

  const REGIONS = { codes: StudyCodesRegion, excerpts: ExcerptsRegion, memo: StudyMemoRegion } as const;
  const ANCHORS = { codes: 'study-codes', excerpts: 'excerpts', memo: 'study-memo' } as const;

  async function sendStudy(request: FastifyRequest, reply: FastifyReply, recordId: number, part: StudyPart, state: StudyState, status = 200) {
    const model = await studyModel(request, reply, recordId, state);
    if (wantsFragment(request)) {
      const Region = REGIONS[part];
      return sendFragment(reply, <Region model={model} />, status);
    }
    return sendPage(reply, <StudyCodingPage ctx={pageContext(request, reply)} review={nav(request)} model={model} />, status);
  }

  /**
   * Runs a change on a study. Success: the region (htmx) or back to the page with the notice.
   * A record that is not an included study: 422 with the reason. Other refusals: the region again
   * with the problems (`refused` builds its state).
   */
  async function studyChange(
    request: FastifyRequest,
    reply: FastifyReply,
    part: StudyPart,
    run: (recordId: number) => Promise<string>,
    refused: (errors: FieldErrors) => StudyState,
  ) {
    const recordId = param(request, 'id', 'record');
    let notice: string;
    try {
      await assertIncludedStudy(app.db, currentReview(request).id, recordId);
      notice = await run(recordId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (error.fields.study) return sendError(request, reply, { status: 422, title: 'Not an included study', message: error.fields.study });
      return sendStudy(request, reply, recordId, part, refused(error.fields), 422);
    }
    if (wantsFragment(request)) return sendStudy(request, reply, recordId, part, { [part]: { notice } });
    setFlash(reply, notice);
    return redirectAfterPost(request, reply, `${baseOf(request)}/studies/${recordId}#${ANCHORS[part]}`);
  }

  app.get('/coding/studies/:id', async (request, reply) => {
    let recordId: number;
    try {
      recordId = await includedStudyParam(request);
    } catch (error) {
      if (error instanceof ValidationError) throw new NotFoundError(Object.values(error.fields).join(' '));
      throw error;
    }
    return sendStudy(request, reply, recordId, 'codes', {});
  });

  app.post('/coding/studies/:id/codes', async (request, reply) => {
    const form = new FormInput(request.body);
    const applyText = form.text('apply', { label: 'Code', max: 20 });
    const removeText = form.text('remove', { label: 'Code', max: 20 });
    const applied = applyText !== '';
    const codeId = idOf(applied ? applyText : removeText);
    return studyChange(
      request,
      reply,
      'codes',
      async (recordId) => {
        if ((applyText === '') === (removeText === '') || codeId === null) throw new ValidationError({ code: 'Choose one code to apply or remove.' });
        form.assertValid();
        const changed = await setStudyCode(app.db, ctx(request), recordId, codeId, applied);
        const code = await app.db.selectFrom('code').select('name').where('id', '=', codeId).executeTakeFirst();
        const name = code ? `“${code.name}”` : 'The code';
        if (!changed) return applied ? `${name} was already applied.` : `${name} was not applied.`;
        return applied ? `Applied ${name}.` : `Removed ${name}.`;
      },
      (errors) => ({ codes: { error: Object.values(errors).join(' ') } }),
    );
  });

  /** The excerpt form's values as typed (codes as the ids sent); problems with the ids are recorded. */
  function excerptInput(request: FastifyRequest): { form: FormInput; draft: ExcerptDraft } {
    const form = new FormInput(request.body);
    // Lengths are the service's to judge: its messages name the limits and the count.
    const text = form.text('text', { label: 'Quoted text', max: 1_000_000, trim: false });
    const location = form.text('location', { label: 'Page or location', max: 10_000 });
    const memo = form.text('memo', { label: 'Memo', max: 1_000_000, trim: false });
    const raw = (request.body as Record<string, unknown> | undefined)?.codeIds;
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const codeIds = values.map(idOf);
    if (codeIds.some((id) => id === null)) form.fail('codeIds', 'Choose codes from this review’s codebook.');
    return { form, draft: { text, location, memo, codeIds: codeIds.filter((id): id is number => id !== null) } };
  }

  app.post('/coding/studies/:id/excerpts', async (request, reply) => {
    const { form, draft } = excerptInput(request);
    return studyChange(
      request,
      reply,
      'excerpts',
      async (recordId) => {
        form.assertValid();
        await addExcerpt(app.db, ctx(request), recordId, draft);
        return 'Excerpt added.';
      },
      (errors) => ({ excerpts: { draft, errors } }),
    );
  });

  app.post('/coding/studies/:id/excerpts/:excerptId', async (request, reply) => {
    const excerptId = param(request, 'excerptId', 'excerpt');
    const { form, draft } = excerptInput(request);
    return studyChange(
      request,
      reply,
      'excerpts',
      async (recordId) => {
        form.assertValid();
        const changed = await editExcerpt(app.db, ctx(request), excerptId, draft, recordId);
        return changed ? 'Excerpt saved.' : 'Nothing to change in the excerpt.';
      },
      (errors) => ({ excerpts: { editing: { id: excerptId, draft, errors } } }),
    );
  });

  app.post('/coding/studies/:id/excerpts/:excerptId/delete', async (request, reply) => {
    const excerptId = param(request, 'excerptId', 'excerpt');
    return studyChange(
      request,
      reply,
      'excerpts',
      async (recordId) => {
        await deleteExcerpt(app.db, ctx(request), excerptId, recordId);
        return 'Excerpt deleted.';
      },
      (errors) => ({ excerpts: { errors } }),
    );
  });

  app.post('/coding/studies/:id/memo', async (request, reply) => {
    const form = new FormInput(request.body);
    const memo = form.text('memo', { label: 'Memo', max: 1_000_000, trim: false });
    return studyChange(
      request,
      reply,
      'memo',
      async (recordId) => {
        form.assertValid();
        const changed = await setStudyMemo(app.db, ctx(request), recordId, memo);
        return changed ? 'Memo saved.' : 'The memo was already so.';
      },
      (errors) => ({ memo: { errors, draft: memo } }),
    );
  });
}
