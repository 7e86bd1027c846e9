// Never lose typing silently: a page holding text typed and not saved asks before it is left, by a
// link, a key (J/K), a reload or closing the tab (beforeunload), and before an htmx request whose
// answer would replace that form (confirm()).
//
// A form is unsaved when it posts (method="post" or hx-post) and one of its fields differs from what
// the server sent (value vs defaultValue, checked vs defaultChecked, selected vs defaultSelected), or
// when the server sent it back refused (an error shown in it) with something typed in it. Sending a
// form ends its asking: a plain submission leaves the page as asked, and an htmx one that succeeds
// makes what was sent the form's new saved state (the answer usually replaces the form anyway).
// Opt out with data-no-unsaved on a form or a field (for text kept elsewhere, such as drafts).

const KEPT_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'password']);
// htmx swaps that remove what is in their target; the others only add beside or inside it.
const REPLACING_SWAPS = new Set(['innerhtml', 'outerhtml', 'textcontent', 'delete', 'innermorph', 'outermorph']);

function posts(form) {
  return form.method === 'post' || form.hasAttribute('hx-post') || form.hasAttribute('hx-put') || form.hasAttribute('hx-patch');
}

function watched(form) {
  return [...form.elements].filter((field) => !(field instanceof HTMLInputElement && KEPT_TYPES.has(field.type)) && !field.closest('[data-no-unsaved]'));
}

function changed(field) {
  if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) return field.checked !== field.defaultChecked;
  if (field instanceof HTMLInputElement) return field.value !== sentValue(field);
  if (field instanceof HTMLTextAreaElement) return field.value !== field.defaultValue;
  if (field instanceof HTMLSelectElement) {
    const options = [...field.options];
    // A single select without a selected="" option shows its first one: that is what was sent.
    const shown = !field.multiple && options.every((option) => !option.defaultSelected) ? options[0] : undefined;
    return options.some((option) => option.selected !== (option.defaultSelected || option === shown));
  }
  return false;
}

// What the field showed when the server sent it: its value="" as the browser cleans it for the
// type (line breaks dropped from text, colours lower-cased…), so an untouched field is never unsaved.
function sentValue(field) {
  const probe = document.createElement('input');
  probe.type = field.type;
  probe.value = field.defaultValue;
  return probe.value;
}

function typedIn(field) {
  return (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && !['checkbox', 'radio'].includes(field.type) && field.value.trim() !== '';
}

function refused(form) {
  return form.querySelector('.has-error, [aria-invalid="true"], .error, [role="alert"]') !== null;
}

/** The forms on the page holding what was typed and not saved, each with its first such field. */
function unsavedForms() {
  const found = [];
  for (const form of document.forms) {
    if (!posts(form) || form.closest('[data-no-unsaved]')) continue;
    const fields = watched(form);
    const field = fields.find(changed) ?? (refused(form) ? fields.find(typedIn) : undefined);
    if (field) found.push({ form, field });
  }
  return found;
}

function fieldName(field) {
  const label = field.labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim();
  return label ? `“${label}”` : 'a form';
}

// The form whose plain submission is leaving the page: what it holds is being saved.
let sending = null;
window.addEventListener('submit', (event) => {
  if (!event.defaultPrevented && event.target instanceof HTMLFormElement) sending = event.target;
});

window.addEventListener('beforeunload', (event) => {
  const lost = unsavedForms().filter(({ form }) => form !== sending);
  sending = null;
  if (lost.length === 0) return;
  event.preventDefault();
  // Older browsers show the dialog only when returnValue is set; its text is the browser's own.
  event.returnValue = '';
});

document.addEventListener('htmx:config:request', (event) => {
  const { ctx } = event.detail;
  const own = ctx.sourceElement.closest('form') ?? ctx.sourceElement.form;
  const swap = String(ctx.swap ?? '').trim().split(/\s+/)[0].toLowerCase();
  if (!(ctx.target instanceof Element) || !REPLACING_SWAPS.has(swap)) return;
  const lost = unsavedForms().filter(({ form }) => form !== own && ctx.target.contains(form));
  if (lost.length === 0) return;
  const message = `What you typed in ${fieldName(lost[0].field)} is not saved, and would be lost. Leave it and go on?`;
  if (!window.confirm(message)) event.preventDefault();
});

// An htmx form sent and accepted is saved: what it holds becomes what it started from.
document.addEventListener('htmx:after:request', (event) => {
  const { ctx } = event.detail;
  const form = ctx.sourceElement.closest('form') ?? ctx.sourceElement.form;
  if (!form || !form.isConnected || !(ctx.response?.status < 400)) return;
  for (const field of form.elements) {
    if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.defaultChecked = field.checked;
    else if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.defaultValue = field.value;
    else if (field instanceof HTMLSelectElement) for (const option of field.options) option.defaultSelected = option.selected;
  }
});
