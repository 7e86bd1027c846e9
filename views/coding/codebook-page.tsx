import { codeClass } from '../../src/coding/code-colours.js';
import type { CodeNode, CodeUsage } from '../../src/coding/coding-queries.js';
import { MAX_DEPTH, MAX_DESCRIPTION, MAX_NAME } from '../../src/coding/codebook-rules.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { CsrfField, FormTokenField } from '../components/forms.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ColoursLink, count, Swatch, usageText } from './code-parts.js';

/** A form that was refused: which one (`edit-12`, `add-top`, `import`…), its problems and what was typed. */
export interface FailedForm {
  form: string;
  errors: FieldErrors;
  values?: Record<string, string>;
}

export interface CodebookModel {
  /** /reviews/:slug/coding */
  base: string;
  coloursHref: string;
  csrfToken: string;
  isOwner: boolean;
  tree: CodeNode[];
  /** Depth-first, for the "move to" and "merge into" lists. */
  flat: CodeNode[];
  usage: Map<number, CodeUsage>;
  /** The forms that add codes, with their one-time tokens (every change swaps them with new ones). */
  forms: { addCode: CreatingForm; addTemplate: CreatingForm; importFile: CreatingForm };
  notice?: string;
  failed?: FailedForm;
}

const LEVELS = ['group', 'code', 'sub-code'] as const;
const region = { 'hx-target': '#codebook', 'hx-swap': 'outerHTML' };

function height(node: CodeNode): number {
  return Math.max(0, ...node.children.map((c) => 1 + height(c)));
}

function within(node: CodeNode): Set<number> {
  const ids = new Set<number>();
  const walk = (n: CodeNode) => {
    ids.add(n.id);
    n.children.forEach(walk);
  };
  walk(node);
  return ids;
}

function Problems({ errors }: { errors?: FieldErrors }) {
  if (!errors) return null;
  return (
    <div class="alert alert-error" role="alert">
      {Object.entries(errors).map(([key, message]) => <p key={key}>{message}</p>)}
    </div>
  );
}

/** Name, description, colour and origin: adding and editing share them. */
function CodeFields({ prefix, values, errors, colourHint }: { prefix: string; values: { name: string; description: string; colour: string; origin: string }; errors?: FieldErrors; colourHint?: string }) {
  const id = (name: string) => `f-${prefix}-${name}`;
  return (
    <div class="code-fields">
      <div class={errors?.name ? 'field has-error' : 'field'}>
        <label for={id('name')}>Name</label>
        <input id={id('name')} name="name" type="text" value={values.name} required maxLength={MAX_NAME} />
      </div>
      <div class="field field-colour">
        <label for={id('colour')}>Colour</label>
        <input id={id('colour')} name="colour" type="color" value={values.colour} aria-describedby={colourHint ? id('colour-hint') : undefined} />
      </div>
      <div class={errors?.description ? 'field field-wide has-error' : 'field field-wide'}>
        <label for={id('description')}>Description <span class="muted">(what coders should look for)</span></label>
        <textarea id={id('description')} name="description" rows={2} maxLength={MAX_DESCRIPTION}>{values.description}</textarea>
      </div>
      {colourHint && <p class="hint field-wide" id={id('colour-hint')}>{colourHint}</p>}
      <fieldset class={errors?.origin ? 'field field-wide code-origin-choice has-error' : 'field field-wide code-origin-choice'}>
        <legend>Origin</legend>
        <label><input type="radio" name="origin" value="a_priori" id={id('origin-a-priori')} checked={values.origin !== 'emergent'} /> A-priori: part of the framework the review started from</label>
        <label><input type="radio" name="origin" value="emergent" id={id('origin-emergent')} checked={values.origin === 'emergent'} /> Emergent: arose from the data, outside that framework</label>
      </fieldset>
    </div>
  );
}

/** The origin a refused form was sent with, else the one to show. */
const originOf = (failed: FailedForm | undefined, fallback: string) => failed?.values?.origin || fallback;

