import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { create as contentDisposition } from 'content-disposition';
import { CodebookPage, CodebookRegion, type CodebookModel, type FailedForm } from '../../views/coding/codebook-page.js';
import { ValidationError } from '../domain-errors.js';
import { sendError } from '../http/errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { redirectAfterPost, wantsFragment } from '../http/htmx.js';
import { positiveInt } from '../http/query-values.js';
import { pageContext, sendFragment, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { uploadedFiles } from '../http/uploads.js';
import { colourStylesheet, colourVersion } from './code-colours.js';
import { CodebookFileError } from './codebook-json.js';
import { isCodeOrigin, MAX_IMPORT_BYTES } from './codebook-rules.js';
import { addCode, deleteCode, editCode, mergeCode, moveCode, reparentCode } from './codebook-service.js';
import { addTemplate, exportCodebook, importCodebook } from './codebook-transfer.js';
import { codingBase, codingContext, codingNav, coloursHref, idParam } from './coding-route-parts.js';
import { codebookTree, codeUsage, flattenCodebook } from './coding-queries.js';
import { includedStudies } from '../studies/included-studies.js';

/**
 * The codebook, inside /reviews/:slug: every member reads it and its colours; owners edit, merge,
 * import and add the framework template. Changes answer htmx with the codebook region (422 with
 * the problems), and plain forms with a redirect or the page.
 */
export async function codebookRoutes(app: FastifyInstance) {
  // Only this plugin's routes: a codebook file over its limit gets its own message.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
      const message = `Import one codebook file of at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Nothing was imported.`;
      return sendError(request, reply, { status: 413, title: 'Too large', message });
    }
    throw error;
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
    const base = codingBase(request);
    const [tree, usage] = await Promise.all([codebookTree(app.db, review.id), includedStudies(app.db, review.id).then((studies) => codeUsage(app.db, review.id, studies))]);
    const flat = flattenCodebook(tree);
    const creating = (path: string) => creatingForm(request, `${base}/codebook/${path}`);
    const forms = { addCode: creating('codes'), addTemplate: creating('template'), importFile: creating('import') };
    return { base, coloursHref: coloursHref(base, flat), csrfToken: reply.generateCsrf(), isOwner: review.role === 'owner', tree, flat, usage, forms, ...state };
  }

  async function sendCodebook(request: FastifyRequest, reply: FastifyReply, state: { notice?: string; failed?: FailedForm }, status = 200) {
    const model = await codebookModel(request, reply, state);
    if (wantsFragment(request)) return sendFragment(reply, <CodebookRegion model={model} />, status);
    return sendPage(reply, <CodebookPage ctx={pageContext(request, reply)} review={codingNav(request)} model={model} />, status);
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
    return redirectAfterPost(request, reply, `${codingBase(request)}/codebook${outcome.anchor ? `#${outcome.anchor}` : ''}`);
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
      origin: form.text('origin', { label: 'Origin', max: 20 }),
    };
    if (values.origin !== '' && !isCodeOrigin(values.origin)) form.fail('origin', 'Choose whether the code is part of the a-priori framework or emerged from the data.');
    // Not sent (an older form): a new code is a-priori, an edited one keeps its origin.
    const input = { ...values, origin: isCodeOrigin(values.origin) ? values.origin : undefined };
    return { form, values, input };
  }

  app.post('/coding/codebook/codes', owner, async (request, reply) => {
    const { form, values, input } = codeFields(request);
    const parentText = form.text('parentId', { label: 'Parent', max: 20 });
    const parentId = parentText === '' ? null : positiveInt(parentText);
    const formName = parentId === null ? 'add-top' : `add-${parentId}`;
    return codebookChange(request, reply, formName, values, async () => {
      if (parentText !== '' && parentId === null) form.fail('parentId', 'That parent code is not in this codebook.');
      form.assertValid();
      const id = await createOnce(request, (trx) => addCode(trx, codingContext(request), { parentId, ...input }));
      return { notice: `Added “${values.name.replace(/\s+/g, ' ').trim()}”.`, anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId', owner, async (request, reply) => {
    const id = idParam(request, 'codeId', 'code');
    const { form, values, input } = codeFields(request);
    return codebookChange(request, reply, `edit-${id}`, values, async () => {
      form.assertValid();
      const changed = await editCode(app.db, codingContext(request), id, input);
      return { notice: changed ? 'Code saved.' : 'Nothing to change.', anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/move', owner, async (request, reply) => {
    const id = idParam(request, 'codeId', 'code');
    const form = new FormInput(request.body);
    const direction = form.oneOf('direction', ['up', 'down'] as const, 'Direction');
    return codebookChange(request, reply, `move-${id}`, undefined, async () => {
      form.assertValid();
      const moved = await moveCode(app.db, codingContext(request), id, direction);
      return { notice: moved ? `Moved ${direction}.` : `Already at the ${direction === 'up' ? 'top' : 'bottom'}.`, anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/parent', owner, async (request, reply) => {
    const id = idParam(request, 'codeId', 'code');
    const form = new FormInput(request.body);
    const parentText = form.text('parentId', { label: 'Parent', max: 20 });
    const parentId = parentText === '' ? null : positiveInt(parentText);
    return codebookChange(request, reply, `parent-${id}`, undefined, async () => {
      if (parentText !== '' && parentId === null) form.fail('parentId', 'That parent code is not in this codebook.');
      form.assertValid();
      const moved = await reparentCode(app.db, codingContext(request), id, parentId);
      return { notice: moved ? 'Code moved.' : 'It is already there.', anchor: `code-${id}` };
    });
  });

  app.post('/coding/codebook/codes/:codeId/merge', owner, async (request, reply) => {
    const id = idParam(request, 'codeId', 'code');
    const form = new FormInput(request.body);
    const intoText = form.text('into', { label: 'Code to merge into', max: 20 });
    const into = positiveInt(intoText);
    return codebookChange(request, reply, `merge-${id}`, undefined, async () => {
      if (into === null) form.fail('into', 'Choose the code to merge into.');
      form.assertValid();
      const s = await mergeCode(app.db, codingContext(request), id, into!);
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
    const id = idParam(request, 'codeId', 'code');
    return codebookChange(request, reply, `delete-${id}`, undefined, async () => {
      await deleteCode(app.db, codingContext(request), id);
      return { notice: 'Code deleted.' };
    });
  });

  app.post('/coding/codebook/template', owner, async (request, reply) => {
    return codebookChange(request, reply, 'template', undefined, async () => {
      const added = await createOnce(request, (trx) => addTemplate(trx, codingContext(request)));
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
        const added = await createOnce(request, (trx) => importCodebook(trx, codingContext(request), text, file.fileName));
        setFlash(reply, `Imported ${added} ${added === 1 ? 'code' : 'codes'} from ${file.fileName || 'the file'}.`);
        return redirectAfterPost(request, reply, `${codingBase(request)}/codebook`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const model = await codebookModel(request, reply, { failed: { form: 'import', errors: error.fields } });
        return sendPage(reply, <CodebookPage ctx={pageContext(request, reply)} review={codingNav(request)} model={model} />, 422);
      }
    },
  );

}
