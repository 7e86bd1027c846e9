import type { OrderedItem } from '../../src/reviews/ordered-items.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { CsrfField, FormTokenField } from '../components/forms.js';

export interface OrderedListModel {
  /** URL segment of the kind: `criteria` or `reasons`. */
  kindPath: string;
  list: string;
  title: string;
  hint: string;
  addLabel: string;
  items: OrderedItem[];
  canEdit: boolean;
  /** The form adding an item, with its one-time token (for those who edit). */
  add?: CreatingForm;
  error?: string;
}

/** Where a kind's lists are edited: /reviews/:slug/criteria or …/reasons. */
export const listBase = (slug: string, kindPath: string) => `/reviews/${slug}/${kindPath}`;

export function sectionId(kindPath: string, list: string): string {
  return `${kindPath}-${list}`;
}

/**
 * One editable ordered list. Each form posts normally without JavaScript; with htmx the answer is
 * this same section, swapped in place.
 */
export function OrderedListSection({ model, slug, csrfToken }: { model: OrderedListModel; slug: string; csrfToken: string }) {
  const base = listBase(slug, model.kindPath);
  const id = sectionId(model.kindPath, model.list);
  const swap = { 'hx-target': 'closest section', 'hx-swap': 'outerHTML' };
  return (
    <section id={id} class="ordered-list" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{model.title}</h3>
      {model.error && <p class="error" role="alert">{model.error}</p>}
      {model.items.length === 0 && <p class="empty">None yet. {model.canEdit ? model.hint : ''}</p>}
      <ol>
        {model.items.map((item, index) => (
          <li key={item.id}>
            {model.canEdit ? (
              <div class="item-row">
                <form method="post" action={`${base}/items/${item.id}`} hx-post={`${base}/items/${item.id}`} {...swap} class="item-edit">
                  <CsrfField token={csrfToken} />
                  <input type="hidden" name="list" value={model.list} />
                  <label class="visually-hidden" for={`item-${item.id}`}>{`${model.title} ${index + 1}`}</label>
                  <input id={`item-${item.id}`} name="text" value={item.text} required />
                  <button type="submit" class="button-secondary">Save</button>
                </form>
                <ItemAction url={`${base}/items/${item.id}/move`} csrfToken={csrfToken} label="Move up" text="↑" field={['direction', 'up']} disabled={index === 0} />
                <ItemAction url={`${base}/items/${item.id}/move`} csrfToken={csrfToken} label="Move down" text="↓" field={['direction', 'down']} disabled={index === model.items.length - 1} />
                <ItemAction url={`${base}/items/${item.id}/remove`} csrfToken={csrfToken} label={`Remove "${item.text}"`} text="Remove" />
              </div>
            ) : (
              item.text
            )}
          </li>
        ))}
      </ol>
      {model.add && (
        <form method="post" action={model.add.action} hx-post={model.add.action} {...swap} class="item-add">
          <CsrfField token={csrfToken} />
          <FormTokenField form={model.add} />
          <label class="visually-hidden" for={`${id}-new`}>{model.addLabel}</label>
          <input id={`${id}-new`} name="text" placeholder={model.addLabel} required />
          <button type="submit">Add</button>
        </form>
      )}
    </section>
  );
}

function ItemAction(props: { url: string; csrfToken: string; label: string; text: string; field?: [string, string]; disabled?: boolean }) {
  return (
    <form method="post" action={props.url} hx-post={props.url} hx-target="closest section" hx-swap="outerHTML" class="inline">
      <CsrfField token={props.csrfToken} />
      {props.field && <input type="hidden" name={props.field[0]} value={props.field[1]} />}
      <button type="submit" class="button-icon" aria-label={props.label} title={props.label} disabled={props.disabled}>
        {props.text}
      </button>
    </form>
  );
}