function NodeEditor({ model, node }: { model: CodebookModel; node: CodeNode }) {
  const action = (suffix = '') => `${model.base}/codebook/codes/${node.id}${suffix}`;
  const failed = model.failed && model.failed.form.endsWith(`-${node.id}`) ? model.failed : undefined;
  const failedOn = (form: string) => (failed?.form === `${form}-${node.id}` ? failed : undefined);
  const edit = failedOn('edit');
  const add = failedOn('add');
  const inside = within(node);
  const tall = height(node);
  const parents = model.flat.filter((c) => !inside.has(c.id) && c.depth + 1 + tall < MAX_DEPTH);
  const others = model.flat.filter((c) => !inside.has(c.id));
  const uses = model.usage.get(node.id);
  const used = [...inside].some((id) => model.usage.has(id));
  const level = LEVELS[node.depth] ?? 'code';
  return (
    <details class="code-editor" open={failed !== undefined}>
      <summary>Edit <span class="visually-hidden">“{node.name}”</span></summary>
      <div class="code-editor-body">
        <form method="post" action={action()} hx-post={action()} {...region} class="code-form">
          <h4>Name, description, colour and origin</h4>
          <CsrfField token={model.csrfToken} />
          <Problems errors={edit?.errors} />
          <CodeFields
            prefix={`edit-${node.id}`}
            values={{ name: edit?.values?.name ?? node.name, description: edit?.values?.description ?? node.description, colour: node.colour, origin: originOf(edit, node.origin) }}
            errors={edit?.errors}
            colourHint={node.children.length > 0 ? 'Sub-codes with the same colour follow a new one.' : undefined}
          />
          <button type="submit">Save</button>
        </form>

        {node.depth + 1 < MAX_DEPTH && (
          <form method="post" action={model.forms.addCode.action} hx-post={model.forms.addCode.action} {...region} class="code-form">
            <h4>Add a {LEVELS[node.depth + 1]} to “{node.name}”</h4>
            <CsrfField token={model.csrfToken} />
            <FormTokenField form={model.forms.addCode} />
            <input type="hidden" name="parentId" value={String(node.id)} />
            <Problems errors={add?.errors} />
            {/* A new code starts with its parent's origin: codes under an emergent theme emerged too. */}
            <CodeFields prefix={`add-${node.id}`} values={{ name: add?.values?.name ?? '', description: add?.values?.description ?? '', colour: node.colour, origin: originOf(add, node.origin) }} errors={add?.errors} />
            <button type="submit">Add {LEVELS[node.depth + 1]}</button>
          </form>
        )}

        <div class="code-form code-form-small">
          <form method="post" action={action('/parent')} hx-post={action('/parent')} {...region}>
            <h4>Move to</h4>
            <CsrfField token={model.csrfToken} />
            <Problems errors={failedOn('parent')?.errors} />
            <div class="inline-pick">
              <label class="visually-hidden" for={`f-parent-${node.id}`}>Move “{node.name}” under</label>
              <select id={`f-parent-${node.id}`} name="parentId">
                <option value="" selected={node.parentId === null}>Top level (a group)</option>
                {parents.map((p) => <option key={p.id} value={String(p.id)} selected={p.id === node.parentId}>{p.path.join(' › ')}</option>)}
              </select>
              <button type="submit" class="button-secondary">Move</button>
            </div>
          </form>

          <form
            method="post"
            action={action('/merge')}
            hx-post={action('/merge')}
            {...region}
            data-confirm={`Merge “${node.name}” into the code you chose? Every study and excerpt coded “${node.name}” will carry that code instead, its sub-codes move there, and “${node.name}” is deleted. The history keeps what moved.`}
          >
            <h4>Merge into</h4>
            <CsrfField token={model.csrfToken} />
            <Problems errors={failedOn('merge')?.errors} />
            <div class="inline-pick">
              <label class="visually-hidden" for={`f-merge-${node.id}`}>Merge “{node.name}” into</label>
              <select id={`f-merge-${node.id}`} name="into" required>
                <option value="">Choose a code…</option>
                {others.map((o) => <option key={o.id} value={String(o.id)}>{o.path.join(' › ')}</option>)}
              </select>
              <button type="submit" class="button-secondary">Merge</button>
            </div>
          </form>

          <form
            method="post"
            action={action('/delete')}
            hx-post={action('/delete')}
            {...region}
            data-confirm={`Delete the ${level} “${node.name}”${node.children.length > 0 ? ' and its sub-codes' : ''}?`}
          >
            <h4>Delete</h4>
            <CsrfField token={model.csrfToken} />
            <Problems errors={failedOn('delete')?.errors} />
            {used ? (
              <p class="hint">
                {uses ? <>Applied to {count(uses.studies, 'study', 'studies')} and {count(uses.excerpts, 'excerpt')}</> : 'Its sub-codes are in use'}: merge it into another code instead.
              </p>
            ) : (
              <button type="submit" class="button-danger">Delete {level}{node.children.length > 0 ? ' and sub-codes' : ''}</button>
            )}
          </form>
        </div>
      </div>
    </details>
  );
}

function Node({ model, node }: { model: CodebookModel; node: CodeNode }) {
  const uses = model.usage.get(node.id);
  const move = `${model.base}/codebook/codes/${node.id}/move`;
  return (
    <li class={`codebook-node depth-${node.depth} ${codeClass(node.id)}`} id={`code-${node.id}`} data-code={node.id}>
      <div class="codebook-entry">
        <div class="codebook-row">
          <Swatch id={node.id} />
          <span class="code-name">{node.name}</span>
          {node.origin === 'emergent' && <span class="badge code-origin" title="Emerged from the data, outside the a-priori framework">emergent</span>}
          <span class="code-uses muted">{usageText(uses)}</span>
          {model.isOwner && (
            <form method="post" action={move} hx-post={move} {...region} class="code-move">
              <CsrfField token={model.csrfToken} />
              <button type="submit" name="direction" value="up" id={`code-${node.id}-up`} class="button-icon" aria-label={`Move “${node.name}” up`}>↑</button>
              <button type="submit" name="direction" value="down" id={`code-${node.id}-down`} class="button-icon" aria-label={`Move “${node.name}” down`}>↓</button>
            </form>
          )}
        </div>
        {node.description && <p class="code-description">{node.description}</p>}
        {/* Its summary sits in the row (app.css), the forms open below the description. */}
        {model.isOwner && <NodeEditor model={model} node={node} />}
      </div>
      {node.children.length > 0 && (
        <ul class="codebook-children">
          {node.children.map((child) => <Node key={child.id} model={model} node={child} />)}
        </ul>
      )}
    </li>
  );
}

/** The tree with its forms: the region every codebook change answers with. */
export function CodebookRegion({ model }: { model: CodebookModel }) {
  const addTop = model.failed?.form === 'add-top' ? model.failed : undefined;
  const otherFailure = model.failed && !/-\d+$/.test(model.failed.form) && model.failed.form !== 'add-top' && model.failed.form !== 'import' ? model.failed : undefined;
  return (
    <div id="codebook">
      <ColoursLink href={model.coloursHref} />
      {model.notice && <div class="alert alert-ok" role="status">{model.notice}</div>}
      <Problems errors={otherFailure?.errors} />
      {model.tree.length === 0 ? (
        <div class="empty-state">
          <h2>The codebook is empty</h2>
          {model.isOwner ? (
            <>
              <p>Start from the team’s framework — Level × Direction, the seven themes, Jurisdiction — and adapt it, import a codebook file, or add groups one by one.</p>
              <form method="post" action={model.forms.addTemplate.action} hx-post={model.forms.addTemplate.action} {...region}>
                <CsrfField token={model.csrfToken} />
                <FormTokenField form={model.forms.addTemplate} />
                <button type="submit">Add the desistance / social co-operatives framework</button>
              </form>
            </>
          ) : (
            <p>An owner of the review sets up the codebook.</p>
          )}
        </div>
      ) : (
        <ul class={model.isOwner ? 'codebook editable' : 'codebook'}>
          {model.tree.map((node) => <Node key={node.id} model={model} node={node} />)}
        </ul>
      )}
      {model.isOwner && (
        <details class="card code-add-group" open={addTop !== undefined}>
          <summary>Add a group</summary>
          <form method="post" action={model.forms.addCode.action} hx-post={model.forms.addCode.action} {...region} class="code-form">
            <CsrfField token={model.csrfToken} />
            <FormTokenField form={model.forms.addCode} />
            <input type="hidden" name="parentId" value="" />
            <Problems errors={addTop?.errors} />
            <CodeFields prefix="add-top" values={{ name: addTop?.values?.name ?? '', description: addTop?.values?.description ?? '', colour: addTop?.values?.colour || '#5b7db1', origin: originOf(addTop, 'a_priori') }} errors={addTop?.errors} />
            <button type="submit">Add group</button>
          </form>
        </details>
      )}
    </div>
  );
}

function ImportForm({ model }: { model: CodebookModel }) {
  const failed = model.failed?.form === 'import' ? model.failed : undefined;
  return (
    <details class="card codebook-import" open={failed !== undefined}>
      <summary>Import a codebook file</summary>
      <form method="post" action={model.forms.importFile.action} enctype="multipart/form-data">
        <CsrfField token={model.csrfToken} />
        <FormTokenField form={model.forms.importFile} />
        <Problems errors={failed?.errors} />
        <div class="field">
          <label for="f-codebook-file">Codebook file (.json)</label>
          <input id="f-codebook-file" name="file" type="file" accept=".json,application/json" required aria-describedby="f-codebook-file-hint" />
          <p class="hint" id="f-codebook-file-hint">
            A file downloaded from Coreview, or written by hand: <code>{'{ "coreviewCodebook": 1, "codes": [{ "name", "description", "colour", "origin", "children": [ … ] }] }'}</code>
            (<code>origin</code> is <code>"a_priori"</code>, the default, or <code>"emergent"</code>).
            Its groups are added after the ones here; all of it or, if anything is wrong, nothing.
          </p>
        </div>
        <button type="submit" class="button-secondary">Import</button>
      </form>
    </details>
  );
}

export function CodebookPage({ ctx, review, model }: { ctx: PageContext; review: ReviewNav; model: CodebookModel }) {
  return (
    <Layout ctx={ctx} title="Codebook" review={review}>
      <p class="breadcrumb"><a href={model.base}>← Coding</a></p>
      <div class="page-head">
        <h1>Codebook</h1>
        {model.tree.length > 0 && <a class="button button-secondary" href={`${model.base}/codebook.json`} download>Download JSON</a>}
      </div>
      <p class="lede">
        Groups, codes and sub-codes, with what coders should look for. Codes belong to the a-priori
        framework unless marked <span class="badge code-origin">emergent</span>: those arose from the data.
        {model.isOwner ? ' Owners edit it; every change is kept in the review history.' : ' Only owners of the review change it.'}
      </p>
      {model.isOwner && <ImportForm model={model} />}
      <CodebookRegion model={model} />
    </Layout>
  );
}
